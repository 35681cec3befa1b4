package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile/mediafiletest"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// broadcastRun drives the real Terraform CLI over one whatsapp_media_broadcast
// in a directory of its own, against a sandbox, and reads back what the state
// file and the sandbox hold after each command.
type broadcastRun struct {
	t   *testing.T
	s   *sandbox.Server
	dir string
	cli *cliRunner
	// provider is the provider block for the sandbox's flavor.
	provider string
}

func newBroadcastRun(t *testing.T, flavor string, s *sandbox.Server) *broadcastRun {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	dir := t.TempDir()
	b := &broadcastRun{t: t, s: s, dir: dir, cli: newTerraformCLI(t, dir), provider: providerConfigFor(flavor, s)}
	return b
}

// config writes main.tf: the broadcast with these recipients and extra lines.
func (b *broadcastRun) config(recipients []string, extra string) {
	b.t.Helper()
	list, err := json.Marshal(recipients)
	if err != nil {
		b.t.Fatal(err)
	}
	writeFile(b.t, filepath.Join(b.dir, "main.tf"), []byte(cliProviderBlock()+b.provider+fmt.Sprintf(`
resource "whatsapp_media_broadcast" "b" {
  recipients = %s
  type       = "image"
  link       = "https://cdn.example.com/brochure.png"
%s}
`, list, extra)))
}

func (b *broadcastRun) apply() (string, error) {
	stdout, stderr, err := b.cli.exec("apply", "-auto-approve", "-input=false")
	return oneLine(stdout + stderr), err
}

// mustApply applies and fails the test unless it succeeds.
func (b *broadcastRun) mustApply() string {
	b.t.Helper()
	out, err := b.apply()
	if err != nil {
		b.t.Fatalf("apply: %v\n%s", err, out)
	}
	return out
}

// plan runs terraform plan -detailed-exitcode and returns its output and
// whether it plans changes.
func (b *broadcastRun) plan() (string, bool) {
	b.t.Helper()
	stdout, stderr, err := b.cli.exec("plan", "-input=false", "-detailed-exitcode")
	out := oneLine(stdout + stderr)
	if err == nil {
		return out, false
	}
	if exit, ok := err.(interface{ ExitCode() int }); ok && exit.ExitCode() == 2 {
		return out, true
	}
	b.t.Fatalf("plan: %v\n%s", err, out)
	return "", false
}

