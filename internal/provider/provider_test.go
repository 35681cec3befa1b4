package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
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

// Credentials the sandbox accepts by default (see sandbox.Options).
const (
	sandboxUser          = "admin"
	sandboxPassword      = "secret"
	sandboxToken         = "sandbox-token"
	sandboxPhoneNumberID = "106540352242922"
)

// cloudProviderConfig is a provider block for the sandbox's Cloud API. Retries
// are kept fast so fault tests do not wait for production backoff.
func cloudProviderConfig(s *sandbox.Server) string {
	return fmt.Sprintf(`
provider "whatsapp" {
  api             = "cloud"
  base_url        = %q
  phone_number_id = %q
  access_token    = %q
}
`, s.URL(), sandboxPhoneNumberID, sandboxToken)
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
`, s.URL(), sandboxUser, sandboxPassword)
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
