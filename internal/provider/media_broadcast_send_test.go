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
// waited: "send image message to 16315551001: context canceled").
func TestBroadcastReportGroupsOneFailure(t *testing.T) {
	var report broadcastReport
	for _, to := range []string{"16315551001", "16315551002", "16315551003"} {
		err := fmt.Errorf("%w: the apply was interrupted: send image message to %s: %w", whatsapp.ErrNotAttempted, to, context.Canceled)
		if d := report.add(whatsapp.BroadcastResult{To: to, Err: err, At: time.Now()}); d.Outcome != outcomeFailed {
			t.Fatalf("an interrupted send is kept as %q, want failed", d.Outcome)
		}
	}
	text := report.diagnostic(true, 3, "").Detail()
	if len(report.order) != 1 || !strings.Contains(text, "3 not sent (WhatsApp did not take them): 16315551001, 16315551002, 16315551003") ||
		strings.Contains(text, "message to 16315551001") {
		t.Fatalf("want one group of 3 that names no single number in its reason; got %d groups:\n%s", len(report.order), text)
	}
}
