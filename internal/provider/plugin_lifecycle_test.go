package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile/mediafiletest"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// pluginStopGrace is how late after the kill a send of the killed run may
// still reach the sandbox: the plugin learns that Terraform is gone when its
// connection to it closes, and a request handed to the HTTP transport just
// before that arrives a moment later. Anything later was started after the
// plugin knew.
const pluginStopGrace = time.Second

// A plugin whose Terraform is SIGKILLed mid-apply starts no send after it
// knows, lets the requests on the wire get their answer and exits (within
// 10 s against a sandbox that answers at once and throttles sends to 20/s); a second apply started
// at once, while the orphan may still finish its last sends, sends nobody
// twice. Both flavors, real plugin processes, for 100 messages (Terraform
// calls the plugin once per message) and for a broadcast to 100 recipients
// (one call, whose fan-out is the plugin's own: it must stop it).
func TestAccPluginProcess_killedTerraform(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	for _, flavor := range flavors {
		for _, kind := range []string{"messages", "broadcast"} {
			t.Run(flavor+"/"+kind, func(t *testing.T) { killTerraformUnderPlugin(t, flavor, kind) })
		}
	}
}

func killTerraformUnderPlugin(t *testing.T, flavor, kind string) {
	s := startSandbox(t)
	if err := s.SetRateLimit(sandbox.RateLimit{Rate: 20, Burst: 5, RetryAfter: "1"}); err != nil {
		t.Fatal(err)
	}
	// No latency fault: an armed fault answers in place of the rate limit.
	dir := t.TempDir()
	record := filepath.Join(dir, ".terraform", sendRecordFile)
	config := pluginBroadcastConfig(providerConfigFor(flavor, s), record, crashRecipients)
	if kind == "messages" {
		writeFile(t, filepath.Join(dir, "logo.png"), mediafiletest.PNG(16, 16, 3))
		config = pluginMessagesConfig(providerConfigFor(flavor, s), record, filepath.Join(dir, "logo.png"), crashRecipients, true)
	}
	writeFile(t, filepath.Join(dir, "main.tf"), []byte(config))
	first, second := newPluginRun(t, dir, "0.0.1"), newPluginRun(t, dir, "0.0.2")

	killedAt, orphan := first.killMidApply(s, 30, "-parallelism=10")
	// At once: a second run, while the orphan may still be finishing.
	type result struct {
		out string
		err error
	}
	again := make(chan result, 1)
	go func() {
		out, err := second.run("apply", "-auto-approve", "-input=false", "-parallelism=10")
		again <- result{out, err}
	}()
	took := waitGone(t, orphan, first.plugin, killedAt, 10*time.Second)
	t.Logf("the orphaned plugin exited %s after the kill", took.Round(time.Millisecond))
	r := <-again
	t.Logf("the second apply exited with %v", r.err)

	late, before := 0, 0
	for _, req := range s.Requests() {
		if req.Method != "POST" || !sentBy(req, first.version) || filepath.Base(req.Path) != "messages" {
			continue
		}
		if req.Arrived.After(killedAt.Add(pluginStopGrace)) {
			late++
			t.Errorf("the killed run's plugin sent to %s %s after the kill", req.To, req.Arrived.Sub(killedAt))
		} else {
			before++
		}
	}
	t.Logf("the killed run's sends: %d until the kill, %d after it", before, late)
	if before == 0 || late != 0 {
		t.Errorf("the killed run's sends: %d until the kill, %d after it", before, late)
	}
	for to, ids := range messagesByRecipient(s, nil) {
		if len(ids) > 1 {
			t.Errorf("%s received %d messages: %v", to, len(ids), ids)
		}
	}
	if procs := pluginProcesses(second.plugin); len(procs) != 0 {
		t.Errorf("the second run left plugin processes behind: %+v", procs)
	}
	if r.err != nil && (kind != "messages" || !strings.Contains(oneLine(r.out), "WhatsApp Message May Have Been Sent")) {
		// Only a send whose answer had not come back when it planned may
		// fail the second run: an unknown outcome, for the user to decide on.
		t.Errorf("the second apply failed: %v\n%s", r.err, r.out)
	}
}

// pluginBroadcastConfig is one broadcast of a linked image to n recipients.
func pluginBroadcastConfig(providerBlock, record string, n int) string {
	recipients := make([]string, n)
	for i := range recipients {
		recipients[i] = fmt.Sprintf("%q", fmt.Sprintf("+1 631 555 %04d", i))
	}
	return cliProviderBlock() + withSendRecord(providerBlock, record) + fmt.Sprintf(`
resource "whatsapp_media_broadcast" "b" {
  recipients = [%s]
  type       = "image"
  link       = "https://cdn.example.com/brochure.png"
}
`, strings.Join(recipients, ", "))
}
