package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/sendrecord"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sendlog"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The provider's side of the record of sends (package sendrecord holds the
// mechanics): where the record is and for how long a send can be adopted
// (send_record_path, send_record_window), and the words for what becomes of
// it. The message's use is media_message_send_record.go, the broadcast's
// media_broadcast_send_record.go.

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

// newSendRecord resolves send_record_path and send_record_window; it returns
// nil when the record is off or the client could not be built. It opens
// nothing: the file is opened when a message first needs it.
func newSendRecord(m providerModel, env lookupEnv, client *whatsapp.Client) (*sendrecord.Record, diag.Diagnostics) {
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
	return sendrecord.New(p, window, client.Sender()), s.diags
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

// recordedAt is when a recorded send was attempted, as state keeps times.
func recordedAt(e sendlog.Entry) string { return timestamp(e.At) }

// The words for the record of sends, whichever resource uses it.

func sendRecordUnreadable(r *sendrecord.Record, err error) diag.Diagnostic {
	return diag.NewWarningDiagnostic("WhatsApp Send Record Not Read",
		fmt.Sprintf("The record of sends at %s could not be read, so this plan cannot tell whether a message "+
			"whose state was lost was already sent: %v. Check the file's permissions, or set send_record_path (%s) "+
			"to a writable place.", r.Path(), err, envSendRecordPath))
}

// sendRecordRemedy is what to do when the record cannot be written.
const sendRecordRemedy = "Make the file and its directory writable, set send_record_path (" + envSendRecordPath +
	") to a writable place, or turn the record off with send_record_window = \"0s\"."

// sendNotRecorded words a send the record refused: nothing was sent. what
// names the send(s), e.g. `the message to "+1..."`.
func sendNotRecorded(what string, err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Unable to Write the WhatsApp Send Record",
		fmt.Sprintf("Nothing was sent: %s is recorded before it is sent, so that a crash cannot make the next apply "+
			"send it twice, and %v. %s", what, err, sendRecordRemedy))
}

// sendAnswersNotRecorded words answers the record could not keep: the state
// holds them, so only a crash before Terraform saves it would make them unknown.
func sendAnswersNotRecorded(r *sendrecord.Record, n int, err error) diag.Diagnostic {
	return diag.NewWarningDiagnostic("WhatsApp Send Record Not Updated",
		fmt.Sprintf("The answers to %d send(s) could not be written to the record of sends at %s: %v. The state "+
			"holds them; only a crash before Terraform saves it would leave those sends without their answer.",
			n, r.Path(), err))
}

// sendsNotForgotten words sends the record could not forget: what names
// them; they stay adoptable for send_record_window.
func sendsNotForgotten(r *sendrecord.Record, what string, err error) diag.Diagnostic {
	return diag.NewWarningDiagnostic("WhatsApp Send Record Not Updated",
		fmt.Sprintf("%s could not be removed from the record of sends at %s: %v. While it stays there (at most "+
			"send_record_window), a message or broadcast that sends the same content to the same recipient where "+
			"no state holds it adopts the recorded send instead of sending.", what, r.Path(), err))
}
