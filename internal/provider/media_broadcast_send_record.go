package provider

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sendlog"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The broadcast's use of the record of sends (media_message_send_record.go
// holds the record and the message resource's use of it). Terraform writes a
// broadcast's state only when its whole apply returns, so a crash or a kill
// in the middle of thousands of sends would otherwise lose every answer of
// that apply, and the next apply would send them all again. So each send's
// intent is flushed to disk just before each of its attempts (and dropped
// when the API proves it did not take one), and its answer written after;
// the next plan adopts what the record holds and no state does:
//   - an answered send: its message ID goes into deliveries, nothing is sent;
//   - a send without an answer: the recipient is kept with outcome
//     "unknown" and not sent in that apply; the plan after it sends the
//     message again unless the recipient is in accept_unknown.
//
// A recipient's send is identified as the message resource's send of the same
// content to the same person (sendRecord.messageOf), marked as a broadcast's:
// a whatsapp_media_message of the same content never adopts a broadcast's
// send, nor the other way round (either's state may hold it, and a plan of
// one may run before the other's prunes it).

// broadcastSentBy marks a broadcast's sends in the record.
const broadcastSentBy = "whatsapp_media_broadcast"

// recordedKeys maps each recipient to its send's key; nil when the content
// is not known yet.
func (r *sendRecord) recordedKeys(b mediaBroadcastModel, recipients []string) map[string]string {
	keys := make(map[string]string, len(recipients))
	for _, to := range recipients {
		msg, ok := r.messageOf(b.messageModel(to))
		if !ok {
			return nil
		}
		msg.Content["sent_by"] = broadcastSentBy
		keys[to] = msg.Key()
	}
	return keys
}

