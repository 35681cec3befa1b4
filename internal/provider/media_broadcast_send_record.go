package provider

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/content"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/sendrecord"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sendlog"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The broadcast's use of the record of sends (package sendrecord). Terraform
// writes a broadcast's state only when its whole apply returns, so a crash or
// a kill in the middle of thousands of sends would otherwise lose every
// answer of that apply, and the next apply would send them all again. So
// each send's intent is flushed to disk just before each of its attempts
// (and dropped when the API proves it did not take one), and its answer
// written after; the next plan adopts what the record holds and no state does:
//   - an answered send: its message ID goes into deliveries, nothing is sent;
//   - a send without an answer: the recipient is kept with outcome
//     "unknown" and not sent in that apply; the plan after it sends the
//     message again unless the recipient is in accept_unknown.
//
// A recipient's send is identified as the message resource's send of the same
// content to the same person, marked as a broadcast's (content.SentByBroadcast).

// broadcastRecordKeys is recordKeys for the account that sends, for
// recipients without their own values.
func broadcastRecordKeys(account string, c content.Content, recipients []string) map[string]string {
	return broadcastKeys(account, c, personalSet{}, recipients)
}

// broadcastKeys is each recipient's key in the record of sends: its send's
// identity (broadcastIdentity), nil when part of one is not known yet.
func broadcastKeys(account string, c content.Content, personal personalSet, recipients []string) map[string]string {
	keys := make(map[string]string, len(recipients))
	for _, to := range recipients {
		msg, ok := broadcastIdentity(account, c, personal, to)
		if !ok {
			return nil
		}
		keys[to] = msg.Key()
	}
	return keys
}

// broadcastIdentity is the identity of the send of c to recipient to: the
// message resource's, marked as a broadcast's, with the recipient's own
// template values when it has any (none: the identity it always had).
func broadcastIdentity(account string, c content.Content, personal personalSet, to string) (sendlog.Message, bool) {
	msg, ok := c.Identity(account, to, types.StringValue(whatsapp.RecipientIndividual), content.SentByBroadcast)
	if !ok {
		return msg, false
	}
	params, ok := personal.identityOf(to)
	msg.Parameters = params
	return msg, ok
}

// personalOfModel is b's recipients' own values, read for identities.
func personalOfModel(b mediaBroadcastModel) personalSet {
	s, _ := readPersonal(b)
	return s
}

// recordedSends looks the recipients the plan would send to up in the record
// and claims, for each, a send no state holds. It returns the deliveries to
// keep instead of sending; a record that cannot be read is a warning (the
// plan sends).
// It also returns the recorded sends without an answer, by recipient, which
// the delivery store may settle (media_broadcast_store.go).
func recordedSends(ctx context.Context, rec *sendrecord.Record, b mediaBroadcastModel, recipients []string) (map[string]delivery, map[string]sendlog.Entry, diag.Diagnostics) {
	var diags diag.Diagnostics
	if rec == nil {
		return nil, nil, diags
	}
	keys := broadcastKeys(rec.Sender(), namedByContent(rec, b.Content), personalOfModel(b), recipients)
	if len(keys) == 0 {
		return nil, nil, diags
	}
	found, err := rec.FindAll(keys)
	if err != nil {
		diags.Append(sendRecordUnreadable(rec, err))
		return nil, nil, diags
	}
	out := map[string]delivery{}
	unanswered := map[string]sendlog.Entry{}
	for to, e := range found {
		if e.Outcome != sendlog.Accepted {
			unanswered[to] = e
		}
		if e.Outcome == sendlog.Accepted {
			out[to] = delivery{MessageID: e.MessageID, SentAt: recordedAt(e), Outcome: outcomeAccepted}
			continue
		}
		why := "the run that sent it stopped before the answer came"
		if e.Outcome == sendlog.Unknown {
			why = "no answer came back, and the state that kept this was lost"
		}
		out[to] = delivery{SentAt: recordedAt(e), Outcome: outcomeUnknown,
			Error: "may have been sent: " + why + " (found in the record of sends)"}
	}
	if len(out) > 0 {
		tflog.Debug(ctx, "broadcast sends found in the record of sends", map[string]any{"adopted": len(out), "send_record": rec.Path()})
	}
	return out, unanswered, diags
}

