package provider

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile/mediafiletest"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// These tests stop Terraform in the middle of an apply that fans out one
// image to many recipients under a sandbox rate limit, then apply again, and
// check that every recipient got the message exactly once and that the state
// holds every message ID:
//   - SIGKILL (an OOM kill, a preempted VM), after which the state file is
//     emptied as a kill during Terraform's rewrite of it leaves it: the next
//     plan finds the taken sends in the record of sends and adopts them;
//   - SIGINT (Ctrl-C): Terraform stops the provider, sends already written
//     finish, and the state it saves holds every answered send.

const crashRecipients = 100

// crashConfig sends one uploaded image to crashRecipients recipients, following
// the file's content (media_sha256), as the module example does.
func crashConfig(providerBlock, recordPath, image string) string {
	recipients := make([]string, crashRecipients)
	for i := range recipients {
		recipients[i] = fmt.Sprintf("%q", fmt.Sprintf("+1 631 555 %04d", i))
	}
	return cliProviderBlock() + withSendRecord(providerBlock, recordPath) + fmt.Sprintf(`
resource "whatsapp_media" "logo" {
  source = %q
}

resource "whatsapp_media_message" "logo" {
  for_each     = toset([%s])
  to           = each.value
  type         = whatsapp_media.logo.media_type
  media_id     = whatsapp_media.logo.id
  media_sha256 = whatsapp_media.logo.sha256
  caption      = "Our new logo"
}
`, image, strings.Join(recipients, ", "))
}

func TestAccMediaMessageCrash_killed(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) { crashMidApply(t, flavor, syscall.SIGKILL) })
	}
}

func TestAccMediaMessageCrash_interrupted(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) { crashMidApply(t, flavor, syscall.SIGINT) })
	}
}

func crashMidApply(t *testing.T, flavor string, sig syscall.Signal) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	s := startSandbox(t)
	if err := s.SetRateLimit(sandbox.RateLimit{Rate: 20, Burst: 5, RetryAfter: "1"}); err != nil {
		t.Fatal(err)
	}
	// Every send takes a while, so some are on the wire when the stop comes.
	s.InjectFault(sandbox.Fault{Kind: sandbox.FaultLatency, Method: "POST", PathSuffix: "/messages",
		Times: 10 * crashRecipients, Delay: 300 * time.Millisecond})
	dir := t.TempDir()
	record := filepath.Join(dir, ".terraform", sendRecordFile)
	writeFile(t, filepath.Join(dir, "logo.png"), mediafiletest.PNG(16, 16, 3))
	writeFile(t, filepath.Join(dir, "main.tf"), []byte(crashConfig(providerConfigFor(flavor, s), record, filepath.Join(dir, "logo.png"))))
	cli := newTerraformCLI(t, dir)
	cli.run("init", "-input=false")

	out, err := stopApplyMidway(t, cli, s, sig, "-parallelism=10")
	if err == nil {
		t.Fatalf("the stopped apply exited 0; it should not have finished:\n%s", out)
	}
	if strings.Contains(out, "context canceled") {
		t.Errorf("the stopped apply says why in Go's words (context canceled), not \"not sent: the apply was interrupted\":\n%s", out)
	}
	taken := map[string][]string{}
	for to, ids := range messagesByRecipient(s, nil) {
		taken[canonical(to)] = ids
	}
	if len(taken) >= crashRecipients {
		t.Fatalf("all %d messages were sent before the stop: the test proves nothing", len(taken))
	}
	t.Logf("%s: %d of %d messages taken before the apply stopped", sig, len(taken), crashRecipients)

	if sig == syscall.SIGKILL {
		// A kill while Terraform rewrote its state file leaves it empty.
		if err := os.Truncate(filepath.Join(dir, "terraform.tfstate"), 0); err != nil {
			t.Fatal(err)
		}
		adopted := planAdoptions(t, cli)
		for to, ids := range taken {
			if len(ids) != 1 || !slices.Contains(adopted[to], ids[0]) {
				t.Errorf("the plan does not adopt %s's message %v (it adopts %v)", to, ids, adopted[to])
			}
		}
		if len(adopted) != len(taken) {
			t.Errorf("the plan adopts %d messages, the sandbox took %d", len(adopted), len(taken))
		}
	} else if stdout, _ := cli.run("plan", "-input=false"); !strings.Contains(stdout, fmt.Sprintf("%d to add", crashRecipients-len(taken))) {
		t.Errorf("after Ctrl-C the plan should send only the %d messages not taken:\n%s", crashRecipients-len(taken), stdout)
	}

	if sig == syscall.SIGKILL {
		cli.run("apply", "-input=false", "-parallelism=10", "tfplan")
	} else {
		cli.run("apply", "-auto-approve", "-input=false", "-parallelism=10")
	}
	got := map[string][]string{}
	for to, ids := range messagesByRecipient(s, nil) {
		got[canonical(to)] = append(got[canonical(to)], ids...)
	}
	ids := stateMessageIDs(t, dir)
	if len(got) != crashRecipients || len(ids) != crashRecipients {
		t.Fatalf("after the second apply the sandbox has messages for %d recipients and the state %d IDs, want %d and %d",
			len(got), len(ids), crashRecipients, crashRecipients)
	}
	for key, id := range ids {
		to := canonical(key)
		if len(got[to]) != 1 || got[to][0] != id {
			t.Errorf("%s received %v, the state holds %q: want exactly one message, the one in state", key, got[to], id)
		}
	}
	if stdout, _ := cli.run("plan", "-input=false", "-detailed-exitcode"); !strings.Contains(stdout, "No changes") {
		t.Errorf("the plan after the second apply is not empty:\n%s", stdout)
	}
}

