package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/sendrecord"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/receiverapi"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sendlog"
)

// Sends found in the delivery store at plan time, by their label
// (send_label.go): WhatsApp reported a status for a message only if its API
// accepted it, so any status of a send's label means the send was accepted,
// as that message ID. Two uses, for the message resource and the broadcast:
//   - a recorded send whose answer was lost (an unknown outcome) is settled:
//     it was accepted, and the record of sends is told so;
//   - a send neither the state nor the record of sends knows (a run on a new
//     machine after a crash lost both) is adopted instead of sent.
//
// No status never means "not sent": statuses arrive seconds after a send,
// and a receiver that was down gets them when Meta retries. Such a send
// stays as it would be without a store.

// storeSend is a send WhatsApp reported, as the store holds it.
type storeSend struct {
	MessageID string
	At        time.Time // WhatsApp's time of the first status: the send's sent_at
}

// findSends asks the store, in one query for every label that starts with
// prefix, which of sends (recipient -> the identity its send is labelled by)
// WhatsApp reported, by recipient. When a send's label has several messages
// (it was sent more than once), the first one WhatsApp reported is the one.
// A message the record of sends rec (nil when off) forgot is skipped: it was
// destroyed, or its recipient removed from a broadcast, on purpose, and
// creating it again sends it again, as without a store. A run with another
// record cannot know that (see the guide).
//
// Like the record, the store gives only sends first reported within
// send_record_window (the default window when the record is off): an older
// send of the same content to the same person is another occasion, which
// the user sends again by applying.
func findSends(ctx context.Context, store *receiverapi.Client, rec *sendrecord.Record, prefix string, sends map[string]sendlog.Message) (map[string]storeSend, error) {
	msgs, err := store.StatusesByLabel(ctx, prefix, true)
	if err != nil {
		return nil, err
	}
	window := defaultSendRecordWindow
	if rec != nil {
		window = rec.Window()
	}
	since := time.Now().Add(-window)
	var forgotten map[string]bool
	if rec != nil && len(msgs) > 0 {
		ids := make([]string, len(msgs))
		for i, m := range msgs {
			ids[i] = m.MessageID
		}
		forgotten, _ = rec.Forgotten(ids) // an unreadable record forgets nothing; the plan warned of it
	}
	bySend := map[string]storeSend{}
	for _, m := range msgs {
		send, _, ok := sendlog.ParseLabel(m.CallbackData)
		if !ok || m.MessageID == "" || forgotten[m.MessageID] {
			continue
		}
		s := storeSend{MessageID: m.MessageID, At: firstReported(m)}
		if s.At.Before(since) {
			continue
		}
		if prev, seen := bySend[send]; seen && (prev.At.Before(s.At) || prev.At.Equal(s.At) && prev.MessageID < s.MessageID) {
			continue
		}
		bySend[send] = s
	}
	out := map[string]storeSend{}
	for to, msg := range sends {
		if s, ok := bySend[msg.SendLabel()]; ok {
			out[to] = s
		}
	}
	return out, nil
}

// firstReported is the time of a message's earliest status.
func firstReported(m receiverapi.Message) time.Time {
	first := m.Time
	for _, t := range m.StatusTimes {
		if !t.IsZero() && t.Before(first) {
			first = t
		}
	}
	return first
}

// storeNotReadForAdoption is the plan's error when the store cannot be read
// and the plan would send: the store is configured so that a run that lost
// its state and its record of sends sends nothing twice, and it cannot tell
// now. what names the sends, e.g. `the message to "+1..."`.
func storeNotReadForAdoption(what string, err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic("WhatsApp Delivery Store Not Read",
		fmt.Sprintf("The delivery store (delivery_store_url) could not be read, so this plan cannot tell whether %s "+
			"was already sent by a run whose state and record of sends were lost: %v. Nothing was sent. Make the "+
			"receiver reachable (its /healthz answers; the read token is the one it was started with) and plan "+
			"again. To go on without it, unset delivery_store_url (%s) for this run: a send such a run made is then "+
			"sent a second time.", what, err, envDeliveryStoreURL))
}

// storeNotReadForSettling is the plan's warning when the store cannot be
// read to settle unknown outcomes: they stay unknown, as without a store.
func storeNotReadForSettling(what string, err error) diag.Diagnostic {
	return diag.NewWarningDiagnostic("WhatsApp Delivery Store Not Read",
		fmt.Sprintf("The delivery store (delivery_store_url) could not be read, so %s, whose outcome is unknown, "+
			"could not be settled from WhatsApp's statuses: %v. It stays unknown, as without a store; plan again "+
			"once the receiver is reachable.", what, err))
}