// pruneHeld drops from the record the sends the state holds: an accepted one
// by its message ID, and by its key every send to a held recipient that has
// no answer in the record (the state keeps the outcome: an unknown one is
// sent again unless accepted, a failed one is sent again, and an answer the
// record missed must not come back as "may have been sent"). Best effort,
// like the message resource's prune: what stays is adopted only where no
// state holds it.
func pruneHeld(ctx context.Context, rec *sendrecord.Record, state mediaBroadcastModel, held map[string]delivery) {
	if rec == nil || len(held) == 0 {
		return
	}
	recipients, ids := recipientsAndIDs(held)
	if err := rec.SeenAll(sendrecord.KeysOf(broadcastKeys(rec.Sender(), namedByContent(rec, state.Content), personalOfModel(state), recipients)), ids); err != nil {
		tflog.Debug(ctx, "could not prune the record of sends", map[string]any{"error": err.Error()})
	}
}

// forgetAll drops the sends of the recipients the broadcast forgets (removed
// from it, or the broadcast destroyed), so that sending to them again later
// sends again. A failure leaves them adoptable for send_record_window.
func forgetAll(rec *sendrecord.Record, state mediaBroadcastModel, forgotten map[string]delivery) diag.Diagnostics {
	var diags diag.Diagnostics
	if rec == nil || len(forgotten) == 0 {
		return diags
	}
	recipients, ids := recipientsAndIDs(forgotten)
	if err := rec.ForgetAll(sendrecord.KeysOf(broadcastKeys(rec.Sender(), namedByContent(rec, state.Content), personalOfModel(state), recipients)), ids); err != nil {
		diags.Append(sendsNotForgotten(rec, fmt.Sprintf("The sends to %d forgotten recipient(s) (%s)",
			len(recipients), firstFew(recipients)), err))
	}
	return diags
}

// recordSends prepares the record's hooks for sending b to recipients; nil
// (and no hooks) when the record is off.
func recordSends(rec *sendrecord.Record, b mediaBroadcastModel, recipients []string) (*sendrecord.Broadcast, diag.Diagnostics) {
	var diags diag.Diagnostics
	if rec == nil {
		return nil, diags
	}
	sends, err := rec.Broadcast(b.ID.ValueString(), len(recipients), broadcastKeys(rec.Sender(), namedByContent(rec, b.Content), personalOfModel(b), recipients))
	switch {
	case errors.Is(err, sendrecord.ErrUnidentified): // every value is known at apply; this would be a bug
		diags.AddError("Unable to Record the WhatsApp Broadcast",
			"Nothing was sent: the broadcast's content is not fully known at apply, so its sends cannot be recorded "+
				"before they are made. This is a bug in the provider: please report it.")
	case err != nil:
		diags.Append(sendNotRecorded(fmt.Sprintf("each of the %d send(s)", len(recipients)),
			fmt.Errorf("the record at %s could not be opened: %w", rec.Path(), err)))
	}
	return sends, diags
}

// recordedAnswersLost reports answers the record could not keep.
func recordedAnswersLost(rec *sendrecord.Record, sends *sendrecord.Broadcast) diag.Diagnostics {
	var diags diag.Diagnostics
	if n, err := sends.Lost(); n > 0 {
		diags.Append(sendAnswersNotRecorded(rec, n, err))
	}
	return diags
}

// recipientsAndIDs lists the recipients of records, sorted, and the message
// IDs they hold.
func recipientsAndIDs(records map[string]delivery) (recipients, ids []string) {
	for to, d := range records {
		recipients = append(recipients, to)
		if d.MessageID != "" {
			ids = append(ids, d.MessageID)
		}
	}
	sort.Strings(recipients)
	return recipients, ids
}