// stopApplyMidway starts `terraform apply -auto-approve` (with more args),
// stops the CLI with sig once the sandbox took 30 sends, waits for it to
// exit, then for every send to settle (settleSends). It returns what the
// apply printed and how it exited.
func stopApplyMidway(t *testing.T, cli *cliRunner, s *sandbox.Server, sig syscall.Signal, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	apply := cli.start(&out, append([]string{"apply", "-auto-approve", "-input=false"}, args...)...)
	exited := make(chan error, 1)
	go func() { exited <- apply.Wait() }()
	deadline := time.Now().Add(60 * time.Second)
	for len(s.Messages()) < 30 {
		select {
		case err := <-exited:
			t.Fatalf("the apply ended (%v) before 30 sends were taken:\n%s", err, out.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("no 30 sends taken after a minute; the apply printed:\n%s", out.String())
		}
	}
	if err := apply.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	var err error
	select {
	case err = <-exited:
	case <-time.After(60 * time.Second):
		t.Fatalf("the apply did not stop within a minute of %s:\n%s", sig, out.String())
	}
	settleSends(t, cli, s)
	return out.String(), err
}

// settleSends waits until every send of a stopped or killed CLI has
// settled: the provider (served in this process, it outlives a killed CLI as
// a plugin would until it notices) runs no call that sends, so each send
// already written got its answer and the record of sends holds it, and the
// sandbox has no request open. Only then do the sandbox's counts match what
// the record holds; counted at the kill, a send still on the wire would be
// missing from them.
func settleSends(t *testing.T, cli *cliRunner, s *sandbox.Server) {
	t.Helper()
	if !cli.plugin.Wait(2 * time.Minute) {
		t.Fatalf("the provider still runs %d sending call(s) two minutes after the CLI stopped", cli.plugin.Running())
	}
	deadline := time.Now().Add(time.Minute)
	for s.InFlight() != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the sandbox still serves %d request(s) a minute after the provider's calls returned", s.InFlight())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// planAdoptions runs terraform plan -json and returns the message IDs its
// warnings say it adopts, by recipient (digits only, as the sandbox keeps them).
func planAdoptions(t *testing.T, cli *cliRunner) map[string][]string {
	t.Helper()
	stdout, stderr := cli.run("plan", "-input=false", "-json", "-out=tfplan")
	adopted := map[string][]string{}
	sc := bufio.NewScanner(strings.NewReader(stdout + stderr))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var line struct {
			Diagnostic struct {
				Summary, Detail string
			} `json:"diagnostic"`
		}
		if json.Unmarshal(sc.Bytes(), &line) != nil || line.Diagnostic.Summary != "WhatsApp Message Already Sent: Adopted" {
			continue
		}
		var to, id string
		d := line.Diagnostic.Detail
		if i := strings.Index(d, `message to "`); i >= 0 {
			to = d[i+len(`message to "`):]
			to = canonical(to[:strings.Index(to, `"`)])
		}
		if i := strings.Index(d, `message ID "`); i >= 0 {
			id = d[i+len(`message ID "`):]
			id = id[:strings.Index(id, `"`)]
		}
		adopted[to] = append(adopted[to], id)
	}
	// The saved plan sends nothing for them: their IDs are known before apply.
	show, _ := cli.run("show", "-json", "tfplan")
	var plan struct {
		ResourceChanges []struct {
			Type   string `json:"type"`
			Change struct {
				Actions []string       `json:"actions"`
				After   map[string]any `json:"after"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(show), &plan); err != nil {
		t.Fatalf("terraform show -json: %v", err)
	}
	planned := 0
	for _, rc := range plan.ResourceChanges {
		if id, ok := rc.Change.After["id"].(string); rc.Type == "whatsapp_media_message" && ok && id != "" {
			to := canonical(rc.Change.After["to"].(string))
			if !slices.Contains(adopted[to], id) {
				t.Errorf("the plan holds ID %s for %s, which no warning names", id, to)
			}
			planned++
		}
	}
	if planned != len(adopted) {
		t.Errorf("the plan knows %d message IDs before apply, its warnings name %d", planned, len(adopted))
	}
	return adopted
}

// stateMessageIDs reads every whatsapp_media_message ID from the state file, by for_each key.
func stateMessageIDs(t *testing.T, dir string) map[string]string {
	t.Helper()
	return (&cliRunner{t: t, dir: dir}).messageIDs()
}

// canonical is a recipient's digits, as the sandbox's messages and the
// plan's warnings may write it in other forms.
func canonical(to string) string { return strings.NewReplacer(" ", "", "+", "").Replace(to) }

// promoMessageRun is an initialised working directory with one image message
// to `to` on the sandbox's Cloud API, whose record of sends is at record
// (relative to the directory).
func promoMessageRun(t *testing.T, s *sandbox.Server, to, record string) (string, *cliRunner) {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.tf"), []byte(cliProviderBlock()+
		withSendRecord(cloudProviderConfig(s), filepath.Join(dir, record))+fmt.Sprintf(`
resource "whatsapp_media_message" "promo" {
  to   = %q
  type = "image"
  link = "https://cdn.example.com/promo.png"
}
`, to)))
	cli := newTerraformCLI(t, dir)
	cli.run("init", "-input=false")
	return dir, cli
}

// A destroyed message is forgotten by the record of sends: creating it again
// sends it again. The destroy skips the refresh, so the record still holds
// the send when Delete runs (a refresh would prune it first).
func TestAccMediaMessageCrash_destroyThenCreateSendsAgain(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	s := startSandbox(t)
	dir, cli := promoMessageRun(t, s, "+1 631 555 1001", filepath.Join("records", sendRecordFile))
	cli.run("apply", "-auto-approve", "-input=false")
	cli.run("destroy", "-auto-approve", "-input=false", "-refresh=false")
	stdout, _ := cli.run("apply", "-auto-approve", "-input=false")
	if strings.Contains(stdout, "Adopted") {
		t.Errorf("the message created again after its destroy was adopted from the record:\n%s", stdout)
	}
	if n := len(s.Messages()); n != 2 {
		t.Fatalf("the sandbox received %d messages, want 2: creating a destroyed message again sends it again", n)
	}
	ids := stateMessageIDs(t, dir)
	if ids[""] != s.Messages()[1].ID {
		t.Fatalf("the state holds %q, want the second send %q", ids[""], s.Messages()[1].ID)
	}
}

// A send whose answer never came, and whose trace in state was then lost, is
// not sent again silently: the plan warns, the apply records it as an
// unknown outcome (tainted, nothing sent) and the user decides.
func TestAccMediaMessageCrash_unansweredSendIsTraced(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	s := startSandbox(t)
	dir, cli := promoMessageRun(t, s, "+1 631 555 1002", filepath.Join(".terraform", sendRecordFile))
	// Taken, but the answer is lost: an unknown outcome, traced in state.
	s.InjectFault(sandbox.Fault{Kind: sandbox.FaultDropAfter, Method: "POST", PathSuffix: "/messages"})
	cli.fail("apply", "-auto-approve", "-input=false")
	// Then the state is lost too.
	if err := os.Truncate(filepath.Join(dir, "terraform.tfstate"), 0); err != nil {
		t.Fatal(err)
	}
	stdout, _ := cli.run("plan", "-input=false")
	if !strings.Contains(oneLine(stdout), "WhatsApp Message May Already Have Been Sent") {
		t.Errorf("the plan does not warn that the message may already have been sent:\n%s", stdout)
	}
	stdout, stderr := cli.fail("apply", "-auto-approve", "-input=false")
	if !strings.Contains(oneLine(stdout+stderr), "WhatsApp Message May Have Been Sent") {
		t.Errorf("the apply does not say the message may have been sent:\n%s\n%s", stdout, stderr)
	}
	if n := sendRequests(s); n != 1 {
		t.Fatalf("the sandbox saw %d send requests, want 1: the lost send must not be sent again unasked", n)
	}
	if tr := (&cliRunner{t: t, dir: dir}).messageTraces()[""]; tr.Outcome != outcomeUnknown || !tr.Tainted || tr.ID != "" {
		t.Fatalf("state holds %+v, want the unknown outcome's trace (no ID, tainted)", tr)
	}
	// The user says it arrived: nothing is sent, nothing is planned.
	cli.run("untaint", "whatsapp_media_message.promo")
	if stdout, _ := cli.run("plan", "-input=false"); !strings.Contains(stdout, "No changes") {
		t.Errorf("after untaint the plan is not empty:\n%s", stdout)
	}
	if n := sendRequests(s); n != 1 {
		t.Fatalf("the sandbox saw %d send requests, want 1", n)
	}
}
