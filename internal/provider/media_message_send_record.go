package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sendlog"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The record of sends (internal/sendlog) is how a message survives the loss
// of the state that should hold it: Create writes, and flushes to disk, what
// it is about to send just before each attempt of the send (recordedSend),
// and the answer after; a planned create
// whose message the record holds adopts the recorded message ID instead of
// sending again. Read prunes what the state holds; Delete forgets what the
// user destroyed, so that creating it again sends it again.

const (
	// sendRecordFile is the record's name inside Terraform's data directory.
	sendRecordFile = "whatsapp-send-record.log"
	// defaultSendRecordWindow covers a crash on Friday evening applied again on Monday.
	defaultSendRecordWindow = 7 * 24 * time.Hour
)

const sendRecordPathDescription = "Where the provider keeps its record of sends: before each message send it writes " +
	"(and flushes to disk) what it is about to send, and after the answer the message ID. When Terraform loses the " +
	"state that should hold a sent message (killed while rewriting its state file, a CI job killed mid-apply), the " +
	"next plan finds the send in this record, says so, and adopts the recorded message ID instead of sending the " +
	"message again. Default: `" + sendRecordFile + "` in Terraform's data directory (`TF_DATA_DIR`, by default " +
	"`.terraform` in the working directory), `whatsapp-send-record.<workspace>.log` in a workspace other than " +
	"`default`. A CI runner whose disk goes away with the job loses the record too: " +
	"point it at a persistent path there. Several runs may share one file."

const sendRecordWindowDescription = "How long a recorded send can be adopted, as a Go duration (`168h`, the " +
	"default, is 7 days). A recorded send older than this is never adopted (the next apply sends the message) " +
	"and is dropped from the record. `0s` turns the record off: nothing is written or read."

// windowValidator checks send_record_window.
var windowValidator = stringCheck{
	description: "a Go duration of 0 or more, e.g. 168h; 0s turns the record of sends off",
	summary:     "Invalid WhatsApp Provider Argument",
	problem: func(v string) string {
		if _, problem := parseWindow(v); problem != "" {
			return fmt.Sprintf("send_record_window is %q: %s", v, problem)
		}
		return ""
	},
}

func parseWindow(raw string) (time.Duration, string) {
	d, err := time.ParseDuration(raw)
	if err != nil {
		return 0, `it must be a Go duration such as "168h" or "24h", or "0s" to turn the record of sends off.`
	}
	if d < 0 {
		return 0, `it must not be negative; "0s" turns the record of sends off.`
	}
	return d, ""
}

// sendRecord is one provider configuration's use of the record: the file
// (shared by every configuration of the process that names it), who sends,
// and which recorded sends this configuration's plans already adopted.
type sendRecord struct {
	path    string
	window  time.Duration
	sender  string // whatsapp.Client.Sender: a send by another account is another message
	session string // this configuration's sends, which its own lookups skip

	mu      sync.Mutex
	claimed map[string]bool // sendlog.Entry.Send adopted by a plan of this configuration
}

// newSendRecord resolves send_record_path and send_record_window; it returns
// nil when the record is off or the client could not be built. It opens
// nothing: the file is opened when a message first needs it.
func newSendRecord(m providerModel, env lookupEnv, client *whatsapp.Client) (*sendRecord, diag.Diagnostics) {
	s := &settings{env: env}
	p := s.str(argSendRecordPath, m.SendRecordPath)
	rawWindow := s.str(argSendRecordWindow, m.SendRecordWindow)
	window := defaultSendRecordWindow
	if rawWindow != "" {
		d, problem := parseWindow(rawWindow)
		if problem != "" {
			s.invalid(argSendRecordWindow, rawWindow, problem)
		}
		window = d
	}
	if s.diags.HasError() || client == nil || window == 0 {
		return nil, s.diags
	}
	if p == "" {
		p = defaultSendRecordPath(env)
	}
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	return &sendRecord{path: p, window: window, sender: client.Sender(), session: sendlog.NewSession(),
		claimed: map[string]bool{}}, s.diags
}

