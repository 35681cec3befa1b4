package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// sendOnce is how every send action (whatsapp_send_media_message today; a
// template message action will call it too) sends: it says what it is doing
// while it does it, calls send once, and words the outcome so the user knows
// whether the message may have reached the recipient. The client retries
// only answers that prove the message was not taken, so calling send again
// here could deliver a message twice.
//
// summary is the error's title ("Unable to Send WhatsApp Media Message"),
// attempted says what is sent ("Sending an image message to ...").
func sendOnce(ctx context.Context, resp *action.InvokeResponse, summary, attempted string,
	send func(context.Context) (*whatsapp.SentMessage, error)) {
	progress(resp, attempted+".")
	tflog.Debug(ctx, "sending WhatsApp message (action)")
	sent, err := send(ctx)
	switch {
	case whatsapp.IsOutcomeUnknown(err):
		resp.Diagnostics.Append(mayHaveBeenSent(attempted+" failed in a way that leaves the outcome unknown.",
			"An action keeps no record of its sends, so check with the recipient, your webhook or the WhatsApp "+
				"Manager before invoking it again: invoking it again sends another message.", err))
	case err != nil:
		resp.Diagnostics.Append(apiErrorDiagnostic(summary,
			attempted+" failed, and WhatsApp did not take the message: nothing was sent. Fix the cause below, "+
				"then invoke the action again.", err))
	default:
		progress(resp, fmt.Sprintf("WhatsApp accepted the message %s (accepted, not yet delivered: "+
			"delivery is reported on the webhook).", sent.ID))
		tflog.Debug(withLogFields(ctx, "message_id", sent.ID, "message_status", sent.Status), "sent WhatsApp message (action)")
	}
}

// progress shows message in the CLI's output while the action runs.
func progress(resp *action.InvokeResponse, message string) {
	if resp.SendProgress != nil {
		resp.SendProgress(action.InvokeProgressEvent{Message: message})
	}
}
