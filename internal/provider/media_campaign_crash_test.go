package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// TestAccMediaCampaignCrash_killed: a campaign's apply killed (SIGKILL) once
// 30 of its 400 sends were taken (more than campaignConcurrency, so that some
// are not in flight when the stop comes), its state emptied: the next applies adopt
// what the record of sends holds and send the rest, and every person ends
// with exactly one message, greeted by name. Ctrl-C (SIGINT) keeps what was
// sent in state, and the next apply sends only the rest.
func TestAccMediaCampaignCrash_killed(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGKILL, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			s := startSandbox(t)
			c := newCampaignRun(t, apiCloud, s)
			if err := s.SetRateLimit(sandbox.RateLimit{Rate: 50, Burst: 5, RetryAfter: "1"}); err != nil {
				t.Fatal(err)
			}
			s.InjectFault(sandbox.Fault{Kind: sandbox.FaultLatency, Method: "POST", PathSuffix: "/messages",
				Times: 4000, Delay: 300 * time.Millisecond})
			rows := customers(400)
			c.writeCSV(rows)
			c.config("https://cdn.example.com/a.png", "")
			c.cli.run("init", "-input=false")
			if _, err := stopApplyMidway(t, c.cli, s, sig); err != nil {
				t.Logf("the stopped apply exited: %v", err)
			}
			taken := len(s.Messages())
			if taken >= len(rows) {
				t.Fatalf("all %d messages were sent before the stop: the test proves nothing", taken)
			}
			t.Logf("%s: %d of %d messages taken before the apply stopped", sig, taken, len(rows))
			if sig == syscall.SIGKILL {
				if err := os.WriteFile(filepath.Join(c.dir, "terraform.tfstate"), nil, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			var outs []string
			for range 3 { // unanswered sends are held back once, then sent
				out, changes := c.plan()
				if !changes {
					break
				}
				outs = append(outs, out)
				outs = append(outs, c.mustApply())
			}
			if out, changes := c.plan(); changes {
				t.Fatalf("the plan after the applies is not empty:\n%s", out)
			}
			c.expectSent("after the stop", 0, rows)
			all := strings.Join(outs, "\n")
			if sig == syscall.SIGKILL {
				expectContains(t, "apply after the kill", all, fmt.Sprintf("WhatsApp Campaign Already Sent to %d Recipient(s): Adopted", taken))
			}
			if st := readCampaignState(t, c.dir); st.SentCount != 400 || st.FailedCount != 0 {
				t.Fatalf("state after the applies: %+v", st)
			}
		})
	}
}

// A destroyed campaign is forgotten by the record: created again, it sends
// again.
func TestAccMediaCampaignCrash_destroyThenCreateSendsAgain(t *testing.T) {
	s := startSandbox(t)
	c := newCampaignRun(t, apiCloud, s)
	rows := customers(20)
	c.writeCSV(rows)
	c.config("https://cdn.example.com/a.png", "")
	c.cli.run("init", "-input=false")
	c.mustApply()
	c.cli.run("destroy", "-auto-approve", "-input=false", "-refresh=false")
	if out := c.mustApply(); strings.Contains(out, "Adopted") {
		t.Errorf("the campaign created again after its destroy adopted the recorded sends:\n%s", out)
	}
	c.expectSent("created again", len(rows), rows)
}