// defaultSendRecordPath is the record's place in Terraform's data directory,
// where Terraform runs the provider: one file per workspace, because each
// workspace has a state of its own, so the same message in two workspaces is
// two messages. The workspace is TF_WORKSPACE, else the one Terraform keeps
// in the data directory's "environment" file.
func defaultSendRecordPath(env lookupEnv) string {
	dataDir, ok := env("TF_DATA_DIR")
	if !ok || dataDir == "" {
		dataDir = ".terraform"
	}
	workspace, _ := env("TF_WORKSPACE")
	if workspace == "" {
		if data, err := os.ReadFile(filepath.Join(dataDir, "environment")); err == nil {
			workspace = strings.TrimSpace(string(data))
		}
	}
	if workspace == "" || workspace == "default" {
		return filepath.Join(dataDir, sendRecordFile)
	}
	return filepath.Join(dataDir, strings.TrimSuffix(sendRecordFile, ".log")+"."+filepath.Base(workspace)+".log")
}

// openRecords holds the record files this process opened, by path: Terraform
// configures the provider again for every plan and apply, and the file stays
// open for the life of the process, which is one Terraform command.
var (
	openRecordsMu sync.Mutex
	openRecords   = map[string]*sendlog.Record{}
)

func (r *sendRecord) file() (*sendlog.Record, error) {
	openRecordsMu.Lock()
	defer openRecordsMu.Unlock()
	if rec := openRecords[r.path]; rec != nil {
		return rec, nil
	}
	rec, err := sendlog.Open(r.path, r.window)
	if err != nil {
		return nil, err
	}
	openRecords[r.path] = rec
	return rec, nil
}

// messageOf is what identifies m's send, and false when part of it is not
// known yet (the plan cannot tell then; the send is recorded at apply).
func (r *sendRecord) messageOf(m mediaMessageModel) (sendlog.Message, bool) {
	recipient, err := whatsapp.CanonicalRecipient(m.To.ValueString())
	if err != nil || m.To.IsUnknown() {
		return sendlog.Message{}, false
	}
	// The media is its content when media_sha256 is set: the same file uploaded
	// again (a new media ID) is the same message.
	media, mediaName := m.MediaID, "media_id"
	if !m.MediaSHA256.IsNull() {
		media, mediaName = types.StringValue(strings.ToLower(m.MediaSHA256.ValueString())), "media_sha256"
		if m.MediaSHA256.IsUnknown() {
			media = m.MediaSHA256
		}
	} else if sha, ok := r.contentOfMedia(m.MediaID); ok {
		// A media ID this provider uploaded is its content too (media_upload_record.go).
		media, mediaName = types.StringValue(sha), "media_sha256"
	}
	content := map[string]string{}
	for name, v := range map[string]types.String{"type": m.Type, mediaName: media, "link": m.Link, "caption": m.Caption,
		"filename": m.Filename, "link_provider": m.LinkProvider, "recipient_type": m.RecipientType} {
		if v.IsUnknown() {
			return sendlog.Message{}, false
		}
		if !v.IsNull() {
			content[name] = v.ValueString()
		}
	}
	// A template send (media_message_template.go) is another message than the
	// same media sent free-form, and another template is another message.
	if !m.Template.IsNull() {
		v, err := m.Template.ToTerraformValue(context.Background())
		if err != nil || !v.IsFullyKnown() {
			return sendlog.Message{}, false
		}
		content["template"] = m.Template.String() // keys sorted: the same template, the same text
	}
	triggers := map[string]string{}
	if m.Triggers.IsUnknown() {
		return sendlog.Message{}, false
	}
	for k, v := range m.Triggers.Elements() {
		s, ok := v.(types.String)
		if !ok || s.IsUnknown() {
			return sendlog.Message{}, false
		}
		if !s.IsNull() {
			triggers[k] = s.ValueString()
		}
	}
	return sendlog.Message{Account: r.sender, Recipient: recipient, Content: content, Triggers: triggers}, true
}

