package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/lifecycle"
)

// Tests drive the real Terraform CLI two ways: terraform-plugin-testing's
// resource.Test wherever a step fits, and cliRunner, the one helper for what
// steps cannot express (untaint, saved plans, modules, the CLI's own logs and
// output, a working directory of a user's shape).

// cliProviderBlock is the one required_providers block a configuration the CLI
// runs outside resource.Test needs, so that `terraform init` resolves the
// provider to this process.
func cliProviderBlock() string {
	return "terraform {\n  required_providers {\n    whatsapp = {\n      source = \"sandeshlive/whatsapp\"\n    }\n  }\n}\n"
}

// setProviderEnv clears every WHATSAPP_* variable the provider reads (from
// providerArguments, so none can be missed), then sets env: whatever the
// caller's shell has must not leak into the provider block. It uses
// t.Setenv, so the calling test must not be parallel.
func setProviderEnv(t *testing.T, env map[string]string) {
	t.Helper()
	for _, a := range providerArguments {
		t.Setenv(a.env, "")
	}
	// A record of sends of the test's own, rather than .terraform in this
	// source folder (the provider's working directory in tests).
	t.Setenv(envSendRecordPath, filepath.Join(t.TempDir(), sendRecordFile))
	for k, v := range env {
		t.Setenv(k, v)
	}
}

// cliRunner runs the real Terraform CLI in one directory against the provider
// served in this process (as terraform-plugin-testing does, through
// TF_REATTACH_PROVIDERS).
type cliRunner struct {
	t             *testing.T
	terraformPath string
	dir           string
	reattach      string            // TF_REATTACH_PROVIDERS for the provider in this process
	plugin        *lifecycle.Server // the provider in this process, whose sending calls a test can wait for
	extraEnv      []string          // more KEY=value for every command, e.g. TF_VAR_ values

	logDir  string          // with traceLogs: where the CLI and the provider log
	secrets []string        // with traceLogs: what no log, state or output may hold
	output  strings.Builder // every command's stdout and stderr
}

