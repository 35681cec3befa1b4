package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/sendrecord"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sendlog"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The apply of a broadcast: decide again who gets the message with every
// value known, send at the client's shared pace, and keep every recipient's
// outcome in state, the failed ones included. A failure never fails the whole
// broadcast: it stays with its recipient, and the next plan sends to it again.

// broadcastConcurrency bounds the sends in flight at once. The pace decides
// how fast they go; this only has to cover the API's round trip at that pace
// (80 messages/s, Meta's default, at 300 ms a round trip is 24 in flight).
const broadcastConcurrency = 32

// progressEvery is how often the apply logs its progress (INFO).
const progressEvery = 5 * time.Second

// apply sends the broadcast planned in plan (state is nil on create) and sets
// the resulting state: every recipient's record, whatever became of its send.
func (r *mediaBroadcastResource) apply(ctx context.Context, state, plan *mediaBroadcastModel, out *tfsdk.State, diags *diag.Diagnostics) {
	refuse := func(d diag.Diagnostics) {
		diags.Append(d...)
		if state != nil {
			diags.Append(out.Set(ctx, state)...) // nothing was sent: the state stays as it was
		}
	}
	msg, d := r.checkBeforeSends(ctx, plan)
	if d.HasError() {
		refuse(d)
		return
	}
	dp := decideSends(state, plan)
	sends, records, kept := dp.toSend(), dp.keep, len(dp.keep)

	ctx = withSendFields(ctx, msg, "broadcast_id", plan.ID.ValueString())
	recording, d := recordSends(r.sends, *plan, sends)
	if d.HasError() {
		refuse(d)
		return
	}
	personal := personalOfModel(*plan)
	var labels map[string]sendlog.Message
	if r.labelsOn() {
		labels = broadcastLabels(r.client.Sender(), plan.Content, personal, sends) // send_label.go
	}
	results := r.sendAll(ctx, msg, personal, sends, recording, labels)
	diags.Append(recordedAnswersLost(r.sends, recording)...)

	var report broadcastReport
	for _, res := range results {
		records[res.To] = report.add(res)
	}
	accepted := len(sends) - len(report.unknown) - report.failed
	plan.Deliveries = deliveriesValue(records, nil)
	r.settleDeliveryAttributes(plan, records) // media_broadcast_delivery_status.go

	if state == nil && kept == 0 && accepted == 0 && len(report.unknown) == 0 && report.failed > 0 {
		// Nobody can have the message: keep no state, so the next apply
		// creates the broadcast again, which sends to every recipient.
		diags.Append(report.diagnostic(true, len(sends), "No state is kept, so the next apply sends to every recipient."))
		return
	}
	// Set state before reporting: once the API has taken a message, losing
	// its record would make the next apply send it again.
	diags.Append(out.Set(ctx, plan)...)
	// Forget the sends no state holds any more: a removed recipient's, and
	// every earlier send when the content changed. Then a recipient added
	// back, or a content changed back, is sent again, and neither the record
	// nor the delivery store (which keeps the old sends under their labels)
	// offers the old send for adoption.
	forgotten := make(map[string]delivery, len(dp.removed))
	for _, c := range append(slices.Clone(dp.removed), dp.send[reasonPersonal]...) {
		forgotten[c] = dp.prior[c] // a recipient sent its new values: its old message is forgotten
	}
	if len(dp.changed) > 0 {
		for c, d := range dp.prior {
			forgotten[c] = d
		}
	}
	if len(forgotten) > 0 {
		diags.Append(forgetAll(r.sends, *state, forgotten)...)
	}
	if report.failed+len(report.unknown) == 0 {
		return
	}
	// On create, an error would make Terraform taint the whole broadcast and
	// the next apply send to every recipient again, the accepted ones
	// included; a warning keeps the broadcast, and the next plan shows the
	// sends again. After create, an error keeps the state as set above.
	diags.Append(report.diagnostic(state != nil, len(sends),
		"Every other recipient's outcome is kept in deliveries; the next plan shows these recipients will be sent the "+
			"message again, and why."))
}

// checkBeforeSends runs, with every value known, the checks the plan may have
// skipped on values unknown then, and builds the message every recipient gets.
func (r *mediaBroadcastResource) checkBeforeSends(ctx context.Context, plan *mediaBroadcastModel) (whatsapp.MediaMessage, diag.Diagnostics) {
	recipients := canonicalRecipients(plan.Recipients)
	d := append(checkRecipientSet("recipients", recipients), checkRecipientSet("accept_unknown", canonicalRecipients(plan.AcceptUnknown))...)
	d.Append(checkPersonal(ctx, *plan, recipients)...) // media_broadcast_parameters.go
	if d.HasError() {
		return whatsapp.MediaMessage{}, d
	}
	msg, more := messageForMany(ctx, r.client, recipients.canonical[0], plan.Content)
	return msg, append(d, more...)
}

