package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/receiverapi"
)

// The customer service window at plan time. WhatsApp delivers a free-form
// message (a media message without a template) only to a customer who wrote
// to the business in the last 24 hours; to anyone else the API still answers
// with a message ID and reports later, on the webhook, that the message
// failed (131047 on Cloud, 470 On-Premises). The apply succeeds and nothing
// arrives. A delivery store keeps the customer messages its webhook received
// (internal/receiver), so a plan that sends free-form asks it who wrote, and
// says before anything is sent who will not get the message. It warns and
// never refuses: the store knows only what reached its webhook, and it
// matches a recipient by the digits of their number, which is their wa_id
// for nearly every customer but not every one.

// customerWindow is how long a customer's message lets the business send
// free-form messages.
const customerWindow = 24 * time.Hour

// windowFacts is what the delivery store said of the recipients' windows.
type windowFacts struct {
	asked  bool     // a store was asked
	closed []string // recipients with no message of theirs in the last 24 hours, in the order given
	err    error    // the store could not be read
}

// closedWindows asks the delivery store which of recipients (canonical: the
// digits WhatsApp writes as a wa_id) did not write in the last 24 hours. A
// short list is asked by name; a long one reads every customer message of
// the last 24 hours, which is fewer requests than naming 1,000 at a time.
func closedWindows(ctx context.Context, store *receiverapi.Client, recipients []string) windowFacts {
	f := windowFacts{asked: true}
	since := time.Now().Add(-customerWindow)
	var senders []string
	if len(recipients) <= receiverapi.MaxMessageIDs {
		senders = recipients
	}
	inbound, err := store.InboundSince(ctx, since, senders)
	if err != nil {
		f.err = err
		return f
	}
	wrote := make(map[string]bool, len(inbound))
	for _, m := range inbound {
		wrote[m.WaID] = true
	}
	for _, r := range recipients {
		if !wrote[r] {
			f.closed = append(f.closed, r)
		}
	}
	return f
}

// messageWindowWarning is the message resource's warning when its recipient
// did not write in the last 24 hours, or when the store could not tell.
func messageWindowWarning(f windowFacts, recipient string) diag.Diagnostics {
	var diags diag.Diagnostics
	switch {
	case !f.asked:
	case f.err != nil:
		diags.AddAttributeWarning(path.Root("to"), "WhatsApp Customer Service Window Not Checked",
			fmt.Sprintf("The delivery store could not be read to tell whether %s wrote to the business in the last 24 "+
				"hours, the only time a free-form message reaches them: %v. Check that the receiver is running and "+
				"that delivery_store_token is its read token.", recipient, f.err))
	case len(f.closed) > 0:
		diags.AddAttributeWarning(path.Root("to"), "WhatsApp Recipient Outside the 24-Hour Window",
			fmt.Sprintf("%s has not written to the business in the last 24 hours, as far as the delivery store knows. "+
				"This message is free-form (no template): WhatsApp accepts it and then reports it failed (131047 on "+
				"Cloud, 470 On-Premises), so the apply succeeds and nothing arrives; delivery shows the failure on "+
				"refresh. To reach them, send the media as the header of an approved template (template), or apply "+
				"after they write. %s", recipient, storeSeesOnly))
	}
	return diags
}

// windowNote is the sentence the plan warning of a broadcast or a campaign
// adds for a free-form send when a store was asked.
func windowNote(f windowFacts, sending int) string {
	switch {
	case !f.asked:
		return ""
	case f.err != nil:
		return fmt.Sprintf(" The delivery store could not be read to tell who wrote in the last 24 hours: %v.", f.err)
	case len(f.closed) == 0:
		return fmt.Sprintf(" Per the delivery store, each of the %d recipient(s) sent wrote in the last 24 hours.", sending)
	}
	return fmt.Sprintf(" Per the delivery store, %d of the %d recipient(s) sent have not written in the last 24 hours "+
		"and will not get it: %s. %s", len(f.closed), sending, firstFew(f.closed), storeSeesOnly)
}

// storeSeesOnly says why the store may think a customer did not write.
const storeSeesOnly = "The store knows only the customer messages that reached its webhook: one written before the " +
	"webhook pointed at the receiver (or while it was down) is not there."
