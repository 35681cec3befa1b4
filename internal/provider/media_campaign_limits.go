package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The phone number's limits, read at plan time before anything is sent
// (Cloud: GET /{phone-number-id}?fields=messaging_limit_tier,throughput,
// whatsapp.GetPhoneNumber). The messaging limit tier is how many unique
// customers the number may start conversations with in a rolling 24 hours
// (TIER_250 ... TIER_100K, TIER_UNLIMITED); the throughput level is how many
// messages per second it may send (STANDARD: 80; HIGH: up to 1,000).
// On-Premises has no such call: nothing is read there.

// tierLimit is the customers per 24 hours of a tier, and whether it has one
// the provider can read (TIER_UNLIMITED has none; an unknown name, e.g.
// UNTIERED, is not guessed at).
func tierLimit(tier string) (limit int, limited, known bool) {
	if tier == "TIER_UNLIMITED" {
		return 0, false, true
	}
	n, ok := strings.CutPrefix(tier, "TIER_")
	if !ok {
		return 0, false, false
	}
	mult := 1
	if k, isK := strings.CutSuffix(n, "K"); isK {
		n, mult = k, 1000
	}
	v, err := strconv.Atoi(n)
	if err != nil || v <= 0 {
		return 0, false, false
	}
	return v * mult, true, true
}

// throughputPerSecond is the messages per second of a throughput level, or 0
// when the level is not one Meta documents a rate for.
func throughputPerSecond(level string) int {
	switch level {
	case "STANDARD":
		return 80
	case "HIGH":
		return 1000
	}
	return 0
}

// checkLimits reads the number's limits and says, before anything is sent,
// what they mean for a campaign that sends to `sends` people: an error when
// the tier cannot take them (unless ignore_messaging_limit), a warning when
// the sends take long at the number's throughput.
func (r *mediaCampaignResource) checkLimits(ctx context.Context, m mediaCampaignModel, sends int) diag.Diagnostics {
	var diags diag.Diagnostics
	if r.client == nil || r.client.Flavor() != whatsapp.Cloud || sends == 0 {
		return diags
	}
	info, err := r.client.GetPhoneNumber(ctx, "")
	if err != nil {
		diags.AddWarning("WhatsApp Messaging Limit Not Checked",
			"The plan could not read the phone number's messaging limit tier and throughput, so it cannot say whether "+
				"the number may message this many people today: "+describeAPIError(err))
		return diags
	}
	limit, limited, known := tierLimit(info.MessagingLimitTier)
	switch {
	case !known && info.MessagingLimitTier != "":
		diags.AddWarning("WhatsApp Messaging Limit Not Checked",
			fmt.Sprintf("The phone number's messaging limit tier is %q, which the provider cannot read as a number of "+
				"customers, so the plan does not check the campaign's %d send(s) against it.", info.MessagingLimitTier, sends))
	case limited && sends > limit:
		detail := fmt.Sprintf("This plan sends to %d people, and the phone number's messaging limit tier is %s: WhatsApp "+
			"lets it start conversations with at most %d unique customers in a rolling 24 hours, so at least %d of "+
			"these sends would be refused (more if the number messaged others in the last 24 hours). What to do: split "+
			"the file into parts of at most %d rows and apply one part a day (rows already sent stay sent: add the next "+
			"part to the same file); or raise the tier (WhatsApp raises it as the number sends good-quality messages to "+
			"more customers; see the phone number in WhatsApp Manager).",
			sends, info.MessagingLimitTier, limit, sends-limit, limit)
		if m.IgnoreMessagingLimit.ValueBool() {
			diags.AddAttributeWarning(path.Root("ignore_messaging_limit"), "WhatsApp Campaign Exceeds the Messaging Limit",
				detail+" ignore_messaging_limit is set, so the apply sends anyway: the refused sends count as failed and "+
					"the next apply sends them again.")
		} else {
			diags.AddAttributeError(path.Root("recipients_file"), "WhatsApp Campaign Exceeds the Messaging Limit",
				detail+" Nothing was sent. To send anyway (the tier was just raised), set ignore_messaging_limit = true.")
		}
	}
	if rate := throughputPerSecond(info.Throughput); rate > 0 {
		if least := time.Duration(sends/rate) * time.Second; least >= time.Minute {
			diags.AddWarning("WhatsApp Campaign Takes a While",
				fmt.Sprintf("At the phone number's throughput (%s: about %d messages per second), the %d send(s) take at "+
					"least %s; the apply waits that long. An interrupted apply (Ctrl-C) keeps what was sent, and the "+
					"next apply sends the rest.", info.Throughput, rate, sends, least))
		}
	}
	return diags
}
