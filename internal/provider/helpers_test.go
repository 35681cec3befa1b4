package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// protoV6ProviderFactories runs the provider in the test process, so the real
// Terraform CLI that terraform-plugin-testing drives talks to the same code, and
// the sandbox started by each test is reachable from it over real HTTP.
var protoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"whatsapp": providerserver.NewProtocol6WithError(New("test")()),
}

// startSandbox starts a fresh sandbox for one test and stops it when the test ends.
func startSandbox(t *testing.T) *sandbox.Server {
	t.Helper()
	s, err := sandbox.New(sandbox.Options{})
	if err != nil {
		t.Fatalf("start sandbox: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// cloudProviderConfig is a provider block for the sandbox's Cloud API, with
// the credentials a default sandbox accepts.
func cloudProviderConfig(s *sandbox.Server) string {
	return fmt.Sprintf(`
provider "whatsapp" {
  api             = "cloud"
  base_url        = %q
  phone_number_id = %q
  access_token    = %q
}
`, s.URL(), sandbox.DefaultPhoneNumberID, sandbox.DefaultAccessToken)
}

// onPremProviderConfig is a provider block for the sandbox's On-Premises API,
// logging in with username and password.
func onPremProviderConfig(s *sandbox.Server) string {
	return fmt.Sprintf(`
provider "whatsapp" {
  api      = "on_premises"
  base_url = %q
  username = %q
  password = %q
}
`, s.URL(), sandbox.DefaultUsername, sandbox.DefaultPassword)
}

// providerConfigFor returns the provider block for flavor "cloud" or "on_premises".
func providerConfigFor(flavor string, s *sandbox.Server) string {
	if flavor == apiCloud {
		return cloudProviderConfig(s)
	}
	return onPremProviderConfig(s)
}

// flavors lists both API flavors, for tests that run once per flavor.
var flavors = []string{apiCloud, apiOnPremises}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// stateID reads a resource's id from state.
func stateID(st *terraform.State, addr string) (string, error) {
	rs, ok := st.RootModule().Resources[addr]
	if !ok {
		return "", fmt.Errorf("%s is not in state", addr)
	}
	return rs.Primary.ID, nil
}

// newTestClient is a client for the sandbox, to act outside Terraform.
func newTestClient(t *testing.T, flavor string, s *sandbox.Server) *whatsapp.Client {
	t.Helper()
	cfg := whatsapp.Config{Flavor: whatsapp.Flavor(flavor), BaseURL: s.URL(), AccessToken: sandbox.DefaultAccessToken}
	if flavor == apiCloud {
		cfg.PhoneNumberID = sandbox.DefaultPhoneNumberID
	}
	c, err := whatsapp.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func findDiag(diags diag.Diagnostics, summary string) diag.Diagnostic {
	for _, d := range diags {
		if d.Summary() == summary {
			return d
		}
	}
	return nil
}

// expectMessages checks that the sandbox accepted exactly n messages.
func expectMessages(s *sandbox.Server, n int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := len(s.Messages()); got != n {
			return fmt.Errorf("sandbox received %d messages, want %d", got, n)
		}
		return nil
	}
}

// terraformCLI serves the provider in this process for the real Terraform
// CLI and returns a func that runs one terraform command in dir, failing the
// test unless it exits 0, and returning its standard output and error.
func terraformCLI(t *testing.T, dir string) func(args ...string) (string, string) {
	return newTerraformCLI(t, dir).run
}

// cliRunner runs the real Terraform CLI in one directory against the provider
// served in this process (as terraform-plugin-testing does, through
// TF_REATTACH_PROVIDERS).
type cliRunner struct {
	t             *testing.T
	terraformPath string
	dir           string
	reattach      string   // TF_REATTACH_PROVIDERS for the provider in this process
	extraEnv      []string // more KEY=value for every command, e.g. TF_VAR_ values
}

// environ is the environment of a command: the test's as it is now (a test
// may set TF_LOG and the like between commands), the reattach settings and
// extraEnv.
func (r *cliRunner) environ() []string {
	env := append(os.Environ(), "TF_REATTACH_PROVIDERS="+r.reattach, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	return append(env, r.extraEnv...)
}

// cliProviderBlock is the terraform block a configuration run by cliRunner
// needs, so that `terraform init` resolves the provider to this process.
func cliProviderBlock() string {
	return "terraform {\n  required_providers {\n    whatsapp = {\n      source = \"sandeshlive/whatsapp\"\n    }\n  }\n}\n"
}

func newTerraformCLI(t *testing.T, dir string) *cliRunner {
	t.Helper()
	terraformPath := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if terraformPath == "" {
		var err error
		if terraformPath, err = exec.LookPath("terraform"); err != nil {
			t.Skip("no Terraform CLI: set TF_ACC_TERRAFORM_PATH")
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	configCh := make(chan *plugin.ReattachConfig, 1)
	closeCh := make(chan struct{})
	serveErr := make(chan error, 1)
	go func() {
		serveErr <- tf6server.Serve(Address, providerserver.NewProtocol6(New("test")()),
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

	return &cliRunner{t: t, terraformPath: terraformPath, dir: dir, reattach: string(reattach)}
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
	return stdout.String(), stderr.String(), err
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

// oneLine folds the CLI's wrapped, aligned output so phrases can be searched.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// sendRequests counts the send requests the sandbox answered, accepted or not.
func sendRequests(s *sandbox.Server) int { return countRequests(s, "POST", `/messages$`) }

// expectSends fails unless the sandbox has seen exactly n send requests.
func expectSends(s *sandbox.Server, n int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := sendRequests(s); got != n {
			return fmt.Errorf("the sandbox saw %d send requests, want %d", got, n)
		}
		return nil
	}
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

// countRequests counts the requests the sandbox received with method ("" for
// any) whose path matches the regular expression path, e.g. uploads are
// countRequests(s, "POST", `/media$`).
func countRequests(s *sandbox.Server, method, path string) int {
	re := regexp.MustCompile(path)
	n := 0
	for _, r := range s.Requests() {
		if (method == "" || r.Method == method) && re.MatchString(r.Path) {
			n++
		}
	}
	return n
}

// useWriteOnlyCLI makes the rest of the test run under a CLI that supports
// write-only arguments (Terraform or OpenTofu 1.11 and later), so those tests
// never skip: when TF_ACC_TERRAFORM_PATH names an older CLI (the GNUmakefile's
// fallback Terraform 1.8.5), it switches the test to the OpenTofu the
// GNUmakefile builds (`make opentofu`, built once into bin/). It uses
// t.Setenv, so the calling test must not be parallel.
func useWriteOnlyCLI(t *testing.T) {
	t.Helper()
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		var err error
		if cli, err = exec.LookPath("terraform"); err != nil {
			t.Fatal("no Terraform CLI: set TF_ACC_TERRAFORM_PATH (make test does)")
		}
	}
	if cliSupportsWriteOnly(t, cli) {
		return
	}
	_, thisFile, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(thisFile), "..", "..")
	out, err := exec.Command("make", "-s", "-C", root, "opentofu").CombinedOutput()
	if err != nil {
		t.Fatalf("%s is older than 1.11 and cannot take write-only arguments; building OpenTofu with `make opentofu` failed: %v\n%s", cli, err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	tofu := lines[len(lines)-1]
	if !cliSupportsWriteOnly(t, tofu) {
		t.Fatalf("`make opentofu` gave %s, which cannot take write-only arguments either", tofu)
	}
	t.Logf("%s is older than 1.11: running this test under %s", cli, tofu)
	t.Setenv("TF_ACC_TERRAFORM_PATH", tofu)
	t.Setenv("TF_ACC_PROVIDER_HOST", "registry.opentofu.org")
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "hashicorp")
}

// cliSupportsWriteOnly tells whether the CLI at path (Terraform or OpenTofu,
// both answer `version -json` with "terraform_version") is 1.11 or later.
func cliSupportsWriteOnly(t *testing.T, path string) bool {
	t.Helper()
	cmd := exec.Command(path, "version", "-json")
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s version -json: %v", path, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s version -json printed %q: %v", path, out, err)
	}
	var major, minor int
	if _, err := fmt.Sscanf(v.Version, "%d.%d", &major, &minor); err != nil {
		t.Fatalf("%s reports version %q: %v", path, v.Version, err)
	}
	return major > 1 || (major == 1 && minor >= 11)
}

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
		envPassword, envAuthHeader, envCACertPEM, envInsecureSkipVerify, envRequestTimeout, envMaxRetries, envTemplateNamespace, envBusinessAccountID, envAppID} {
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