// decideSends is who gets the message in this apply: planDeliveries again
// with every value known, less the recipients whose send the plan adopted
// from the record of sends (known in the plan; every other entry to send is
// unknown there). The record is read at plan time only, as for messages, so
// that the plan shows every adoption: a send whose identity was unknown then
// is sent.
func decideSends(state, plan *mediaBroadcastModel) deliveryPlan {
	var prior map[string]delivery
	var changed []string
	if state != nil {
		prior = readDeliveries(state.Deliveries)
		changed = contentChanges(*state, *plan)
	}
	dp := planDeliveries(prior, canonicalRecipients(plan.Recipients), changed, canonicalRecipients(plan.AcceptUnknown))
	if state != nil && len(changed) == 0 {
		dp.resendPersonal(personalChanges(personalOfModel(*state), personalOfModel(*plan), dp.keep))
	}
	dp.adopt(plannedAdoptions(plan.Deliveries, dp.toSend()))
	return dp
}

// sendAll sends msg (with a recipient's own values, personal) to each recipient at the client's pace, recording each
// send (recording is nil when the record of sends is off), each labelled by
// its identity in labels (nil: no labels), and logs progress.
func (r *mediaBroadcastResource) sendAll(ctx context.Context, msg whatsapp.MediaMessage, personal personalSet, recipients []string,
	recording *sendrecord.Broadcast, labels map[string]sendlog.Message) []whatsapp.BroadcastResult {
	if len(recipients) == 0 {
		return nil
	}
	start := time.Now()
	tflog.Info(ctx, "sending WhatsApp broadcast", map[string]any{"recipients": len(recipients), "max_in_flight": broadcastConcurrency})
	var (
		mu                        sync.Mutex
		done, ok, failed, unknown int
		lastLog                   = start
	)
	progress := func(res whatsapp.BroadcastResult) {
		mu.Lock()
		defer mu.Unlock()
		done++
		switch {
		case res.Err == nil:
			ok++
			tflog.Debug(ctx, "WhatsApp broadcast message accepted", map[string]any{"to": res.To, "message_id": res.Sent.ID})
		case whatsapp.IsOutcomeUnknown(res.Err):
			unknown++
			tflog.Debug(ctx, "WhatsApp broadcast send outcome unknown", map[string]any{"to": res.To, "error": recordedError(res.Err)})
		default:
			failed++
			tflog.Debug(ctx, "WhatsApp broadcast send failed", map[string]any{"to": res.To, "error": recordedError(res.Err)})
		}
		if now := time.Now(); now.Sub(lastLog) >= progressEvery || done == len(recipients) {
			lastLog = now
			tflog.Info(ctx, "WhatsApp broadcast progress", map[string]any{
				"done": done, "of": len(recipients), "accepted": ok, "failed": failed, "unknown": unknown,
				"per_second": fmt.Sprintf("%.1f", float64(done)/now.Sub(start).Seconds()),
			})
		}
	}
	hooks := recording.Hooks(progress)
	if labels != nil {
		hooks.CallbackData = func(to string) string { return labels[to].Label("") }
	}
	// Each recipient its own message: msg, with its own template values if
	// recipient_*_parameters give it any.
	return r.client.SendEach(ctx, len(recipients), func(i int) whatsapp.MediaMessage {
		return personalMessage(msg, recipients[i], personal)
	}, broadcastConcurrency, hooks)
}

// broadcastReport gathers the failed and unknown sends of one apply.
type broadcastReport struct {
	failed  int
	byError map[string]*failureGroup // recordedError -> the recipients it hit
	order   []string
	unknown []string
}

type failureGroup struct {
	err          error // the first answer's, or the first recipient's when none was answered
	first        string
	recipients   []string
	notAttempted int // recipients no request was made for, stopped by this failure
}

// add records one send's result and returns the recipient's delivery.
func (b *broadcastReport) add(res whatsapp.BroadcastResult) delivery {
	d := delivery{SentAt: timestamp(res.At)}
	switch {
	case res.Err == nil:
		d.MessageID, d.Outcome = res.Sent.ID, outcomeAccepted
	case whatsapp.IsOutcomeUnknown(res.Err):
		d.Outcome, d.Error = outcomeUnknown, recordedError(res.Err)
		b.unknown = append(b.unknown, res.To)
	default:
		d.Outcome, d.Error = outcomeFailed, recordedError(res.Err)
		b.addFailure(res.To, res.Err)
	}
	return d
}

func (b *broadcastReport) addFailure(to string, err error) {
	if b.byError == nil {
		b.byError = map[string]*failureGroup{}
	}
	key := failureKey(to, err)
	g, ok := b.byError[key]
	if !ok {
		g = &failureGroup{err: err, first: to}
		b.byError[key] = g
		b.order = append(b.order, key)
	}
	stopped := errors.Is(err, whatsapp.ErrNotAttempted)
	if !stopped && errors.Is(g.err, whatsapp.ErrNotAttempted) {
		g.err, g.first = err, to // the answer itself says it best
	}
	if stopped {
		g.notAttempted++
	}
	g.recipients = append(g.recipients, to)
	b.failed++
}