// planCreate looks a planned create up in the record. A recorded send with a
// message ID is adopted: the plan carries its ID, and Create writes it into
// state without sending. A recorded send without an answer is an unknown
// outcome: the plan says so and Create records it as one (nothing is sent,
// the apply fails, and the user decides, as for any unknown outcome).
func (r *sendRecord) planCreate(ctx context.Context, plan *mediaMessageModel) diag.Diagnostics {
	var diags diag.Diagnostics
	msg, ok := r.messageOf(*plan)
	if !ok {
		return diags
	}
	rec, err := r.file()
	if err != nil {
		diags.AddWarning("WhatsApp Send Record Not Read", r.unreadable(err))
		return diags
	}
	entries, err := rec.Lookup(r.session, msg.Key(), r.window)
	if err != nil {
		diags.AddWarning("WhatsApp Send Record Not Read", r.unreadable(err))
		return diags
	}
	var unanswered *sendlog.Entry
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, e := range entries {
		if r.claimed[e.Send] {
			continue
		}
		if e.Outcome != sendlog.Accepted {
			if unanswered == nil {
				unanswered = &entries[i]
			}
			continue
		}
		r.claimed[e.Send] = true
		plan.ID = types.StringValue(e.MessageID)
		plan.SentAt = types.StringValue(e.At.UTC().Format(time.RFC3339))
		plan.Outcome = types.StringValue(outcomeAccepted)
		tflog.Debug(ctx, "adopting a recorded send", map[string]any{"message_id": e.MessageID, "send_record": r.path})
		diags.AddWarning("WhatsApp Message Already Sent: Adopted",
			fmt.Sprintf("The %s message to %q was already sent at %s (message ID %q), but no state holds it: the state "+
				"that should have was lost (a crash or a killed run). This apply records that message ID in state and sends "+
				"nothing. Found in the record of sends at %s. To send it again anyway, change a triggers value.",
				plan.Type.ValueString(), plan.To.ValueString(), e.At.UTC().Format(time.RFC3339), e.MessageID, r.path))
		return diags
	}
	if unanswered != nil {
		r.claimed[unanswered.Send] = true
		plan.SentAt = types.StringValue(unanswered.At.UTC().Format(time.RFC3339))
		plan.Outcome = types.StringValue(outcomeUnknown)
		diags.AddWarning("WhatsApp Message May Already Have Been Sent",
			fmt.Sprintf("A send of the %s message to %q started at %s and its answer never came back (the run was "+
				"stopped or crashed), and no state holds it. This apply does not send it: it records the message with "+
				"outcome = \"unknown\", as tainted, and fails. Check with the recipient; if they have it, run "+
				"`terraform untaint <address of this message>` and nothing is sent; otherwise apply again to send it. "+
				"Found in the record of sends at %s.", plan.Type.ValueString(), plan.To.ValueString(),
				unanswered.At.UTC().Format(time.RFC3339), r.path))
	}
	return diags
}

func (r *sendRecord) unreadable(err error) string {
	return fmt.Sprintf("The record of sends at %s could not be read, so this plan cannot tell whether a message "+
		"whose state was lost was already sent: %v. Check the file's permissions, or set send_record_path (%s) to a "+
		"writable place.", r.path, err, envSendRecordPath)
}

// recordedSend is one message send's use of the record: its intent, written
// just before each attempt of the send and dropped when the API proves it
// did not take it, so that a crash while the send waits for the pace or a
// retry leaves nothing that looks sent.
type recordedSend struct {
	r      *sendRecord
	plan   mediaMessageModel
	intent *sendlog.Intent
	diags  diag.Diagnostics
}

// hooksFor is the client's hooks for sending plan, and the send's record; no
// hooks when the record is off.
func (r *sendRecord) hooksFor(plan mediaMessageModel) (whatsapp.SendHooks, *recordedSend) {
	s := &recordedSend{r: r, plan: plan}
	if r == nil {
		return whatsapp.SendHooks{}, s
	}
	return whatsapp.SendHooks{
		BeforeAttempt: func() error {
			var d diag.Diagnostics
			s.intent, d = r.intend(plan)
			s.diags.Append(d...)
			if d.HasError() {
				return errors.New("the record of sends could not be written")
			}
			return nil
		},
		NotTaken: func() {
			if s.intent != nil {
				_ = s.intent.NotSent() // a failure only leaves an unknown outcome after a crash
				s.intent = nil
			}
		},
	}, s
}

// refused reports whether the record stopped the send before it was made.
func (s *recordedSend) refused() bool { return s.diags.HasError() }

