package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The apply's report groups recipients by what went wrong, even when the
// error's text names each one's number (a send stopped by Ctrl-C while it
// waited: "send image message to 16315551001: context canceled"), and says
// of those that they were not sent because the apply was interrupted.
func TestBroadcastReportGroupsOneFailure(t *testing.T) {
	var report broadcastReport
	for _, to := range []string{"16315551001", "16315551002", "16315551003"} {
		err := fmt.Errorf("send image message to %s: %w", to, fmt.Errorf("%w: %w: %w",
			whatsapp.ErrNotAttempted, whatsapp.ErrInterrupted, context.Canceled))
		d := report.add(whatsapp.BroadcastResult{To: to, Err: err, At: time.Now()})
		if d.Outcome != outcomeFailed || d.Error != "not sent: the apply was interrupted" {
			t.Fatalf("an interrupted send is kept as %q (%q), want failed, \"not sent: the apply was interrupted\"", d.Outcome, d.Error)
		}
	}
	text := report.diagnostic(true, 3, "").Detail()
	if len(report.order) != 1 || !strings.Contains(text, "3 not sent (WhatsApp did not take them): 16315551001, 16315551002, 16315551003") ||
		strings.Contains(text, "message to 16315551001") || strings.Contains(text, "context canceled") ||
		!strings.Contains(text, "the apply was interrupted (Ctrl-C)") {
		t.Fatalf("want one group of 3 that names no single number in its reason; got %d groups:\n%s", len(report.order), text)
	}
}

// One refusal answered many times is one paragraph, although each answer
// carries its own fbtrace_id; the sends it stopped join it.
func TestBroadcastReportGroupsAnswersWithTheirOwnTraceIDs(t *testing.T) {
	var report broadcastReport
	refusal := func(to, trace string) error {
		return fmt.Errorf("send image message to %s: %w", to, &whatsapp.APIError{HTTPStatus: 400, Code: 132001,
			Title: "(#132001) Template name does not exist in the translation", Details: "template name (spring) does not exist in en_US",
			FBTraceID: trace})
	}
	var recipients []string
	for i := range 28 {
		to := fmt.Sprintf("163155510%02d", i)
		recipients = append(recipients, to)
		report.add(whatsapp.BroadcastResult{To: to, Err: refusal(to, fmt.Sprintf("trace%02d", i)), At: time.Now()})
	}
	stopped := fmt.Errorf("%w: an earlier send failed in a way every send would: %w", whatsapp.ErrNotAttempted, refusal(recipients[0], "trace00"))
	for i := range 4 {
		report.add(whatsapp.BroadcastResult{To: fmt.Sprintf("163155520%02d", i), Err: stopped, At: time.Now()})
	}
	text := report.diagnostic(true, 32, "").Detail()
	if n := strings.Count(text, "Template name does not exist in the translation"); n != 1 || len(report.order) != 1 {
		t.Fatalf("the refusal is written %d times in %d groups, want once in one:\n%s", n, len(report.order), text)
	}
	for _, want := range []string{"32 not sent (WhatsApp did not take them): 16315551000, 16315551001", "fbtrace_id: trace00",
		"each of the 28 answers has its own", "28 got this answer; no request was made for the other 4"} {
		if !strings.Contains(text, want) {
			t.Fatalf("the report lacks %q:\n%s", want, text)
		}
	}
}