// failureKey is what makes two failures one paragraph of the report. An
// answer of the API is its code, subcode, title and details: each answer has
// its own fbtrace_id, and the same refusal of a thousand sends is one
// failure; the sends a refusal stopped before they were made (their error
// wraps it) join its paragraph. Anything else is its text, less the
// recipient's number it may carry ("send image message to 16315551001: ...").
func failureKey(to string, err error) string {
	if errors.Is(err, whatsapp.ErrInterrupted) {
		return "interrupted"
	}
	var ae *whatsapp.APIError
	if errors.As(err, &ae) {
		return fmt.Sprintf("HTTP %d code %d/%d %s\x00%s", ae.HTTPStatus, ae.Code, ae.Subcode, ae.Title, ae.Details)
	}
	return strings.ReplaceAll(recordedError(err), to, "<recipient>")
}

// diagnostic is one error (or warning) for the whole apply: how many sends
// failed and why, grouped by error with its code, details and advice, and
// which outcomes are unknown and how to accept them.
func (b *broadcastReport) diagnostic(asError bool, attempted int, kept string) diag.Diagnostic {
	var s strings.Builder
	fmt.Fprintf(&s, "Of %d send(s), %d failed and %d have an unknown outcome. %s", attempted, b.failed, len(b.unknown), kept)
	sort.SliceStable(b.order, func(i, j int) bool {
		return len(b.byError[b.order[i]].recipients) > len(b.byError[b.order[j]].recipients)
	})
	for _, key := range b.order {
		g := b.byError[key]
		sort.Strings(g.recipients)
		fmt.Fprintf(&s, "\n\n%d not sent (WhatsApp did not take them): %s\n%s", len(g.recipients),
			firstFew(g.recipients), strings.ReplaceAll(describeBroadcastError(g.err), g.first, "<recipient>"))
		var ae *whatsapp.APIError
		answered := len(g.recipients) - g.notAttempted
		if answered > 1 && errors.As(g.err, &ae) && ae.FBTraceID != "" {
			fmt.Fprintf(&s, "\n(The fbtrace_id is the first answer's; each of the %d answers has its own.)", answered)
		}
		switch {
		case g.notAttempted == 0 || answered == 0:
		case whatsapp.AffectsEverySend(g.err):
			fmt.Fprintf(&s, "\n%d got this answer; no request was made for the other %d: the broadcast stopped at "+
				"the first such answer, since every send of it would get the same.", answered, g.notAttempted)
		default:
			fmt.Fprintf(&s, "\n%d got this answer; no request was made for the other %d: the broadcast stopped after "+
				"%d sends in a row failed.", answered, g.notAttempted, whatsapp.MaxFailuresInARow)
		}
	}
	if len(b.unknown) > 0 {
		sort.Strings(b.unknown)
		fmt.Fprintf(&s, "\n\n%d may have been sent (no answer came back, or the API failed after taking the "+
			"request): %s. They are kept with outcome = \"unknown\", and the next apply sends them the message again. "+
			"If they have it, add them to accept_unknown to accept it as delivered; nothing is sent to them then.",
			len(b.unknown), firstFew(b.unknown))
	}
	summary := fmt.Sprintf("WhatsApp Broadcast: %d Recipient(s) Not Sent", b.failed+len(b.unknown))
	if asError {
		return diag.NewAttributeErrorDiagnostic(path.Root("recipients"), summary, s.String())
	}
	return diag.NewAttributeWarningDiagnostic(path.Root("recipients"), summary, s.String())
}

// describeBroadcastError words one failure for the apply's report: the API's
// error with its advice, or why no request was made.
func describeBroadcastError(err error) string {
	if errors.Is(err, whatsapp.ErrInterrupted) {
		return "No request was made for them: the apply was interrupted (Ctrl-C) before their sends were written, so " +
			"WhatsApp has none of them. The next apply sends them the message."
	}
	if !errors.Is(err, whatsapp.ErrNotAttempted) {
		return describeAPIError(err)
	}
	text := "No request was made for them: " + strings.TrimPrefix(err.Error(), whatsapp.ErrNotAttempted.Error()+": ") + "."
	var ae *whatsapp.APIError
	if errors.As(err, &ae) {
		text += "\n\n" + describeAPIError(ae)
	}
	return text
}

// recordedError is the short form of a send's error kept in deliveries.
func recordedError(err error) string {
	var ae *whatsapp.APIError
	var text string
	switch {
	case errors.Is(err, whatsapp.ErrInterrupted):
		text = "not sent: the apply was interrupted"
	case errors.Is(err, whatsapp.ErrNotAttempted):
		text = "not sent: "
		if errors.As(err, &ae) {
			text += "an earlier send got " + ae.Error()
		} else {
			text += strings.TrimPrefix(err.Error(), whatsapp.ErrNotAttempted.Error()+": ")
		}
	case errors.As(err, &ae):
		text = ae.Error()
		if whatsapp.IsOutcomeUnknown(err) {
			text = "may have been sent: " + text
		}
	case whatsapp.IsOutcomeUnknown(err):
		text = "may have been sent: " + errors.Unwrap(err).Error()
	default:
		text = err.Error()
	}
	const maxLen = 300
	if len(text) > maxLen {
		text = text[:maxLen] + "..."
	}
	return text
}
