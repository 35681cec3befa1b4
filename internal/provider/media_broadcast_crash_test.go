package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// The broadcast's crash tests, beside the message resource's
// (media_message_crash_test.go). Terraform writes a broadcast's state only
// when its whole apply returns, so a kill in the middle of it loses every
// answer of that apply unless the record of sends kept them: the next plan
// must adopt them, and every recipient must end with exactly one message,
// the one its deliveries entry names.

const broadcastCrashRecipients = 100

func crashRecipientList() []string {
	out := make([]string, broadcastCrashRecipients)
	for i := range out {
		out[i] = fmt.Sprintf("+1 631 555 %04d", i)
	}
	return out
}

// newRecordedBroadcastRun is a broadcastRun whose provider keeps its record
// of sends where Terraform's data directory is, as outside tests.
func newRecordedBroadcastRun(t *testing.T, flavor string, s *sandbox.Server) *broadcastRun {
	b := newBroadcastRun(t, flavor, s)
	b.provider = withSendRecord(b.provider, filepath.Join(b.dir, ".terraform", sendRecordFile))
	return b
}

func TestAccMediaBroadcastCrash_killed(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) { crashBroadcast(t, flavor, syscall.SIGKILL, false) })
	}
}

func TestAccMediaBroadcastCrash_interrupted(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) { crashBroadcast(t, flavor, syscall.SIGINT, false) })
	}
}

// TestAccMediaBroadcastCrash_killedPersonalised: the kill of a template
// broadcast whose every recipient has its own name (recipient_body_parameters):
// the record of sends keys each send by its own values, so the plan after
// the kill adopts the sends taken, and each person ends with exactly one
// message, carrying its own name.
func TestAccMediaBroadcastCrash_killedPersonalised(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) { crashBroadcast(t, flavor, syscall.SIGKILL, true) })
	}
}

