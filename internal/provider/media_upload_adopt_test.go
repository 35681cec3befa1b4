package provider

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile/mediafiletest"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// The simplest configuration, messages by media ID without media_sha256,
// survives a killed Terraform whose state is then lost (real plugin
// processes, both flavors): SIGKILL in the middle of 100 messages, the
// state file emptied, apply again. Each person gets the message exactly
// once, and:
//   - media still there: the plan adopts the upload (one upload in total),
//     and the messages sent by its media ID at plan;
//   - media deleted on the server in between: the file is uploaded again,
//     and the messages sent before follow its content, adopted at apply.
func TestAccMediaUploadAdoption_killedLostState(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	for _, flavor := range flavors {
		for _, deleted := range []bool{false, true} {
			name := flavor + "/media_kept"
			if deleted {
				name = flavor + "/media_deleted"
			}
			t.Run(name, func(t *testing.T) { killLoseStateAdopt(t, flavor, deleted) })
		}
	}
}

func killLoseStateAdopt(t *testing.T, flavor string, deleteMedia bool) {
	s := startSandbox(t)
	if err := s.SetRateLimit(sandbox.RateLimit{Rate: 20, Burst: 5, RetryAfter: "1"}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "logo.png"), mediafiletest.PNG(16, 16, 3))
	writeFile(t, filepath.Join(dir, "main.tf"), []byte(pluginMessagesConfig(providerConfigFor(flavor, s),
		filepath.Join(dir, ".terraform", sendRecordFile), filepath.Join(dir, "logo.png"), crashRecipients, false)))
	first := newPluginRun(t, dir, "0.0.1")
	killedAt, orphan := first.killMidApply(s, 30, "-parallelism=10")
	waitGone(t, orphan, first.plugin, killedAt, 10*time.Second)
	// The orphan ended: every send it made has its answer in the record.
	taken := map[string]string{}
	for to, ids := range messagesByRecipient(s, nil) {
		if len(ids) != 1 {
			t.Fatalf("%s got %d messages from the killed run", to, len(ids))
		}
		taken[canonical(to)] = ids[0]
	}
	media := s.Media()
	if len(media) != 1 || len(taken) >= crashRecipients {
		t.Fatalf("the killed run uploaded %d media and sent %d messages; want 1 and fewer than %d", len(media), len(taken), crashRecipients)
	}
	t.Logf("killed after %d of %d messages", len(taken), crashRecipients)
	// A kill while Terraform rewrote its state file leaves it empty.
	if err := os.WriteFile(filepath.Join(dir, "terraform.tfstate"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if deleteMedia {
		s.DeleteMedia(media[0].ID)
	}

	second := newPluginRun(t, dir, "0.0.2")
	plan := second.mustRun("plan", "-input=false", "-json", "-out=tfplan")
	adoptedMedia := diagnosticsNamed(plan, "WhatsApp Media Already Uploaded: Adopted") == 1
	if adoptedMedia == deleteMedia {
		t.Errorf("media deleted: %v; the plan adopts the upload: %v:\n%s", deleteMedia, adoptedMedia, plan)
	}
	adoptedAtPlan := diagnosticsNamed(plan, "WhatsApp Message Already Sent: Adopted")
	if !deleteMedia && adoptedAtPlan != len(taken) {
		t.Errorf("the plan adopts %d messages, the killed run sent %d", adoptedAtPlan, len(taken))
	}
	if deleteMedia && adoptedAtPlan != 0 {
		t.Errorf("with the media gone its new ID is unknown at plan, yet the plan adopts %d messages", adoptedAtPlan)
	}
	apply := second.mustRun("apply", "-input=false", "-json", "tfplan")
	if n := diagnosticsNamed(apply, "WhatsApp Message Already Sent: Adopted"); deleteMedia && n != len(taken) {
		t.Errorf("the apply adopts %d messages by their content, the killed run sent %d", n, len(taken))
	}

	uploads := countRequests(s, "POST", `/media$`)
	if want := map[bool]int{false: 1, true: 2}[deleteMedia]; uploads != want {
		t.Errorf("the sandbox received %d uploads, want %d", uploads, want)
	}
	got := messagesByRecipient(s, nil)
	ids := stateMessageIDs(t, dir)
	if len(got) != crashRecipients || len(ids) != crashRecipients {
		t.Fatalf("the sandbox has messages for %d recipients and the state %d IDs, want %d and %d",
			len(got), len(ids), crashRecipients, crashRecipients)
	}
	for key, id := range ids {
		to := canonical(key)
		if len(got[to]) != 1 || got[to][0] != id {
			t.Errorf("%s received %v, the state holds %q: want exactly one message, the one in state", key, got[to], id)
		}
		if prior, ok := taken[to]; ok && prior != id {
			t.Errorf("%s: the state holds %q, not the message the killed run sent (%q)", key, id, prior)
		}
	}
	if out := second.mustRun("plan", "-input=false", "-detailed-exitcode"); !strings.Contains(out, "No changes") {
		t.Errorf("the plan after the second apply is not empty:\n%s", out)
	}
}

// diagnosticsNamed counts the diagnostics with summary in a -json output
// (the human output folds similar warnings into one).
func diagnosticsNamed(jsonLines, summary string) int {
	n := 0
	for _, line := range strings.Split(jsonLines, "\n") {
		var l struct {
			Type       string `json:"type"`
			Diagnostic struct {
				Summary string `json:"summary"`
			} `json:"diagnostic"`
		}
		if json.Unmarshal([]byte(line), &l) == nil && l.Type == "diagnostic" && l.Diagnostic.Summary == summary {
			n++
		}
	}
	return n
}