// environ is the environment of a command: the test's as it is now (a test
// may set TF_LOG and the like between commands), the reattach settings and
// extraEnv.
func (r *cliRunner) environ() []string {
	env := append(os.Environ(), "TF_REATTACH_PROVIDERS="+r.reattach, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	return append(env, r.extraEnv...)
}

// newTerraformCLI serves the provider in this process for the real Terraform
// CLI and returns a runner for commands in dir.
func newTerraformCLI(t *testing.T, dir string) *cliRunner {
	t.Helper()
	terraformPath := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if terraformPath == "" {
		var err error
		if terraformPath, err = exec.LookPath("terraform"); err != nil {
			t.Fatal("no Terraform CLI: run through make test, or set TF_ACC_TERRAFORM_PATH")
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	configCh := make(chan *plugin.ReattachConfig, 1)
	closeCh := make(chan struct{})
	serveErr := make(chan error, 1)
	// Wrapped as main.go wraps it, so a test can wait for the calls that send.
	served := lifecycle.NewServer(providerserver.NewProtocol6(New("test")())().(lifecycle.ProviderServer), StoppingDiagnostic())
	go func() {
		serveErr <- tf6server.Serve(Address, func() tfprotov6.ProviderServer { return served },
			tf6server.WithDebug(ctx, configCh, closeCh),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithLoggingSink(t)) // provider logs only with TF_LOG, as in other tests
	}()
	var rc *plugin.ReattachConfig
	select {
	case rc = <-configCh:
	case err := <-serveErr:
		cancel()
		t.Fatalf("serve provider: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		<-closeCh
	})
	reattach, err := json.Marshal(map[string]any{cliProviderAddress(): map[string]any{
		"Protocol": string(rc.Protocol), "ProtocolVersion": rc.ProtocolVersion, "Pid": rc.Pid, "Test": true,
		"Addr": map[string]string{"Network": rc.Addr.Network(), "String": rc.Addr.String()},
	}})
	if err != nil {
		t.Fatal(err)
	}

	return &cliRunner{t: t, terraformPath: terraformPath, dir: dir, reattach: string(reattach), plugin: served}
}

// newCLIScenario is a cliRunner in a directory of its own holding
// cliProviderBlock and mainTF, initialised, with the provider settings in env
// and TF_LOG=TRACE (traceLogs), so a scenario can end by proving that no
// secret reached a log, the state or the CLI's output (checkSecrets).
//
// Secrets must come from the environment (env), not from main.tf: Terraform
// may log configuration. Not parallel: it sets environment variables.
func newCLIScenario(t *testing.T, env map[string]string, mainTF string, secrets []string) *cliRunner {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	setProviderEnv(t, env)
	c := newTerraformCLI(t, t.TempDir())
	c.traceLogs(secrets)
	c.write("main.tf", cliProviderBlock()+mainTF)
	if _, err := c.try("init", "-input=false"); err != nil {
		t.Fatalf("terraform init: %v\n%s", err, c.output.String())
	}
	return c
}

// traceLogs sets TF_LOG=TRACE for the rest of the test: the CLI logs to
// TF_LOG_PATH and the in-process provider to TF_LOG_PATH_MASK, both under a
// directory of their own, which checkSecrets reads.
func (r *cliRunner) traceLogs(secrets []string) {
	r.t.Helper()
	r.logDir, r.secrets = r.t.TempDir(), secrets
	// The provider's sink names its file after the test; a subtest's name has a slash.
	mask := filepath.Join(r.logDir, "provider", "%s.log")
	if err := os.MkdirAll(filepath.Dir(fmt.Sprintf(mask, r.t.Name())), 0o755); err != nil {
		r.t.Fatal(err)
	}
	r.t.Setenv("TF_LOG", "TRACE")
	r.t.Setenv("TF_LOG_PATH", filepath.Join(r.logDir, "terraform.log"))
	r.t.Setenv("TF_LOG_PATH_MASK", mask)
}

// write writes one file into the runner's directory.
func (r *cliRunner) write(name, content string) {
	r.t.Helper()
	writeFile(r.t, filepath.Join(r.dir, name), []byte(content))
}

// exec runs one terraform command and returns its output and exit error.
func (r *cliRunner) exec(args ...string) (string, string, error) {
	// -no-color goes after the command's words ("state rm" has two).
	words := 1
	if len(args) > 1 && args[0] == "state" {
		words = 2
	}
	cmd := exec.Command(r.terraformPath, append(args[:words:words], append([]string{"-no-color"}, args[words:]...)...)...)
	cmd.Dir = r.dir
	cmd.Env = r.environ()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r.output.WriteString(stdout.String())
	r.output.WriteString(stderr.String())
	return stdout.String(), stderr.String(), err
}

// start starts one terraform command in the background, for a test that
// stops or kills it mid-run; its output goes to out. The caller waits for it.
func (r *cliRunner) start(out *bytes.Buffer, args ...string) *exec.Cmd {
	r.t.Helper()
	cmd := exec.Command(r.terraformPath, append(args[:1:1], append([]string{"-no-color"}, args[1:]...)...)...)
	cmd.Dir = r.dir
	cmd.Env = r.environ()
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		r.t.Fatalf("start terraform %s: %v", strings.Join(args, " "), err)
	}
	return cmd
}

// run runs one terraform command and fails the test unless it exits 0.
func (r *cliRunner) run(args ...string) (string, string) {
	r.t.Helper()
	stdout, stderr, err := r.exec(args...)
	if err != nil {
		r.t.Fatalf("terraform %s: %v\n%s\n%s", strings.Join(args, " "), err, stdout, stderr)
	}
	return stdout, stderr
}

// fail runs one terraform command and fails the test if it exits 0.
func (r *cliRunner) fail(args ...string) (string, string) {
	r.t.Helper()
	stdout, stderr, err := r.exec(args...)
	if err == nil {
		r.t.Fatalf("terraform %s succeeded, want a failure\n%s\n%s", strings.Join(args, " "), stdout, stderr)
	}
	return stdout, stderr
}

// try runs one terraform command and returns its stdout and stderr together,
// for a scenario that expects some commands to fail.
func (r *cliRunner) try(args ...string) (string, error) {
	stdout, stderr, err := r.exec(args...)
	return stdout + stderr, err
}

// apply runs terraform apply with -parallelism=10.
func (r *cliRunner) apply() (string, error) {
	return r.try("apply", "-auto-approve", "-input=false", "-parallelism=10")
}

// cliProviderAddress is the address `source = "sandeshlive/whatsapp"` resolves
// to for the CLI under test: OpenTofu's default registry host differs, and
// terraform-plugin-testing's TF_ACC_PROVIDER_HOST names it.
func cliProviderAddress() string {
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	return host + "/sandeshlive/whatsapp"
}

// readTree concatenates every file below dir.
func readTree(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		b.Write(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// useWriteOnlyCLI makes the rest of the test run under a CLI that takes
// write-only arguments (Terraform or OpenTofu 1.11 and later; both CLIs of
// make test and make testacc-opentofu do). Not parallel: see useCLI.
func useWriteOnlyCLI(t *testing.T) {
	t.Helper()
	useCLI(t, "write-only arguments (Terraform or OpenTofu 1.11 or later)", func(_ string, major, minor int) bool {
		return major > 1 || (major == 1 && minor >= 11)
	})
}

// useActionsCLI makes the rest of the test run under Terraform 1.14 or later,
// which has actions (action_trigger, apply -invoke) and list resources
// (terraform query); OpenTofu has neither, so under make testacc-opentofu
// these tests run under the pinned Terraform instead of skipping. Not
// parallel: see useCLI.
func useActionsCLI(t *testing.T) {
	t.Helper()
	useCLI(t, "actions and list resources (Terraform 1.14 or later)", func(product string, major, minor int) bool {
		return product == "Terraform" && (major > 1 || (major == 1 && minor >= 14))
	})
}

// useCLI keeps the CLI in TF_ACC_TERRAFORM_PATH when ok accepts it, and
// otherwise switches the rest of the test to the pinned Terraform that
// `make terraform` builds once into bin/ and prints, so a test that needs a
// newer CLI never skips. It uses t.Setenv, so the calling test must not be
// parallel.
func useCLI(t *testing.T, needs string, ok func(product string, major, minor int) bool) {
	t.Helper()
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		t.Fatal("no Terraform CLI: set TF_ACC_TERRAFORM_PATH (make test and make testacc do)")
	}
	if ok(cliVersion(t, cli)) {
		return
	}
	_, thisFile, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(thisFile), "..", "..")
	out, err := exec.Command("make", "-s", "-C", root, "terraform").CombinedOutput()
	if err != nil {
		t.Fatalf("%s lacks %s; building the pinned Terraform with `make terraform` failed: %v\n%s", cli, needs, err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	pinned := lines[len(lines)-1]
	if !ok(cliVersion(t, pinned)) {
		t.Fatalf("`make terraform` gave %s, which lacks %s too", pinned, needs)
	}
	t.Logf("%s lacks %s: running this test under %s", cli, needs, pinned)
	t.Setenv("TF_ACC_TERRAFORM_PATH", pinned)
	t.Setenv("TF_ACC_PROVIDER_HOST", "") // Terraform's defaults: registry.terraform.io/hashicorp
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "")
}

// cliVersion asks the CLI at path for its version: the product ("Terraform"
// or "OpenTofu", the first word of `version`) and the major and minor number.
func cliVersion(t *testing.T, path string) (product string, major, minor int) {
	t.Helper()
	cmd := exec.Command(path, "version")
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s version: %v", path, err)
	}
	first, _, _ := strings.Cut(string(out), "\n")
	if _, err := fmt.Sscanf(first, "%s v%d.%d", &product, &major, &minor); err != nil {
		t.Fatalf("%s version printed %q: %v", path, first, err)
	}
	return product, major, minor
}

// messageTrace is what the state file holds for one whatsapp_media_message
// instance: its ID, the send's outcome and whether Terraform tainted it.
type messageTrace struct {
	ID, Outcome string
	Tainted     bool
}

// messageTraces reads the state file: every whatsapp_media_message instance,
// by for_each key (or "" for a single instance).
func (c *cliRunner) messageTraces() map[string]messageTrace {
	c.t.Helper()
	data, err := os.ReadFile(filepath.Join(c.dir, "terraform.tfstate"))
	// Terraform 1.14+ creates the local state file empty when it locks it, so
	// an apply that wrote nothing yet leaves an empty file: no state either.
	if os.IsNotExist(err) || (err == nil && len(data) == 0) {
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
func (c *cliRunner) messageIDs() map[string]string {
	ids := map[string]string{}
	for key, tr := range c.messageTraces() {
		ids[key] = tr.ID
	}
	return ids
}

// checkSecrets fails the test when a secret is in a log, the state or the
// CLI's output, and returns how many places held one. It first makes sure the
// provider really logged its requests: an empty log would prove nothing.
func (c *cliRunner) checkSecrets() int {
	c.t.Helper()
	if logs := readTree(c.t, c.logDir); !strings.Contains(logs, "WhatsApp API request") {
		c.t.Fatalf("the provider log in %s lacks the per-request entries; the secret check would prove nothing", c.logDir)
	}
	return c.checkSecretsOnly()
}

// checkSecretsOnly is checkSecrets for a scenario that may have sent no
// request (a refused certificate still logs the attempt, but not always).
func (c *cliRunner) checkSecretsOnly() int {
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