// crashBroadcast stops the CLI with sig once 30 of the broadcast's sends were
// taken, then plans and applies again; personal sends a template with each
// recipient's own name.
func crashBroadcast(t *testing.T, flavor string, sig syscall.Signal, personal bool) {
	s := startSandbox(t)
	b := newRecordedBroadcastRun(t, flavor, s)
	extra := ""
	names := map[string]string{} // canonical -> its name
	if personal {
		b.provider = withSendRecord(templateProviderConfig(flavor, s), filepath.Join(b.dir, ".terraform", sendRecordFile))
		list := crashRecipientList()
		written := make([]string, len(list))
		order := make([]int, len(list))
		for i, r := range list {
			written[i], order[i] = fmt.Sprintf("Name%03d", i), i
			names[canonical(r)] = written[i]
		}
		extra = personalConfig(written, func(i int) string { return list[i] }, order)
	}
	if err := s.SetRateLimit(sandbox.RateLimit{Rate: 20, Burst: 5, RetryAfter: "1"}); err != nil {
		t.Fatal(err)
	}
	// Every send takes a while, so some are on the wire when the stop comes.
	s.InjectFault(sandbox.Fault{Kind: sandbox.FaultLatency, Method: "POST", PathSuffix: "/messages",
		Times: 10 * broadcastCrashRecipients, Delay: 300 * time.Millisecond})
	b.config(crashRecipientList(), extra)
	b.cli.run("init", "-input=false")

	if _, err := stopApplyMidway(t, b.cli, s, sig); err != nil {
		t.Logf("the stopped apply exited: %v", err)
	}
	taken := map[string]string{}
	for to, ids := range messagesByRecipient(s, nil) {
		if len(ids) != 1 {
			t.Fatalf("%s got %d messages before the stop", to, len(ids))
		}
		taken[canonical(to)] = ids[0]
	}
	if len(taken) >= broadcastCrashRecipients {
		t.Fatalf("all %d messages were sent before the stop: the test proves nothing", len(taken))
	}
	t.Logf("%s: %d of %d messages taken before the apply stopped", sig, len(taken), broadcastCrashRecipients)

	if sig == syscall.SIGKILL {
		// A kill while Terraform rewrote its state file leaves it empty (on
		// create it never held the broadcast: the kill came first).
		if err := os.WriteFile(filepath.Join(b.dir, "terraform.tfstate"), nil, 0o600); err != nil {
			t.Fatal(err)
		}
		stdout, stderr := b.cli.run("plan", "-input=false", "-out=tfplan")
		expectContains(t, "plan after the kill", oneLine(stdout+stderr),
			fmt.Sprintf("WhatsApp Broadcast Already Sent to %d Recipient(s): Adopted", len(taken)),
			fmt.Sprintf("WhatsApp Broadcast Will Send %d Message(s)", broadcastCrashRecipients-len(taken)))
		if planned := b.plannedDeliveries("tfplan"); len(planned) != len(taken) {
			t.Errorf("the plan knows %d deliveries before apply, want the %d taken", len(planned), len(taken))
		} else {
			for to, id := range taken {
				if planned[to] != id {
					t.Errorf("the plan gives %s message ID %q, the sandbox took %q", to, planned[to], id)
				}
			}
		}
		b.cli.run("apply", "-input=false", "tfplan")
	} else {
		out, _ := b.plan()
		expectContains(t, "plan after Ctrl-C", out,
			fmt.Sprintf("WhatsApp Broadcast Will Send %d Message(s)", broadcastCrashRecipients-len(taken)),
			fmt.Sprintf("%d whose last send failed, again", broadcastCrashRecipients-len(taken)),
			"(not sent: the apply was interrupted)")
		if strings.Contains(out, "context canceled") {
			t.Errorf("the plan after Ctrl-C says why sends failed in Go's words (context canceled):\n%s", out)
		}
		b.mustApply()
	}

	got := b.expectAccepted("second apply", canonicalAll(crashRecipientList())...)
	for to, ids := range messagesByRecipient(s, nil) {
		if len(ids) != 1 || got[canonical(to)].MessageID != ids[0] {
			t.Errorf("%s received %v, deliveries holds %q: want exactly one message, the one in state", to, ids,
				got[canonical(to)].MessageID)
		}
	}
	for _, m := range s.Messages() {
		if name := names[canonical(m.To)]; personal && !strings.Contains(string(m.Body), `"text":"`+name+`"`) {
			t.Errorf("the send to %s lacks its own name %q: %s", m.To, name, m.Body)
		}
	}
	if out, changes := b.plan(); changes {
		t.Errorf("the plan after the second apply is not empty:\n%s", out)
	}
}

