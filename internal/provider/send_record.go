package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/sendrecord"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sendlog"
)

// The words for the record of sends, whichever resource uses it. Package
// sendrecord holds the mechanics; send_record_path and send_record_window
// are provider arguments (provider_arguments.go), read by newSendRecord
// (provider_config.go). The message's use is media_message_send_record.go,
// the broadcast's media_broadcast_send_record.go.

// recordedAt is a recorded send's sent_at, as the apply that made it would
// have kept it: when its answer came (when it was attempted, for a send
// without an answer).
func recordedAt(e sendlog.Entry) string {
	if e.Answered.IsZero() {
		return timestamp(e.At)
	}
	return timestamp(e.Answered)
}

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
