package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// TestMain gives the package's tests a record of sends of their own: the
// provider's default place, .terraform in its working directory, would be
// this source folder for a provider served in the test process.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "whatsapp-send-record-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if os.Getenv(envSendRecordPath) == "" {
		_ = os.Setenv(envSendRecordPath, filepath.Join(dir, sendRecordFile))
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	removePluginBuilds()
	os.Exit(code)
}

// protoV6ProviderFactories runs the provider in the test process, so the real
// Terraform CLI that terraform-plugin-testing drives talks to the same code, and
// the sandbox started by each test is reachable from it over real HTTP.
var protoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"whatsapp": providerserver.NewProtocol6WithError(New("test")()),
}

// startSandbox starts a fresh sandbox for one test and stops it when the test ends.
func startSandbox(t *testing.T) *sandbox.Server {
	t.Helper()
	return startSandboxWith(t, sandbox.Options{})
}

// startSandboxWith starts a sandbox with opts, always in strict mode: every
// acceptance test then also checks that the provider's Cloud requests match
// Meta's OpenAPI patterns (User-Agent, phone number ID), which the sandbox's
// default mode, like the real API, does not enforce. It is the only place this
// package starts a sandbox (.golangci.yml forbids sandbox.New elsewhere).
func startSandboxWith(t *testing.T, opts sandbox.Options) *sandbox.Server {
	t.Helper()
	opts.Strict = true
	s, err := sandbox.New(opts)
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

// withSendRecord adds send_record_path to a provider block: a record of
// sends of the test's own, which its crash scenarios read and the test checks.
func withSendRecord(providerBlock, path string) string {
	return strings.Replace(providerBlock, "provider \"whatsapp\" {",
		fmt.Sprintf("provider \"whatsapp\" {\n  send_record_path = %q", path), 1)
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

// digitsOf is a recipient as the wire carries it: its digits alone. Written
// here independently of whatsapp.CanonicalRecipient, for expectations.
func digitsOf(to string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, to)
}