// done records what became of the send.
func (s *recordedSend) done(sent *whatsapp.SentMessage, err error) diag.Diagnostics {
	if s.r == nil || s.refused() {
		return s.diags
	}
	return append(s.diags, s.r.answered(s.intent, sent, err)...)
}

// intend records a send before it is made. Nothing may be sent when it fails:
// the record could not protect the send.
func (r *sendRecord) intend(plan mediaMessageModel) (*sendlog.Intent, diag.Diagnostics) {
	var diags diag.Diagnostics
	msg, ok := r.messageOf(plan)
	if !ok {
		return nil, diags // every value is known at apply; a recipient Create refuses is never sent
	}
	rec, err := r.file()
	var intent *sendlog.Intent
	if err == nil {
		intent, err = rec.Intend(r.session, msg.Key(), msg.Recipient, nil)
	}
	if err != nil {
		diags.AddError("Unable to Write the WhatsApp Send Record",
			fmt.Sprintf("Nothing was sent: the message to %q is recorded before it is sent, so that a crash cannot "+
				"make the next apply send it twice, and the record at %s could not be written: %v. Make the file "+
				"and its directory writable, set send_record_path (%s) to a writable place, or turn the record off "+
				"with send_record_window = \"0s\".", plan.To.ValueString(), r.path, err, envSendRecordPath))
	}
	return intent, diags
}

// answered records what became of a send; a failure to write it only weakens
// the protection (a crash would then find the send without its answer).
func (r *sendRecord) answered(intent *sendlog.Intent, sent *whatsapp.SentMessage, err error) diag.Diagnostics {
	var diags diag.Diagnostics
	if intent == nil {
		return diags
	}
	if werr := recordAnswer(intent, sent, err); werr != nil {
		diags.AddWarning("WhatsApp Send Record Not Updated",
			fmt.Sprintf("The answer to a send could not be written to the record of sends at %s: %v. The state "+
				"holds the outcome; only a crash before Terraform saves it would leave the send without its answer.",
				r.path, werr))
	}
	return diags
}

// recordAnswer writes what became of a send (the message resource's and
// each of a broadcast's): its message ID, an unknown outcome, or that the
// API did not take it.
func recordAnswer(intent *sendlog.Intent, sent *whatsapp.SentMessage, err error) error {
	switch {
	case err == nil:
		return intent.Accepted(sent.ID)
	case whatsapp.IsOutcomeUnknown(err):
		return intent.Unknown()
	default:
		return intent.NotSent()
	}
}

// seen prunes a send the state holds: by its message ID, or, for a send the
// state keeps as an unknown outcome (tainted, no ID), by its key, so that the
// replacement the user applies sends it (Terraform plans the replacement of a
// tainted object as a create). Best effort: a send left in the record is only
// adopted where no state holds it.
func (r *sendRecord) seen(ctx context.Context, state mediaMessageModel) {
	key := ""
	if state.Outcome.ValueString() == outcomeUnknown {
		if msg, ok := r.messageOf(state); ok {
			key = msg.Key()
		}
	}
	if key == "" && !isSet(state.ID) {
		return
	}
	rec, err := r.file()
	if err == nil {
		err = rec.Seen(key, state.ID.ValueString())
	}
	if err != nil {
		tflog.Debug(ctx, "could not prune the record of sends", map[string]any{"error": err.Error()})
	}
}

// forget drops a destroyed message from the record, so that creating it
// again sends it again.
func (r *sendRecord) forget(state mediaMessageModel) diag.Diagnostics {
	var diags diag.Diagnostics
	key := ""
	if msg, ok := r.messageOf(state); ok {
		key = msg.Key()
	}
	rec, err := r.file()
	if err == nil {
		err = rec.Forget(key, state.ID.ValueString())
	}
	if err != nil {
		diags.AddAttributeWarning(path.Root("id"), "WhatsApp Send Record Not Updated",
			fmt.Sprintf("The destroyed message to %q could not be removed from the record of sends at %s: %v. "+
				"While it stays there (at most send_record_window), creating the same message again where no state "+
				"holds it adopts it instead of sending it.", state.To.ValueString(), r.path, err))
	}
	return diags
}