// plannedDeliveries reads a saved plan's deliveries entries known before
// apply: recipient -> message ID.
func (b *broadcastRun) plannedDeliveries(planFile string) map[string]string {
	b.t.Helper()
	stdout, _ := b.cli.run("show", "-json", planFile)
	var plan struct {
		ResourceChanges []struct {
			Type   string `json:"type"`
			Change struct {
				After struct {
					Deliveries map[string]*struct {
						MessageID string `json:"message_id"`
					} `json:"deliveries"`
				} `json:"after"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(stdout), &plan); err != nil {
		b.t.Fatalf("terraform show -json: %v", err)
	}
	out := map[string]string{}
	for _, rc := range plan.ResourceChanges {
		if rc.Type != "whatsapp_media_broadcast" {
			continue
		}
		for to, d := range rc.Change.After.Deliveries {
			if d != nil {
				out[to] = d.MessageID
			}
		}
	}
	return out
}

func canonicalAll(written []string) []string {
	out := make([]string, len(written))
	for i, w := range written {
		out[i] = canonical(w)
	}
	return out
}

// A send whose answer never came and whose state was then lost is kept as
// an unknown outcome, not sent again unasked; the answered ones are adopted.
// accept_unknown then accepts it. Both flavors.
func TestAccMediaBroadcastCrash_lostStateAdoptsAndTraces(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			t.Parallel()
			s := startSandbox(t)
			b := newRecordedBroadcastRun(t, flavor, s)
			recipients := []string{"+1 631 555 2001", "+1 631 555 2002", "+1 631 555 2003", "+1 631 555 2004"}
			b.config(recipients, "")
			b.cli.run("init", "-input=false")
			// One send is taken but its answer is lost: an unknown outcome.
			s.InjectFault(sandbox.Fault{Kind: sandbox.FaultDropAfter, Method: "POST", PathSuffix: "/messages", Times: 1})
			b.mustApply()
			first, _ := b.stateDeliveries()
			var lost string
			for to, d := range first {
				if d.Outcome == outcomeUnknown {
					lost = to
				}
			}
			if lost == "" || len(s.Messages()) != 4 {
				t.Fatalf("want one unknown outcome among 4 taken sends; deliveries %+v, %d taken", first, len(s.Messages()))
			}
			// Then the state is lost.
			if err := os.WriteFile(filepath.Join(b.dir, "terraform.tfstate"), nil, 0o600); err != nil {
				t.Fatal(err)
			}
			out, _ := b.plan()
			expectContains(t, "plan after the state was lost", out,
				"WhatsApp Broadcast Already Sent to 3 Recipient(s): Adopted",
				"WhatsApp Broadcast May Already Have Sent to 1 Recipient(s)", lost)
			b.mustApply()
			if n := sendRequests(s); n != 4 {
				t.Fatalf("the sandbox saw %d send requests, want 4: nothing may be sent again unasked", n)
			}
			again, tainted := b.stateDeliveries()
			for to, d := range first {
				if a := again[to]; a.MessageID != d.MessageID || a.Outcome != d.Outcome || a.SentAt != d.SentAt || tainted {
					t.Errorf("deliveries[%s] = %+v after the state was lost, want %+v as first recorded (tainted: %v)",
						to, again[to], d, tainted)
				}
			}
			out, _ = b.plan()
			expectContains(t, "plan with an unknown outcome", out, "1 whose last send's outcome is unknown", lost)
			b.config(recipients, fmt.Sprintf("  accept_unknown = [%q]\n", lost))
			out, _ = b.plan()
			expectContains(t, "accept_unknown", out, "WhatsApp Broadcast Accepts Unknown Outcomes")
			if strings.Contains(out, "Will Send") {
				t.Fatalf("accept_unknown: the plan sends:\n%s", out)
			}
			b.mustApply()
			if d, _ := b.stateDeliveries(); d[lost].Outcome != outcomeUnknownAccepted || sendRequests(s) != 4 {
				t.Fatalf("after accept_unknown deliveries[%s] = %+v and %d send requests, want unknown_accepted and 4",
					lost, d[lost], sendRequests(s))
			}
		})
	}
}

// A destroyed broadcast is forgotten by the record: created again, it sends
// again. The destroy skips the refresh and its plan prunes nothing, so the
// record still holds the sends when Delete runs.
func TestAccMediaBroadcastCrash_destroyThenCreateSendsAgain(t *testing.T) {
	t.Parallel()
	s := startSandbox(t)
	b := newRecordedBroadcastRun(t, apiCloud, s)
	b.config([]string{"+1 631 555 3001", "+1 631 555 3002"}, "")
	b.cli.run("init", "-input=false")
	b.mustApply()
	b.cli.run("destroy", "-auto-approve", "-input=false", "-refresh=false")
	if out := b.mustApply(); strings.Contains(out, "Adopted") {
		t.Errorf("the broadcast created again after its destroy adopted the recorded sends:\n%s", out)
	}
	if n := len(s.Messages()); n != 4 {
		t.Fatalf("the sandbox received %d messages, want 4: creating a destroyed broadcast again sends again", n)
	}
	b.expectSentTo("created again", 2, "16315553001", "16315553002")
	b.expectAccepted("created again", "16315553001", "16315553002")
}
