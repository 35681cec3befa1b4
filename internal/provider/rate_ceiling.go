package provider

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// max_messages_per_second: an optional ceiling on message sends. Below it the
// client paces sends by the API's throttling answers on its own.

const envMaxMessagesPerSecond = "WHATSAPP_MAX_MESSAGES_PER_SECOND"

// maxMessagesPerSecondDescription is the argument's documentation.
const maxMessagesPerSecondDescription = "The most message sends per second this provider makes, across all " +
	"`whatsapp_media_message` resources of the apply (`-parallelism` only sets how many run at once). " +
	"Unset, sends go as fast as the API accepts them: after the first throttling answer (429, or 503 on " +
	"On-Premises, or a Cloud throughput error) every send follows one shared pace learnt from the API's answers, " +
	"so parallel sends slow down and speed up together and a throttled send is never sent twice. Set it to stay " +
	"under a limit you know without a single throttling answer: Meta's Cloud API allows 80 messages per second " +
	"per business phone number by default (more after Meta raises it); a BSP gateway may allow less. " +
	"Must be more than 0; fractions such as `0.5` are allowed. Environment: `" + envMaxMessagesPerSecond + "`."

// positiveNumber rejects zero, negative and non-finite values.
type positiveNumber struct{}

func (positiveNumber) Description(context.Context) string { return "must be more than 0" }
func (v positiveNumber) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (positiveNumber) ValidateFloat64(_ context.Context, req validator.Float64Request, resp *validator.Float64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if n := req.ConfigValue.ValueFloat64(); !(n > 0) || math.IsInf(n, 0) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid WhatsApp Provider Argument",
			fmt.Sprintf("%s is %v: it must be a number of messages per second more than 0, e.g. 20. "+
				"Leave it out to send at the pace the API accepts.", req.Path, n))
	}
}

// maxMessagesPerSecond resolves the ceiling from the configuration, then the
// environment; 0 means none.
func (s *settings) maxMessagesPerSecond(v types.Float64) float64 {
	const attr = "max_messages_per_second"
	if !s.known(attr, envMaxMessagesPerSecond, v) {
		return 0
	}
	if !v.IsNull() {
		return v.ValueFloat64()
	}
	raw, ok := s.env(envMaxMessagesPerSecond)
	if !ok || strings.TrimSpace(raw) == "" {
		return 0
	}
	n, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil || !(n > 0) || math.IsInf(n, 0) {
		s.invalid(attr, envMaxMessagesPerSecond, raw, "it must be a number of messages per second more than 0, e.g. 20.")
		return 0
	}
	return n
}
