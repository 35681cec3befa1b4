package provider

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/campaign"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/content"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/sendrecord"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sendlog"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The apply of a campaign: read the file again (refusing one that changed
// since the plan), decide again with every value known, adopt what the record
// of sends says a lost run already sent, send each row its own message at the
// client's shared pace, and keep in state the packed set of who has it. A
// failure never fails the campaign: it is counted, reported grouped by error,
// and the next plan sends to that row again.
//
// The record of sends (package sendrecord) is used as the broadcast uses it
// (media_broadcast_send_record.go): each send's intent flushed before each
// attempt, its answer after, so that a crash or a kill in the middle, whose
// state Terraform never writes, sends nobody twice. Unlike the broadcast, the
// campaign looks the record up at apply (the plan only carries the packed
// set, no per-recipient value to hold an adoption): an answered send is
// adopted, one without an answer is not sent in this apply and reported as
// possibly sent, and the next apply sends it.

// campaignConcurrency bounds a campaign's sends in flight at once. The pace
// decides how fast they go; this has to cover the API's round trip at the
// highest pace a number may have: 1,000 messages/s (Meta's HIGH throughput)
// at a round trip of 128 ms is 128 in flight. The broadcast's 32 would cap
// such a number at 250 messages/s. On loopback (make bench) 32 and 256 sent
// equally fast; more in flight only contends for the record of sends there.
const campaignConcurrency = 128

func (r *mediaCampaignResource) apply(ctx context.Context, state, plan *mediaCampaignModel, out *tfsdk.State, diags *diag.Diagnostics) {
	refuse := func(d diag.Diagnostics) {
		diags.Append(d...)
		if state != nil {
			diags.Append(out.Set(ctx, state)...) // nothing was sent: the state stays as it was
		}
	}
	cols, d := campaignColumnsOf(ctx, *plan)
	d.Append(checkParameterColumns(ctx, *plan)...)
	if d.HasError() {
		refuse(d)
		return
	}
	f, d := readCampaignFile(*plan, cols)
	if d.HasError() {
		refuse(d)
		return
	}
	if want := plan.RecipientsSHA256; !want.IsUnknown() && want.ValueString() != f.SHA256 {
		refuse(diag.Diagnostics{diag.NewAttributeErrorDiagnostic(path.Root("recipients_file"), "Recipients File Changed Since the Plan",
			fmt.Sprintf("%s changed between the plan and this apply (its SHA-256 was %s, it is now %s), so the plan did "+
				"not show whom this apply would send to. Nothing was sent. Plan again, and apply that plan.",
				plan.RecipientsFile.ValueString(), want.ValueString(), f.SHA256))})
		return
	}
	plan.RecipientsSHA256 = types.StringValue(f.SHA256)
	plan.RecipientCount = types.Int64Value(int64(len(f.Rows)))

	// The content's checks with every value known, and the message every row's is made from.
	base, d := messageForMany(ctx, r.client, f.Rows[0].Canonical, plan.Content)
	if d.HasError() {
		refuse(d)
		return
	}
	account := ""
	if r.sends != nil {
		account = r.sends.Sender()
	}
	identity, cid, known := campaignIdentity(account, *plan)
	if !known {
		refuse(diag.Diagnostics{diag.NewErrorDiagnostic("Unable to Send WhatsApp Campaign",
			"Nothing was sent: the campaign's content is not fully known at apply. This is a bug in the provider: please report it.")})
		return
	}
	var prior campaign.Set
	var changed []string
	if state != nil {
		var err error
		if prior, err = campaign.Unpack(state.SentRecipients.ValueString()); err != nil {
			refuse(diag.Diagnostics{unreadableSentRecipients(err)})
			return
		}
		changed = content.Changes(state.Content, plan.Content)
	}
	dec := decideCampaign(f, cid, prior, len(changed) > 0)
	rows := dec.toSend()

	keys := map[string]string{}
	if r.sends != nil && len(rows) > 0 {
		for _, i := range rows {
			keys[f.Rows[i].Canonical] = rowKey(identity, f.Rows[i])
		}
	}
	sent := dec.kept
	var report campaignReport
	rows, adopted, adoptedIDs, d := adoptCampaignRecorded(r.sends, f, dec, rows, keys, &report)
	diags.Append(d...)
	sent = append(sent, adopted...)

	recording, d := recordCampaignSends(r.sends, plan.ID.ValueString(), rows, keys)
	if d.HasError() {
		refuse(d)
		return
	}
	var labels *sendlog.Message // each row's send labelled in the campaign's group (send_label.go)
	if r.labelsOn() {
		if l, _, ok := campaignIdentity(r.client.Sender(), *plan); ok {
			labels = &l
		}
	}
	results := r.sendEachRow(ctx, base, cols, f, rows, recording, labels)
	diags.Append(recordedAnswersLost(r.sends, recording)...)
	for j, res := range results {
		if res.Err == nil {
			sent = append(sent, dec.digests[rows[j]])
		}
		report.add(res)
	}
	diags.Append(writeCampaignReport(plan.ReportFile, f, rows, results, adoptedIDs)...)
	plan.SentRecipients = types.StringValue(campaign.Pack(sent))
	plan.SentCount = types.Int64Value(int64(len(sent)))
	plan.FailedCount = types.Int64Value(int64(report.failed + len(report.unknown)))

	if state == nil && len(sent) == 0 && len(report.unknown) == 0 && report.failed > 0 {
		// Nobody has the message: keep no state, so the next apply creates
		// the campaign again, which sends to every row.
		diags.Append(report.diagnostic(true, len(rows), "No state is kept, so the next apply sends to every recipient."))
		return
	}
	// Set state before reporting: once the API has taken a message, losing
	// its record would make the next apply send it again.
	plan.DeliveryLabel = r.campaignLabel(*plan)
	diags.Append(out.Set(ctx, plan)...)
	dropUnanswered(r.sends, results, keys)
	if report.failed+len(report.unknown) == 0 {
		return
	}
	// As the broadcast: a warning on create (an error would taint the
	// campaign, and replacing it would send to everyone again), an error after.
	diags.Append(report.diagnostic(state != nil, len(rows),
		"Every other recipient's message is kept in sent_recipients; the next plan sends these recipients the message again."))
}

// personalised is base for one row: its number, and its values in the
// template's body and buttons.
func personalised(base whatsapp.MediaMessage, cols campaignColumns, row campaign.Row) whatsapp.MediaMessage {
	var p content.Personal
	if len(row.Params) > 0 {
		if len(cols.body) > 0 {
			p.Body = row.Params[:len(cols.body)]
		}
		if len(cols.buttonIndex) > 0 {
			p.Buttons = make(map[int]string, len(cols.buttonIndex))
			for k, index := range cols.buttonIndex {
				p.Buttons[index] = row.Params[len(cols.body)+k]
			}
		}
	}
	return content.ForRecipient(base, row.Canonical, p)
}

// sendEachRow sends each row in rows its own message, recording each send,
// labelled by labels (nil: no labels) as rowLabel says.
func (r *mediaCampaignResource) sendEachRow(ctx context.Context, base whatsapp.MediaMessage, cols campaignColumns,
	f *campaign.File, rows []int, recording *sendrecord.Broadcast, labels *sendlog.Message) []whatsapp.BroadcastResult {
	if len(rows) == 0 {
		return nil
	}
	ctx = withSendFields(ctx, base)
	progress := campaignProgress(ctx, len(rows))
	return r.client.SendEach(ctx, len(rows), func(j int) whatsapp.MediaMessage {
		m := personalised(base, cols, f.Rows[rows[j]])
		if labels != nil {
			m.CallbackData = rowLabel(*labels, f.Rows[rows[j]])
		}
		return m
	}, campaignConcurrency, recording.Hooks(progress))
}

// adoptCampaignRecorded looks the rows to send up in the record of sends: a send a
// lost run made (its state never written) is adopted if answered, and not
// sent in this apply if unanswered (reported as possibly sent, and dropped
// from the record so that the next apply sends it). It returns the rows
// still to send and the digests adopted.
func adoptCampaignRecorded(rec *sendrecord.Record, f *campaign.File, dec campaignDecision, rows []int, keys map[string]string,
	report *campaignReport) ([]int, []campaign.Digest, map[int]string, diag.Diagnostics) {
	var diags diag.Diagnostics
	if rec == nil || len(rows) == 0 {
		return rows, nil, nil, diags
	}
	found, err := rec.FindAll(keys)
	if err != nil {
		diags.Append(sendRecordUnreadable(rec, err))
		return rows, nil, nil, diags
	}
	if len(found) == 0 {
		return rows, nil, nil, diags
	}
	var still []int
	var adopted []campaign.Digest
	ids := map[int]string{} // row -> the adopted send's message ID
	var unanswered []string
	for _, i := range rows {
		e, ok := found[f.Rows[i].Canonical]
		switch {
		case !ok:
			still = append(still, i)
		case e.Outcome == sendlog.Accepted:
			adopted = append(adopted, dec.digests[i])
			ids[i] = e.MessageID
		default:
			unanswered = append(unanswered, keys[f.Rows[i].Canonical])
			report.unknown = append(report.unknown, f.Rows[i].Canonical)
		}
	}
	if len(adopted) > 0 {
		diags.AddWarning(fmt.Sprintf("WhatsApp Campaign Already Sent to %d Recipient(s): Adopted", len(adopted)),
			fmt.Sprintf("A run whose state was lost (a crash or a killed run) already sent this message to %d "+
				"recipient(s), found in the record of sends: this apply records them in sent_recipients and sends them "+
				"nothing.", len(adopted)))
	}
	if len(unanswered) > 0 {
		// Dropped from the record: the state's failed_count and this report
		// keep them, and the next apply sends to them again.
		_ = rec.SeenAll(unanswered, nil)
	}
	return still, adopted, ids, diags
}

// recordCampaignSends prepares the record's hooks for the rows' sends; nil
// when the record is off.
func recordCampaignSends(rec *sendrecord.Record, id string, rows []int, keys map[string]string) (*sendrecord.Broadcast, diag.Diagnostics) {
	var diags diag.Diagnostics
	if rec == nil || len(rows) == 0 {
		return nil, diags
	}
	sends, err := rec.Broadcast(id, len(rows), keys)
	if err != nil {
		diags.Append(sendNotRecorded(fmt.Sprintf("each of the %d send(s)", len(rows)),
			fmt.Errorf("the record at %s could not be opened: %w", rec.Path(), err)))
	}
	return sends, diags
}

// campaignReport is the broadcast's report of failures grouped by error,
// with the per-user marketing cap (131049) counted on its own, worded for a
// campaign (no accept_unknown; the recipients are rows of a file).
type campaignReport struct {
	broadcastReport
	marketingCap int
}

func (c *campaignReport) add(res whatsapp.BroadcastResult) {
	c.broadcastReport.add(res)
	var ae *whatsapp.APIError
	if res.Err != nil && errors.As(res.Err, &ae) && ae.Code == marketingCapCode {
		c.marketingCap++
	}
}

// marketingCapCode is Cloud's "not delivered to maintain healthy ecosystem
// engagement": a person got as many marketing messages as WhatsApp allows.
const marketingCapCode = 131049

func (c *campaignReport) diagnostic(asError bool, attempted int, kept string) diag.Diagnostic {
	b := &c.broadcastReport
	var s strings.Builder
	fmt.Fprintf(&s, "Of %d send(s), %d failed and %d have an unknown outcome. %s", attempted, b.failed, len(b.unknown), kept)
	if c.marketingCap > 0 {
		fmt.Fprintf(&s, "\n%d of the failures are WhatsApp's per-user marketing cap (131049), not a fault of the "+
			"campaign: sending them again soon fails the same way.", c.marketingCap)
	}
	sort.SliceStable(b.order, func(i, j int) bool {
		return len(b.byError[b.order[i]].recipients) > len(b.byError[b.order[j]].recipients)
	})
	for _, key := range b.order {
		g := b.byError[key]
		sort.Strings(g.recipients)
		fmt.Fprintf(&s, "\n\n%d not sent (WhatsApp did not take them): %s\n%s", len(g.recipients),
			firstFew(g.recipients), strings.ReplaceAll(describeBroadcastError(g.err), g.first, "<recipient>"))
	}
	if len(b.unknown) > 0 {
		sort.Strings(b.unknown)
		fmt.Fprintf(&s, "\n\n%d may have been sent (no answer came back, or a run that was stopped sent it and lost the "+
			"answer): %s. They are not in sent_recipients, so the next apply sends them the message again; to avoid "+
			"that for one who has it, check with them or on your webhook first.", len(b.unknown), firstFew(b.unknown))
	}
	summary := fmt.Sprintf("WhatsApp Campaign: %d Recipient(s) Not Sent", b.failed+len(b.unknown))
	if asError {
		return diag.NewAttributeErrorDiagnostic(path.Root("recipients_file"), summary, s.String())
	}
	return diag.NewAttributeWarningDiagnostic(path.Root("recipients_file"), summary, s.String())
}

// campaignProgress logs the sends' progress every progressEvery (INFO), as
// the broadcast does.
func campaignProgress(ctx context.Context, n int) func(whatsapp.BroadcastResult) {
	start := time.Now()
	tflog.Info(ctx, "sending WhatsApp campaign", map[string]any{"recipients": n, "max_in_flight": campaignConcurrency})
	var (
		mu                        sync.Mutex
		done, ok, failed, unknown int
		lastLog                   = start
	)
	return func(res whatsapp.BroadcastResult) {
		mu.Lock()
		defer mu.Unlock()
		done++
		switch {
		case res.Err == nil:
			ok++
		case whatsapp.IsOutcomeUnknown(res.Err):
			unknown++
		default:
			failed++
		}
		if now := time.Now(); now.Sub(lastLog) >= progressEvery || done == n {
			lastLog = now
			tflog.Info(ctx, "WhatsApp campaign progress", map[string]any{
				"done": done, "of": n, "accepted": ok, "failed": failed, "unknown": unknown,
				"per_second": fmt.Sprintf("%.1f", float64(done)/now.Sub(start).Seconds()),
			})
		}
	}
}

// dropUnanswered drops from the record the sends of this apply whose outcome
// is unknown: the report names them and the state leaves them out of
// sent_recipients, so the next apply sends them again, as the broadcast's
// next apply does. Best effort: what stays makes the next apply hold them
// back once more.
func dropUnanswered(rec *sendrecord.Record, results []whatsapp.BroadcastResult, keys map[string]string) {
	if rec == nil {
		return
	}
	var unanswered []string
	for _, res := range results {
		if whatsapp.IsOutcomeUnknown(res.Err) {
			unanswered = append(unanswered, keys[res.To])
		}
	}
	if len(unanswered) > 0 {
		_ = rec.SeenAll(unanswered, nil)
	}
}

// forgetCampaign drops from the record the sends of every row of the file
// that state says has its message. The file is read again for their
// numbers (the state holds only digests); when it cannot be, the record keeps
// them until send_record_window passes, and says so.
func forgetCampaign(ctx context.Context, rec *sendrecord.Record, state mediaCampaignModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if rec == nil {
		return diags
	}
	held, err := campaign.Unpack(state.SentRecipients.ValueString())
	identity, cid, known := campaignIdentity(rec.Sender(), state)
	if err != nil || !known || len(held) == 0 {
		return diags
	}
	cols, d := campaignColumnsOf(ctx, state)
	var f *campaign.File
	if !d.HasError() {
		f, d = readCampaignFile(state, cols)
	}
	if d.HasError() {
		diags.AddWarning("WhatsApp Campaign's Sends Not Forgotten",
			fmt.Sprintf("The record of sends at %s keeps this campaign's sends until send_record_window passes, since "+
				"%s could not be read to name them; a campaign created again with the same content before then adopts "+
				"them instead of sending.", rec.Path(), state.RecipientsFile.ValueString()))
		return diags
	}
	var keys []string
	for _, row := range f.Rows {
		if held.Has(campaign.DigestOf(cid, row.Canonical, row.Params)) {
			keys = append(keys, rowKey(identity, row))
		}
	}
	if err := rec.ForgetAll(keys, nil); err != nil {
		diags.Append(sendsNotForgotten(rec, fmt.Sprintf("The sends of %d recipient(s)", len(keys)), err))
	}
	return diags
}

// writeCampaignReport writes report_file, when set: one CSV row per send of
// this apply and per send adopted from the record. A file that cannot be
// written is a warning: the sends and the state stand.
func writeCampaignReport(file types.String, f *campaign.File, rows []int, results []whatsapp.BroadcastResult,
	adopted map[int]string) diag.Diagnostics {
	var diags diag.Diagnostics
	if !isSet(file) || len(results)+len(adopted) == 0 {
		return diags
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"line", "phone", "outcome", "message_id", "error"}) // a strings.Builder never fails
	adoptedRows := make([]int, 0, len(adopted))
	for i := range adopted {
		adoptedRows = append(adoptedRows, i)
	}
	sort.Ints(adoptedRows)
	for _, i := range adoptedRows {
		_ = w.Write([]string{strconv.Itoa(f.Rows[i].Line), f.Rows[i].Canonical, "adopted", adopted[i], ""})
	}
	for j, res := range results {
		row := f.Rows[rows[j]]
		outcome, id, why := outcomeAccepted, "", ""
		switch {
		case res.Err == nil:
			id = res.Sent.ID
		case whatsapp.IsOutcomeUnknown(res.Err):
			outcome, why = outcomeUnknown, recordedError(res.Err)
		default:
			outcome, why = outcomeFailed, recordedError(res.Err)
		}
		_ = w.Write([]string{strconv.Itoa(row.Line), row.Canonical, outcome, id, why})
	}
	w.Flush()
	if err := os.WriteFile(file.ValueString(), []byte(b.String()), 0o600); err != nil {
		diags.AddAttributeWarning(path.Root("report_file"), "Campaign Report Not Written",
			fmt.Sprintf("The outcome of each send could not be written to %s: %v. The sends and the state are kept; "+
				"the failures are in this apply's report.", file.ValueString(), err))
	}
	return diags
}