// stateDeliveries reads deliveries from the state file, and whether
// Terraform tainted the broadcast.
func (b *broadcastRun) stateDeliveries() (map[string]delivery, bool) {
	b.t.Helper()
	data, err := os.ReadFile(filepath.Join(b.dir, "terraform.tfstate"))
	if err != nil {
		b.t.Fatal(err)
	}
	var st struct {
		Resources []struct {
			Type      string `json:"type"`
			Instances []struct {
				Status     string `json:"status"`
				Attributes struct {
					Deliveries map[string]struct {
						MessageID *string `json:"message_id"`
						SentAt    *string `json:"sent_at"`
						Outcome   string  `json:"outcome"`
						Error     *string `json:"error"`
					} `json:"deliveries"`
				} `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(data, &st); err != nil {
		b.t.Fatal(err)
	}
	for _, r := range st.Resources {
		if r.Type != "whatsapp_media_broadcast" || len(r.Instances) == 0 {
			continue
		}
		out := map[string]delivery{}
		for k, d := range r.Instances[0].Attributes.Deliveries {
			out[k] = delivery{MessageID: deref(d.MessageID), SentAt: deref(d.SentAt), Outcome: d.Outcome, Error: deref(d.Error)}
		}
		return out, r.Instances[0].Status == "tainted"
	}
	b.t.Fatal("no whatsapp_media_broadcast in the state")
	return nil, false
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// sentTo lists the recipients of the sandbox's messages from index from on, sorted.
func sentTo(s *sandbox.Server, from int) []string {
	var out []string
	for _, m := range s.Messages()[from:] {
		out = append(out, m.To)
	}
	sort.Strings(out)
	return out
}

// expectSentTo fails unless the messages the sandbox took since from went to
// exactly want (canonical numbers, in any order).
func (b *broadcastRun) expectSentTo(step string, from int, want ...string) {
	b.t.Helper()
	sort.Strings(want)
	if got := sentTo(b.s, from); strings.Join(got, ",") != strings.Join(want, ",") {
		b.t.Fatalf("%s: the sandbox took messages to %v, want %v", step, got, want)
	}
}

// expectAccepted fails unless deliveries holds exactly want, each accepted
// with the ID of a message the sandbox took for that recipient.
func (b *broadcastRun) expectAccepted(step string, want ...string) map[string]delivery {
	b.t.Helper()
	got, tainted := b.stateDeliveries()
	if tainted {
		b.t.Fatalf("%s: the broadcast is tainted", step)
	}
	taken := map[string]string{}
	for _, m := range b.s.Messages() {
		taken[m.ID] = m.To
	}
	for _, r := range want {
		d, ok := got[r]
		switch {
		case !ok:
			b.t.Errorf("%s: deliveries lacks %s", step, r)
		case d.Outcome != outcomeAccepted || taken[d.MessageID] != r:
			b.t.Errorf("%s: deliveries[%s] = %+v, not accepted with a message the sandbox took for it", step, r, d)
		}
	}
	if len(got) != len(want) {
		b.t.Errorf("%s: deliveries has %d entries, want %d: %v", step, len(got), len(want), got)
	}
	if b.t.Failed() {
		b.t.FailNow()
	}
	return got
}

func expectContains(t *testing.T, step, out string, phrases ...string) {
	t.Helper()
	for _, p := range phrases {
		if !strings.Contains(out, p) {
			t.Fatalf("%s: the output lacks %q:\n%s", step, p, out)
		}
	}
}

// TestAccMediaBroadcast_recipients: one person listed twice is sent once,
// reformatting and reordering plan and send nothing, adding sends to the new ones only,
// removing forgets without sending, and a content change sends to every
// recipient again; the plan says each in words, with counts. Each step counts
// what the sandbox took.
func TestAccMediaBroadcast_recipients(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			t.Parallel()
			s := startSandbox(t)
			b := newBroadcastRun(t, flavor, s)
			const (
				anna, ben, cleo, dan, eve = "491701223002", "16315551001", "16315551002", "447700900123", "33612345678"
			)
			b.cli.run("init", "-input=false")

			b.config([]string{"+49 170 1223002", "491701223002", "+1 (631) 555-1001", "1.631.555.1002"}, "")
			b.mustApply()
			b.expectSentTo("create", 0, anna, ben, cleo)
			first := b.expectAccepted("create", anna, ben, cleo)

			b.config([]string{"+1 631 555 1002", "49 170 122 3002", "+16315551001"}, "")
			if out, changes := b.plan(); changes {
				t.Fatalf("reformat: the plan has changes:\n%s", out)
			}
			b.mustApply()
			b.expectSentTo("reformat", 3)

			b.config([]string{"+49 170 1223002", "+1 631 555 1001", "+1 631 555 1002", "+44 7700 900123", "+33 6 12 34 56 78"}, "")
			out, _ := b.plan()
			expectContains(t, "add", out, "WhatsApp Broadcast Will Send 2 Message(s)", "to 2 of the broadcast's 5 recipient(s)",
				"2 added to recipients: "+eve+", "+dan)
			b.mustApply()
			b.expectSentTo("add", 3, dan, eve)
			added := b.expectAccepted("add", anna, ben, cleo, dan, eve)
			for _, r := range []string{anna, ben, cleo} {
				if added[r] != first[r] {
					t.Errorf("add: deliveries[%s] changed from %+v to %+v", r, first[r], added[r])
				}
			}

			b.config([]string{"+49 170 1223002", "+1 631 555 1001", "+44 7700 900123", "+33 6 12 34 56 78"}, "")
			out, _ = b.plan()
			expectContains(t, "remove", out, "WhatsApp Broadcast Forgets Removed Recipients",
				"1 recipient(s) are no longer in recipients", cleo, "they keep what they got")
			if strings.Contains(out, "Will Send") {
				t.Fatalf("remove: the plan sends:\n%s", out)
			}
			b.mustApply()
			b.expectSentTo("remove", 5)
			b.expectAccepted("remove", anna, ben, dan, eve)

			b.config([]string{"+49 170 1223002", "+1 631 555 1001", "+44 7700 900123", "+33 6 12 34 56 78"}, `  caption = "New prices"`+"\n")
			out, _ = b.plan()
			expectContains(t, "content", out, "WhatsApp Broadcast Will Send 4 Message(s)", "all 4 again, because caption changed")
			b.mustApply()
			b.expectSentTo("content", 5, anna, ben, dan, eve)
			again := b.expectAccepted("content", anna, ben, dan, eve)
			if again[anna].MessageID == added[anna].MessageID {
				t.Errorf("content: deliveries[%s] kept the old message ID %s", anna, added[anna].MessageID)
			}

			b.config([]string{"+49 170 1223002", "+1 631 555 1001", "+44 7700 900123", "+33 6 12 34 56 78"},
				`  caption  = "New prices"`+"\n"+`  triggers = { release = "2" }`+"\n")
			out, _ = b.plan()
			expectContains(t, "triggers", out, "all 4 again, because triggers changed")
			b.mustApply()
			b.expectSentTo("triggers", 9, anna, ben, dan, eve)

			stdout, stderr := b.cli.run("plan", "-destroy", "-input=false")
			expectContains(t, "destroy", oneLine(stdout+stderr), "WhatsApp Broadcast Stays With Its Recipients", "record of 4 recipient(s)")
			b.cli.run("destroy", "-auto-approve", "-input=false")
			if n := len(s.Messages()); n != 13 {
				t.Fatalf("destroy: the sandbox holds %d messages, want 13", n)
			}
		})
	}
}

// TestAccMediaBroadcast_invalidRecipients: every refused entry is named, in
// recipients and in accept_unknown, at plan time, and nothing reaches the API.
func TestAccMediaBroadcast_invalidRecipients(t *testing.T) {
	s := startSandbox(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cloudProviderConfig(s) + `
resource "whatsapp_media_broadcast" "b" {
  recipients     = ["+49 170 1223002", "0170 1223002", "call me", "12345", "+1 631 555 1001"]
  accept_unknown = ["+49 170 x"]
  type           = "image"
  link           = "https://cdn.example.com/brochure.png"
}
`,
			ExpectError: regexp.MustCompile(`(?s)Invalid WhatsApp Recipients.*3 of the entries of recipients.*"0170 1223002" starts with 0.*"12345" has 5 digits.*"call me" is not a phone number.*accept_unknown`),
		}, {
			Config: cloudProviderConfig(s) + `
resource "whatsapp_media_broadcast" "b" {
  recipients = ["+49 170 1223002", null]
  type       = "image"
  link       = "https://cdn.example.com/brochure.png"
}
`,
			ExpectError: regexp.MustCompile(`(?s)Invalid WhatsApp Recipients.*1 of the entries of recipients are null`),
		}},
	})
	if n := len(s.Requests()); n != 0 {
		t.Fatalf("the sandbox got %d requests, want 0", n)
	}
}

// TestAccMediaBroadcast_mediaContent: a broadcast by media ID follows its
// media's content through media_sha256: changed bytes send to everyone again
// with the new media, while the same file uploaded again (deleted on the
// server) sends nothing.
func TestAccMediaBroadcast_mediaContent(t *testing.T) {
	s := startSandbox(t)
	file := filepath.Join(t.TempDir(), "photo.jpg")
	writeFile(t, file, mediafiletest.JPEG(32, 32, 1))
	config := cloudProviderConfig(s) + fmt.Sprintf(`
resource "whatsapp_media" "photo" {
  source = %q
}
resource "whatsapp_media_broadcast" "b" {
  recipients   = ["+49 170 1223002", "+1 631 555 1001"]
  type         = whatsapp_media.photo.media_type
  media_id     = whatsapp_media.photo.id
  media_sha256 = whatsapp_media.photo.sha256
}
`, filepath.ToSlash(file))
	const addr = "whatsapp_media_broadcast.b"
	var mediaID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.ComposeTestCheckFunc(expectMessages(s, 2), func(st *terraform.State) error {
					mediaID = st.RootModule().Resources["whatsapp_media.photo"].Primary.ID
					return expectMessagesUse(s, 0, mediaID)
				}),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("deliveries"), knownvalue.MapSizeExact(2)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("deliveries").AtMapKey("491701223002").AtMapKey("outcome"),
						knownvalue.StringExact(outcomeAccepted)),
				},
			},
			{
				// Deleted on the server: uploaded again with a new ID, same bytes.
				PreConfig: func() { s.DeleteMedia(mediaID) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("whatsapp_media.photo", plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("deliveries").AtMapKey("16315551001").AtMapKey("outcome"),
						knownvalue.StringExact(outcomeAccepted)),
				}},
				Check: expectMessages(s, 2),
			},
			{
				PreConfig: func() { writeFile(t, file, mediafiletest.JPEG(32, 32, 2)) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("deliveries").AtMapKey("16315551001")),
				}},
				Check: resource.ComposeTestCheckFunc(expectMessages(s, 4), func(st *terraform.State) error {
					return expectMessagesUse(s, 2, st.RootModule().Resources["whatsapp_media.photo"].Primary.ID)
				}),
			},
			{Config: config, PlanOnly: true},
		},
	})
}

// expectMessagesUse checks that the sandbox's messages from index from on
// carry the media ID mediaID.
func expectMessagesUse(s *sandbox.Server, from int, mediaID string) error {
	for _, m := range s.Messages()[from:] {
		if !strings.Contains(string(m.Body), fmt.Sprintf(`"id":%q`, mediaID)) {
			return fmt.Errorf("message %s to %s does not carry media %s: %s", m.ID, m.To, mediaID, m.Body)
		}
	}
	return nil
}

// takenByRecipient is the ID of every message the sandbox took, by recipient, in order.
func takenByRecipient(s *sandbox.Server) map[string][]string {
	out := map[string][]string{}
	for _, m := range s.Messages() {
		out[m.To] = append(out[m.To], m.ID)
	}
	return out
}

// TestAccMediaBroadcast_chaos: a broadcast to 60 recipients against a
// sandbox that throttles 20% of sends, takes 10% and answers 500, and takes
// 10% and drops the connection, with no retries. No apply taints the broadcast; each apply
// sends at most once to each recipient, never to one whose message was
// accepted before, and keeps every recipient's outcome as it happened; the
// next apply sends again exactly to the failed and unknown ones, until a plan
// is empty.
func TestAccMediaBroadcast_chaos(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			t.Parallel()
			s := startSandbox(t)
			if err := s.SetChaos(sandbox.Chaos{Seed: 20261206, ThrottleShare: 0.2, ErrorAfterShare: 0.1, DropAfterShare: 0.1}); err != nil {
				t.Fatal(err)
			}
			b := newBroadcastRun(t, flavor, s)
			// No retries: a throttled send fails at once, so some recipients
			// fail outright and must be sent again by the next apply.
			b.provider = strings.TrimSuffix(strings.TrimSpace(b.provider), "}") + "  max_retries = 0\n}\n"
			b.cli.run("init", "-input=false")
			var recipients []string
			for i := range 60 {
				recipients = append(recipients, fmt.Sprintf("+1 631 555 %04d", i))
			}
			b.config(recipients, "")

			state := map[string]delivery{}
			var unknownSeen, failedSeen int
			for apply := 1; ; apply++ {
				if apply > 8 {
					t.Fatal("no clean apply after 8 applies")
				}
				before, unansweredBefore := takenByRecipient(s), len(s.ChaosStats().Unanswered)
				out, err := b.apply()
				after := takenByRecipient(s)
				unanswered := map[string]bool{}
				for _, id := range s.ChaosStats().Unanswered[unansweredBefore:] {
					unanswered[id] = true
				}
				next, tainted := b.stateDeliveries()
				if tainted {
					t.Fatalf("apply %d: the broadcast is tainted", apply)
				}
				notSent := 0
				for _, r := range recipients {
					canon := strings.NewReplacer(" ", "", "+", "").Replace(r)
					taken, d := after[canon][len(before[canon]):], next[canon]
					if d.Outcome != outcomeAccepted {
						notSent++
					}
					switch {
					case len(taken) > 1:
						t.Errorf("apply %d: %s got %d messages", apply, canon, len(taken))
					case len(taken) == 1 && state[canon].Outcome == outcomeAccepted:
						t.Errorf("apply %d: %s was sent again although its message %s was accepted", apply, canon, state[canon].MessageID)
					case len(taken) == 1 && unanswered[taken[0]]:
						unknownSeen++
						if d.Outcome != outcomeUnknown || d.MessageID != "" || d.Error == "" {
							t.Errorf("apply %d: %s: taken without an answer, but deliveries holds %+v", apply, canon, d)
						}
					case len(taken) == 1 && (d.Outcome != outcomeAccepted || d.MessageID != taken[0]):
						t.Errorf("apply %d: %s: the sandbox took and answered %s, deliveries holds %+v", apply, canon, taken[0], d)
					case len(taken) == 0 && state[canon].Outcome != outcomeAccepted:
						failedSeen++
						if d.Outcome != outcomeFailed || d.Error == "" {
							t.Errorf("apply %d: %s: nothing taken, but deliveries holds %+v", apply, canon, d)
						}
					case len(taken) == 0 && d != state[canon]:
						t.Errorf("apply %d: %s: nothing sent, but its record changed from %+v to %+v", apply, canon, state[canon], d)
					}
				}
				if t.Failed() {
					t.Fatalf("apply %d output:\n%.3000s", apply, out)
				}
				state = next
				if notSent == 0 {
					if err != nil {
						t.Fatalf("apply %d: every recipient accepted, yet the apply failed: %v\n%s", apply, err, out)
					}
					break
				}
				expectContains(t, fmt.Sprintf("apply %d", apply), out, fmt.Sprintf("WhatsApp Broadcast: %d Recipient(s) Not Sent", notSent))
				if (err == nil) != (apply == 1) {
					t.Fatalf("apply %d: exit error %v; want a warning on create and an error after", apply, err)
				}
				plan, changes := b.plan()
				if !changes {
					t.Fatalf("apply %d left %d recipients not sent, and the plan has no changes", apply, notSent)
				}
				expectContains(t, fmt.Sprintf("plan after apply %d", apply), plan, fmt.Sprintf("WhatsApp Broadcast Will Send %d Message(s)", notSent))
			}
			if out, changes := b.plan(); changes {
				t.Fatalf("the plan after convergence has changes:\n%s", out)
			}
			st := s.ChaosStats()
			if unknownSeen != st.ErrorsAfterTaking+st.DropsAfterTaking || len(s.Messages()) != len(recipients)+unknownSeen {
				t.Errorf("the sandbox took %d messages for %d recipients, with %d unknown outcomes (it left %d unanswered)",
					len(s.Messages()), len(recipients), unknownSeen, st.ErrorsAfterTaking+st.DropsAfterTaking)
			}
			if unknownSeen == 0 || failedSeen+st.Throttled == 0 {
				t.Errorf("the chaos plan injected nothing worth testing: %+v", st)
			}
			t.Logf("chaos: sends=%d throttled=%d unknown=%d failed=%d", st.Sends, st.Throttled, unknownSeen, failedSeen)
		})
	}
}

// TestAccMediaBroadcast_acceptUnknown: a send whose answer is lost and one
// the API refuses are kept for their recipients only; the next plan says
// which will be sent again and why, and accept_unknown (written in any
// format) accepts the unknown outcome, so only the refused one is sent.
func TestAccMediaBroadcast_acceptUnknown(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			t.Parallel()
			s := startSandbox(t)
			b := newBroadcastRun(t, flavor, s)
			b.cli.run("init", "-input=false")
			s.InjectFault(sandbox.Fault{Kind: sandbox.FaultDropAfter, Method: "POST", PathSuffix: "/messages"})
			s.InjectFault(sandbox.Fault{Kind: sandbox.FaultStatus, Method: "POST", PathSuffix: "/messages", Status: 400,
				Code: 131026, Title: "Message undeliverable"})
			recipients := []string{"+49 170 1223002", "+1 631 555 1001", "+1 631 555 1002", "+44 7700 900123"}
			b.config(recipients, "")

			out := b.mustApply() // on create, a warning: an error would taint the broadcast
			expectContains(t, "create", out, "WhatsApp Broadcast: 2 Recipient(s) Not Sent", "131026", "may have been sent",
				"add them to accept_unknown")
			state, tainted := b.stateDeliveries()
			if tainted {
				t.Fatal("create: the broadcast is tainted")
			}
			var unknown, failed string
			for r, d := range state {
				switch d.Outcome {
				case outcomeUnknown:
					unknown = r
				case outcomeFailed:
					failed = r
				}
			}
			if unknown == "" || failed == "" || len(s.Messages()) != 3 {
				t.Fatalf("create: deliveries %+v, %d messages taken; want one unknown, one failed, 3 taken", state, len(s.Messages()))
			}

			plan, _ := b.plan()
			expectContains(t, "plan", plan, "WhatsApp Broadcast Will Send 2 Message(s)",
				"1 whose last send failed, again: "+failed+" (WhatsApp API error 131026",
				"1 whose last send's outcome is unknown (WhatsApp may have taken it), again: "+unknown)

			formatted := "+" + unknown[:2] + " " + unknown[2:]
			b.config(recipients, fmt.Sprintf("  accept_unknown = [%q]\n", formatted))
			plan, _ = b.plan()
			expectContains(t, "accept", plan, "WhatsApp Broadcast Will Send 1 Message(s)", "WhatsApp Broadcast Accepts Unknown Outcomes",
				"sent nothing: "+unknown)
			b.mustApply()
			b.expectSentTo("accept", 3, failed)
			state, _ = b.stateDeliveries()
			if state[unknown].Outcome != outcomeUnknownAccepted || state[failed].Outcome != outcomeAccepted {
				t.Fatalf("accept: deliveries %+v", state)
			}
			if out, changes := b.plan(); changes {
				t.Fatalf("the plan after accepting has changes:\n%s", out)
			}
		})
	}
}
