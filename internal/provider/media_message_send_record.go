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
// ID instead of sending again (adoptSent); Read prunes what the state
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

// adoptSent looks a planned create up in the record of sends and, with a
// delivery store, in WhatsApp's statuses (delivery_store_sends.go):
//   - a recorded send with a message ID is adopted: the plan carries its ID,
//     and Create writes it into state without sending;
//   - a recorded send without an answer is settled from the statuses when
//     WhatsApp reported its label: adopted as above, and the record told;
//     otherwise it is an unknown outcome: the plan says so and Create records
//     it as one (nothing is sent, the apply fails, and the user decides);
//   - a send the record does not know is adopted when the store holds its
//     label: a run that lost the state and the record (another machine) sent it.
func (r *mediaMessageResource) adoptSent(ctx context.Context, plan *mediaMessageModel) diag.Diagnostics {
	var diags diag.Diagnostics
	rec := r.sends
	var e *sendlog.Entry
	if key, ok := messageRecordKey(rec, *plan); ok {
		var err error
		if e, err = rec.Find(key); err != nil {
			diags.Append(sendRecordUnreadable(rec, err))
		}
	}
	if e != nil && e.Outcome == sendlog.Accepted {
		plan.SentAt = types.StringValue(recordedAt(*e))
		adoptPlanned(plan, e.MessageID)
		tflog.Debug(ctx, "adopting a recorded send", map[string]any{"message_id": e.MessageID, "send_record": rec.Path()})
		diags.AddWarning("WhatsApp Message Already Sent: Adopted",
			fmt.Sprintf("The %s message to %q was already sent at %s (message ID %q), but no state holds it: the state "+
				"that should have was lost (a crash or a killed run). This apply records that message ID in state and sends "+
				"nothing. Found in the record of sends at %s. To send it again anyway, change a triggers value.",
				plan.Type.ValueString(), plan.To.ValueString(), recordedAt(*e), e.MessageID, rec.Path()))
		return diags
	}
	found, d := r.sentPerStore(ctx, *plan, e != nil)
	diags.Append(d...)
	if found != nil {
		plan.SentAt = types.StringValue(timestamp(found.At))
		adoptPlanned(plan, found.MessageID)
		if e != nil {
			if err := rec.Settle(e.Send, found.MessageID, found.At); err != nil {
				tflog.Debug(ctx, "could not settle the record of sends", map[string]any{"error": err.Error()})
			}
			diags.AddWarning("WhatsApp Message Already Sent: Settled From Its Statuses",
				fmt.Sprintf("A send of the %s message to %q started at %s and its answer never came back, but WhatsApp "+
					"reported it in the delivery store: it was accepted as message ID %q (first status at %s). This apply "+
					"records that message ID in state and sends nothing. To send it again anyway, change a triggers value.",
					plan.Type.ValueString(), plan.To.ValueString(), recordedAt(*e), found.MessageID, timestamp(found.At)))
			return diags
		}
		diags.AddWarning("WhatsApp Message Already Sent: Found in the Delivery Store",
			fmt.Sprintf("The %s message to %q was already sent (message ID %q, first status at %s), but no state holds "+
				"its message ID and the record of sends has no answer for it: a run whose state and record were lost "+
				"(another machine, a runner thrown away), or whose answer never came back, sent it, and WhatsApp "+
				"reported it in the delivery store. This apply records that message ID in state and sends nothing. To "+
				"send it again anyway, change a triggers value.",
				plan.Type.ValueString(), plan.To.ValueString(), found.MessageID, timestamp(found.At)))
		return diags
	}
	if e == nil {
		return diags
	}
	plan.SentAt = types.StringValue(recordedAt(*e))
	plan.Outcome = types.StringValue(outcomeUnknown)
	noStatus := ""
	if r.labelsOn() {
		noStatus = " The delivery store holds no status of it yet (statuses come seconds after a send): plan again " +
			"later to settle it from them."
	}
	diags.AddWarning("WhatsApp Message May Already Have Been Sent",
		fmt.Sprintf("A send of the %s message to %q started at %s and its answer never came back (the run was "+
			"stopped or crashed), and no state holds it. This apply does not send it: it records the message with "+
			"outcome = \"unknown\", as tainted, and fails.%s Check with the recipient. %s Otherwise apply again to send "+
			"it. Found in the record of sends at %s.", plan.Type.ValueString(), plan.To.ValueString(), recordedAt(*e),
			noStatus, untaintAdvice, rec.Path()))
	return diags
}

// adoptPlanned makes the plan adopt a send accepted as messageID.
func adoptPlanned(plan *mediaMessageModel, messageID string) {
	plan.ID = types.StringValue(messageID)
	plan.Outcome = types.StringValue(outcomeAccepted)
}

// sentPerStore looks the planned message's send up in the delivery store by
// its label; nil when there is no store, no status of it, or its label is
// not known yet. recorded says the record holds the send without an answer:
// a store that cannot be read then leaves it unknown (a warning); otherwise
// the plan would send, so it is an error.
func (r *mediaMessageResource) sentPerStore(ctx context.Context, plan mediaMessageModel, recorded bool) (*storeSend, diag.Diagnostics) {
	var diags diag.Diagnostics
	if !r.labelsOn() {
		return nil, diags
	}
	msg, ok := messageLabel(r.client.Sender(), plan)
	if !ok {
		return nil, diags
	}
	found, err := findSends(ctx, r.store, r.sends, msg.SendLabel(), map[string]sendlog.Message{"": msg})
	if err != nil {
		what := fmt.Sprintf("the %s message to %q", plan.Type.ValueString(), plan.To.ValueString())
		if recorded {
			diags.Append(storeNotReadForSettling(what, err))
		} else {
			diags.Append(storeNotReadForAdoption(what, err))
		}
		return nil, diags
	}
	if s, ok := found[""]; ok {
		return &s, diags
	}
	return nil, diags
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
