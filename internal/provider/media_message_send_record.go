package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/content"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/sendrecord"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sendlog"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The message resource's use of the record of sends (package sendrecord):
// Create records each attempt of its send (sendrecord.Record.Hooks); a
// planned create whose message the record holds adopts the recorded message
// ID instead of sending again (adoptRecorded); Read prunes what the state
// holds; Delete forgets what the user destroyed.

// messageRecordKey is what names m's send in the record rec, and false when
// part of it is not known yet (the plan cannot tell then; the send is
// recorded at apply) or the record is off.
func messageRecordKey(rec *sendrecord.Record, m mediaMessageModel) (string, bool) {
	recipient, err := whatsapp.CanonicalRecipient(m.To.ValueString())
	if rec == nil || err != nil || m.To.IsUnknown() {
		return "", false
	}
	msg, ok := namedByContent(rec, m.Content).Identity(rec.Sender(), recipient, m.RecipientType, content.SentByMessage)
	return msg.Key(), ok
}

// adoptRecorded looks a planned create up in the record. A recorded send
// with a message ID is adopted: the plan carries its ID, and Create writes it
// into state without sending. A recorded send without an answer is an unknown
// outcome: the plan says so and Create records it as one (nothing is sent,
// the apply fails, and the user decides, as for any unknown outcome).
func adoptRecorded(ctx context.Context, rec *sendrecord.Record, plan *mediaMessageModel) diag.Diagnostics {
	var diags diag.Diagnostics
	key, ok := messageRecordKey(rec, *plan)
	if !ok {
		return diags
	}
	e, err := rec.Find(key)
	if err != nil {
		diags.Append(sendRecordUnreadable(rec, err))
		return diags
	}
	if e == nil {
		return diags
	}
	plan.SentAt = types.StringValue(recordedAt(*e))
	if e.Outcome == sendlog.Accepted {
		plan.ID = types.StringValue(e.MessageID)
		plan.Outcome = types.StringValue(outcomeAccepted)
		tflog.Debug(ctx, "adopting a recorded send", map[string]any{"message_id": e.MessageID, "send_record": rec.Path()})
		diags.AddWarning("WhatsApp Message Already Sent: Adopted",
			fmt.Sprintf("The %s message to %q was already sent at %s (message ID %q), but no state holds it: the state "+
				"that should have was lost (a crash or a killed run). This apply records that message ID in state and sends "+
				"nothing. Found in the record of sends at %s. To send it again anyway, change a triggers value.",
				plan.Type.ValueString(), plan.To.ValueString(), recordedAt(*e), e.MessageID, rec.Path()))
		return diags
	}
	plan.Outcome = types.StringValue(outcomeUnknown)
	diags.AddWarning("WhatsApp Message May Already Have Been Sent",
		fmt.Sprintf("A send of the %s message to %q started at %s and its answer never came back (the run was "+
			"stopped or crashed), and no state holds it. This apply does not send it: it records the message with "+
			"outcome = \"unknown\", as tainted, and fails. Check with the recipient. %s Otherwise apply again to send "+
			"it. Found in the record of sends at %s.", plan.Type.ValueString(), plan.To.ValueString(), recordedAt(*e),
			untaintAdvice, rec.Path()))
	return diags
}

// recordSeen prunes a send the state holds: by its message ID, or, for a
// send the state keeps as an unknown outcome (tainted, no ID), by its key, so
// that the replacement the user applies sends it (Terraform plans the
// replacement of a tainted object as a create). Best effort: a send left in
// the record is only adopted where no state holds it.
func recordSeen(ctx context.Context, rec *sendrecord.Record, state mediaMessageModel) {
	key := ""
	if state.Outcome.ValueString() == outcomeUnknown {
		key, _ = messageRecordKey(rec, state)
	}
	if rec == nil || key == "" && !isSet(state.ID) {
		return
	}
	if err := rec.Seen(key, state.ID.ValueString()); err != nil {
		tflog.Debug(ctx, "could not prune the record of sends", map[string]any{"error": err.Error()})
	}
}

// recordForget drops a destroyed message from the record, so that creating
// it again sends it again.
func recordForget(rec *sendrecord.Record, state mediaMessageModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if rec == nil {
		return diags
	}
	key, _ := messageRecordKey(rec, state)
	if err := rec.Forget(key, state.ID.ValueString()); err != nil {
		d := sendsNotForgotten(rec, fmt.Sprintf("The destroyed message to %q", state.To.ValueString()), err)
		diags.AddAttributeWarning(path.Root("id"), d.Summary(), d.Detail())
	}
	return diags
}
