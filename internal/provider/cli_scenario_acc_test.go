package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// cliScenario drives the real Terraform CLI in a directory of its own, with
// TF_LOG=TRACE: the CLI logs to TF_LOG_PATH and the in-process provider to
// TF_LOG_PATH_MASK, both under logDir, so a scenario can end by proving that
// no secret reached a log, the state or the CLI's output (checkSecrets).
//
// Secrets must come from the environment (env), not from main.tf: Terraform
// may log configuration. Not parallel: it sets environment variables.
type cliScenario struct {
	t       *testing.T
	dir     string
	logDir  string
	tf      func(args ...string) (string, string, error)
	secrets []string
	output  strings.Builder // every command's stdout and stderr
}

func newCLIScenario(t *testing.T, env map[string]string, mainTF string, secrets []string) *cliScenario {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	c := &cliScenario{t: t, dir: t.TempDir(), logDir: t.TempDir(), secrets: secrets}
	// Whatever the caller's shell has must not leak into the provider block.
	for _, name := range []string{envAPI, envBaseURL, envAPIVersion, envPhoneNumberID, envAccessToken, envUsername,
		envPassword, envAuthHeader, envCACertPEM, envInsecureSkipVerify, envRequestTimeout, envMaxRetries} {
		t.Setenv(name, "")
	}
	for k, v := range env {
		t.Setenv(k, v)
	}
	// The provider's sink names its file after the test; a subtest's name has a slash.
	mask := filepath.Join(c.logDir, "provider", "%s.log")
	if err := os.MkdirAll(filepath.Dir(fmt.Sprintf(mask, t.Name())), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH", filepath.Join(c.logDir, "terraform.log"))
	t.Setenv("TF_LOG_PATH_MASK", mask)
	c.write("main.tf", `
terraform {
  required_providers {
    whatsapp = {
      source = "sandeshlive/whatsapp"
    }
  }
}
`+mainTF)
	c.tf = newTerraformCLI(t, c.dir).exec
	if _, err := c.run("init", "-input=false"); err != nil {
		t.Fatalf("terraform init: %v\n%s", err, c.output.String())
	}
	return c
}

func (c *cliScenario) write(name, content string) {
	c.t.Helper()
	if err := os.WriteFile(filepath.Join(c.dir, name), []byte(content), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// run runs one terraform command and returns its stdout and stderr together.
func (c *cliScenario) run(args ...string) (string, error) {
	stdout, stderr, err := c.tf(args...)
	c.output.WriteString(stdout)
	c.output.WriteString(stderr)
	return stdout + stderr, err
}

// apply runs terraform apply with -parallelism=10.
func (c *cliScenario) apply() (string, error) {
	return c.run("apply", "-auto-approve", "-input=false", "-parallelism=10")
}

// messageTrace is what the state file holds for one whatsapp_media_message
// instance: its ID, the send's outcome and whether Terraform tainted it.
type messageTrace struct {
	ID, Outcome string
	Tainted     bool
}

// messageTraces reads the state file: every whatsapp_media_message instance,
// by for_each key (or "" for a single instance).
func (c *cliScenario) messageTraces() map[string]messageTrace {
	c.t.Helper()
	data, err := os.ReadFile(filepath.Join(c.dir, "terraform.tfstate"))
	if os.IsNotExist(err) {
		return map[string]messageTrace{}
	}
	if err != nil {
		c.t.Fatal(err)
	}
	var st struct {
		Resources []struct {
			Type      string `json:"type"`
			Instances []struct {
				IndexKey   any    `json:"index_key"`
				Status     string `json:"status"`
				Attributes struct {
					ID      string `json:"id"`
					Outcome string `json:"outcome"`
				} `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(data, &st); err != nil {
		c.t.Fatalf("read terraform.tfstate: %v", err)
	}
	traces := map[string]messageTrace{}
	for _, r := range st.Resources {
		if r.Type != "whatsapp_media_message" {
			continue
		}
		for _, in := range r.Instances {
			key, _ := in.IndexKey.(string)
			traces[key] = messageTrace{ID: in.Attributes.ID, Outcome: in.Attributes.Outcome, Tainted: in.Status == "tainted"}
		}
	}
	return traces
}

// messageIDs is the message ID of every instance in the state file, by key.
func (c *cliScenario) messageIDs() map[string]string {
	ids := map[string]string{}
	for key, tr := range c.messageTraces() {
		ids[key] = tr.ID
	}
	return ids
}

// diagnosticRE finds each error Terraform printed against a message instance.
var diagnosticRE = regexp.MustCompile(`Error: ([^\n]+)\n\n\s+with whatsapp_media_message\.[a-z_]+(?:\["([^"]+)"\])?,`)

// errorsByKey maps each for_each key to the summaries of the errors reported on it.
func errorsByKey(output string) map[string][]string {
	out := map[string][]string{}
	for _, m := range diagnosticRE.FindAllStringSubmatch(output, -1) {
		out[m[2]] = append(out[m[2]], m[1])
	}
	return out
}

// checkSecrets fails the test when a secret is in a log, the state or the
// CLI's output, and returns how many places held one. It first makes sure the
// provider really logged its requests: an empty log would prove nothing.
func (c *cliScenario) checkSecrets() int {
	c.t.Helper()
	if logs := readTree(c.t, c.logDir); !strings.Contains(logs, "WhatsApp API request") {
		c.t.Fatalf("the provider log in %s lacks the per-request entries; the secret check would prove nothing", c.logDir)
	}
	return c.checkSecretsOnly()
}

// checkSecretsOnly is checkSecrets for a scenario that may have sent no
// request (a refused certificate still logs the attempt, but not always).
func (c *cliScenario) checkSecretsOnly() int {
	c.t.Helper()
	logs := readTree(c.t, c.logDir)
	if !strings.Contains(logs, "TRACE") {
		c.t.Fatalf("no TRACE entries in %s: the secret check would prove nothing", c.logDir)
	}
	state, err := os.ReadFile(filepath.Join(c.dir, "terraform.tfstate"))
	if err != nil && !os.IsNotExist(err) {
		c.t.Fatal(err)
	}
	found := 0
	for where, text := range map[string]string{"the logs": logs, "the state": string(state), "the CLI output": c.output.String()} {
		for _, secret := range c.secrets {
			if secret != "" && strings.Contains(text, secret) {
				found++
				c.t.Errorf("%s contain a secret (%.6s...)", where, secret)
			}
		}
	}
	return found
}