// recordedSends looks the recipients the plan would send to up in the record
// and claims, for each, a send no state holds: the first answered one, else
// the first without an answer. It returns the deliveries to keep instead of
// sending; a record that cannot be read is a warning (the plan sends).
func (r *sendRecord) recordedSends(ctx context.Context, b mediaBroadcastModel, recipients []string) (map[string]delivery, diag.Diagnostics) {
	var diags diag.Diagnostics
	if r == nil {
		return nil, diags
	}
	keys := r.recordedKeys(b, recipients)
	if len(keys) == 0 {
		return nil, diags
	}
	rec, err := r.file()
	var found map[string][]sendlog.Entry
	if err == nil {
		found, err = rec.LookupAll(r.session, sortedValues(keys), r.window)
	}
	if err != nil {
		diags.AddWarning("WhatsApp Send Record Not Read", r.unreadable(err))
		return nil, diags
	}
	if len(found) == 0 {
		return nil, diags
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[string]delivery{}
	for _, to := range recipients {
		var answered, unanswered *sendlog.Entry
		for i, e := range found[keys[to]] {
			switch {
			case r.claimed[e.Send]:
			case e.Outcome == sendlog.Accepted && answered == nil:
				answered = &found[keys[to]][i]
			case e.Outcome != sendlog.Accepted && unanswered == nil:
				unanswered = &found[keys[to]][i]
			}
		}
		switch {
		case answered != nil:
			r.claimed[answered.Send] = true
			out[to] = delivery{MessageID: answered.MessageID, SentAt: recordedAt(*answered), Outcome: outcomeAccepted}
		case unanswered != nil:
			r.claimed[unanswered.Send] = true
			why := "the run that sent it stopped before the answer came"
			if unanswered.Outcome == sendlog.Unknown {
				why = "no answer came back, and the state that kept this was lost"
			}
			out[to] = delivery{SentAt: recordedAt(*unanswered), Outcome: outcomeUnknown,
				Error: "may have been sent: " + why + " (found in the record of sends)"}
		}
	}
	tflog.Debug(ctx, "broadcast sends found in the record of sends", map[string]any{"adopted": len(out), "send_record": r.path})
	return out, diags
}

func recordedAt(e sendlog.Entry) string { return e.At.UTC().Format(time.RFC3339) }

// pruneHeld drops from the record the sends the state holds: an accepted one
// by its message ID, and by its key every send to a held recipient that has
// no answer in the record (the state keeps the outcome: an unknown one is
// sent again unless accepted, a failed one is sent again, and an answer the
// record missed must not come back as "may have been sent"). Best effort,
// like the message resource's prune: what stays is adopted only where no
// state holds it.
func (r *sendRecord) pruneHeld(ctx context.Context, state mediaBroadcastModel, held map[string]delivery) {
	if r == nil || len(held) == 0 {
		return
	}
	recipients, ids := recipientsAndIDs(held)
	rec, err := r.file()
	if err == nil {
		err = rec.SeenAll(sortedValues(r.recordedKeys(state, recipients)), ids)
	}
	if err != nil {
		tflog.Debug(ctx, "could not prune the record of sends", map[string]any{"error": err.Error()})
	}
}

// forgetAll drops the sends of the recipients the broadcast forgets (removed
// from it, or the broadcast destroyed), so that sending to them again later
// sends again. A failure leaves them adoptable for send_record_window.
func (r *sendRecord) forgetAll(state mediaBroadcastModel, forgotten map[string]delivery) diag.Diagnostics {
	var diags diag.Diagnostics
	if r == nil || len(forgotten) == 0 {
		return diags
	}
	recipients, ids := recipientsAndIDs(forgotten)
	rec, err := r.file()
	if err == nil {
		err = rec.ForgetAll(sortedValues(r.recordedKeys(state, recipients)), ids)
	}
	if err != nil {
		diags.AddWarning("WhatsApp Send Record Not Updated",
			fmt.Sprintf("The sends to %d forgotten recipient(s) (%s) could not be removed from the record of sends at "+
				"%s: %v. While they stay there (at most send_record_window), a broadcast or message that sends them the "+
				"same content where no state holds it adopts the recorded send instead of sending.",
				len(recipients), firstFew(recipients), r.path, err))
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

// broadcastSends is one apply's use of the record around its sends: the
// client's hooks write each intent before each attempt and its answer after.
type broadcastSends struct {
	r       *sendRecord
	rec     *sendlog.Record
	keys    map[string]string // recipient -> its send's key
	id      string            // the broadcast, kept with each send
	mu      sync.Mutex
	intents map[string]*sendlog.Intent // recipient -> its send's intent, until the answer
	lost    int                        // answers that could not be written
	lostErr error                      // the last such error
}

// recordSends prepares the hooks for sending b to recipients; nil (and no
// hooks) when the record is off.
func (r *sendRecord) recordSends(b mediaBroadcastModel, recipients []string) (*broadcastSends, diag.Diagnostics) {
	var diags diag.Diagnostics
	if r == nil || len(recipients) == 0 {
		return nil, diags
	}
	rec, err := r.file()
	if err != nil {
		diags.AddError("Unable to Open the WhatsApp Send Record", r.unwritable(len(recipients), err))
		return nil, diags
	}
	keys := r.recordedKeys(b, recipients)
	if keys == nil { // every value is known at apply; this would be a bug
		diags.AddError("Unable to Record the WhatsApp Broadcast",
			"Nothing was sent: the broadcast's content is not fully known at apply, so its sends cannot be recorded "+
				"before they are made. This is a bug in the provider: please report it.")
		return nil, diags
	}
	return &broadcastSends{r: r, rec: rec, keys: keys, id: b.ID.ValueString(), intents: map[string]*sendlog.Intent{}}, diags
}

// hooks are SendToEach's calls: an intent is written just before each
// attempt of a send (after its wait for the pace) and dropped when the API
// proves it did not take it, so a crash while a send waits leaves nothing
// that looks sent. An intent that cannot be written stops the broadcast,
// since no later send could be protected either.
func (s *broadcastSends) hooks(progress func(whatsapp.BroadcastResult)) whatsapp.BroadcastHooks {
	if s == nil {
		return whatsapp.BroadcastHooks{After: progress}
	}
	return whatsapp.BroadcastHooks{
		Before: func(to string) error {
			in, err := s.rec.Intend(s.r.session, s.keys[to], to, map[string]string{"broadcast": s.id})
			if err != nil {
				return fmt.Errorf("the record of sends at %s could not be written (%w); every send is recorded "+
					"before it is made so that a crash cannot make the next apply send it again. Make the file and "+
					"its directory writable, set send_record_path (%s) to a writable place, or turn the record off "+
					"with send_record_window = \"0s\"", s.r.path, err, envSendRecordPath)
			}
			s.mu.Lock()
			s.intents[to] = in
			s.mu.Unlock()
			return nil
		},
		NotTaken: func(to string) {
			if in := s.take(to); in != nil {
				s.lose(in.NotSent())
			}
		},
		After: func(res whatsapp.BroadcastResult) {
			if in := s.take(res.To); in != nil {
				s.lose(recordAnswer(in, res.Sent, res.Err))
			}
			progress(res)
		},
	}
}

// take removes and returns the intent of the send to `to`, if one is open.
func (s *broadcastSends) take(to string) *sendlog.Intent {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.intents[to]
	delete(s.intents, to)
	return in
}

// lose counts an answer the record could not keep (err is nil when it could).
func (s *broadcastSends) lose(err error) {
	if err == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lost, s.lostErr = s.lost+1, err
}

// diagnostics reports answers the record could not keep: the state holds
// them, so only a crash before Terraform saves it would make them unknown.
func (s *broadcastSends) diagnostics() diag.Diagnostics {
	var diags diag.Diagnostics
	if s == nil {
		return diags
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lost == 0 {
		return diags
	}
	diags.AddWarning("WhatsApp Send Record Not Updated",
		fmt.Sprintf("The answers to %d send(s) could not be written to the record of sends at %s: %v. The state "+
			"holds them; only a crash before Terraform saves it would leave those sends without their answer.",
			s.lost, s.r.path, s.lostErr))
	return diags
}

func (r *sendRecord) unwritable(n int, err error) string {
	return fmt.Sprintf("Nothing was sent to the %d recipient(s): each send is recorded before it is made, so that a "+
		"crash cannot make the next apply send it twice, and the record at %s could not be opened: %v. Make the file "+
		"and its directory writable, set send_record_path (%s) to a writable place, or turn the record off with "+
		"send_record_window = \"0s\".", n, r.path, err, envSendRecordPath)
}

// sortedValues lists m's values, sorted.
func sortedValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}
