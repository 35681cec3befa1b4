package provider

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile/mediafiletest"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// TestAccExamples_resources applies each examples/resources/<type>/resource.tf,
// the files the docs show, as a user would: init, apply, a plan that must be
// empty, destroy. It runs against the On-Premises sandbox, the flavor on which
// link_provider and media providers work, except whatsapp_webhook, whose
// example is written for Cloud (a verify token and callback_data) and runs
// there with a receiver in this process that answers Meta's challenge; the
// provider settings come from a provider_override.tf when the example has its
// own provider block, else from a provider.tf beside it; a versions.tf names
// the provider's source, as a user's root module would.
//
// Not parallel: ${path.module} is "." in a root module, and the in-process
// provider resolves relative paths against the test's working directory.
func TestAccExamples_resources(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	_, thisFile, _, _ := runtime.Caller(0)
	examples := filepath.Join(filepath.Dir(thisFile), "..", "..", "examples", "resources")
	vars := map[string][]string{
		"whatsapp_media_provider":  {"whatsapp_password=unused", "cdn_token=cdn-token", "intranet_password=pa55"},
		"whatsapp_media_broadcast": {`customers=["+1 631 555 1001", "16315551002", "+1 (631) 555-1003", "+16315551001"]`},
	}
	for _, name := range []string{"whatsapp_media", "whatsapp_media_message", "whatsapp_media_broadcast", "whatsapp_media_provider", "whatsapp_webhook", "whatsapp_message_template"} {
		t.Run(name, func(t *testing.T) {
			if name == "whatsapp_media_provider" || name == "whatsapp_webhook" {
				useWriteOnlyCLI(t) // their examples give a secret write-only
			}
			s := startSandbox(t)
			if name == "whatsapp_webhook" {
				rc := startWebhookReceiver(t, "example-token")
				vars[name] = []string{"webhook_url=" + rc.URL + "/whatsapp", "webhook_verify_token=example-token"}
			}
			// The message example names a media provider "cdn" it does not create;
			// the media provider example creates it (and may not find it there).
			if name != "whatsapp_media_provider" {
				s.PutMediaProvider(sandbox.MediaProvider{Name: "cdn", Type: "www", Bearer: "cdn-token"})
			}

			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS(filepath.Join(examples, name))); err != nil {
				t.Fatal(err)
			}
			example, err := os.ReadFile(filepath.Join(dir, "resource.tf"))
			if err != nil {
				t.Fatal(err)
			}
			// On-Premises with the template namespace: the message example sends a template too.
			settings := templateProviderConfig(apiOnPremises, s)
			if name == "whatsapp_message_template" {
				settings = templateAccountConfig(s) // templates live on the Cloud API only
				s.SetTemplateReview(sandbox.TemplateReview{Delay: 200 * time.Millisecond})
			}
			if name == "whatsapp_webhook" {
				settings = cloudProviderConfig(s)
			}
			providerFile := "provider.tf"
			if strings.Contains(string(example), `provider "whatsapp"`) {
				providerFile = "provider_override.tf"
			}
			writeFile(t, filepath.Join(dir, providerFile), []byte(settings))
			writeFile(t, filepath.Join(dir, "versions.tf"),
				[]byte(cliProviderBlock()))

			t.Chdir(dir)
			tf := newTerraformCLI(t, dir).run
			var varArgs []string
			for _, v := range vars[name] {
				varArgs = append(varArgs, "-var", v)
			}
			run := func(args ...string) string {
				stdout, stderr := tf(append(args, varArgs...)...)
				return stdout + stderr
			}
			run("init", "-input=false")
			run("apply", "-auto-approve", "-input=false")
			sent := len(s.Messages())
			// -detailed-exitcode: 0 means no changes (tf fails the test on any other code).
			run("plan", "-detailed-exitcode", "-input=false")
			run("destroy", "-auto-approve", "-input=false")
			if n := len(s.Messages()); n != sent {
				t.Errorf("plan and destroy sent %d more messages, want none", n-sent)
			}
			if live := s.Media(); len(live) != 0 {
				t.Errorf("destroy left %d media objects on the sandbox", len(live))
			}
		})
	}
}

// TestAccExamples_dataSources applies each examples/data-sources/<type>/data-source.tf,
// the files the docs show, as TestAccExamples_resources does for resources:
// init, apply, a plan that must be empty, destroy, with the provider settings
// in a provider.tf and the provider's source in a versions.tf. Each example
// runs on every flavor it is written for; setup gives it what it expects to
// find on the account.
func TestAccExamples_dataSources(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	_, thisFile, _, _ := runtime.Caller(0)
	examples := filepath.Join(filepath.Dir(thisFile), "..", "..", "examples", "data-sources")
	cases := []struct {
		name    string
		flavors []string
		setup   func(t *testing.T, s *sandbox.Server, flavor string) []string // returns -var arguments
		sends   int                                                           // messages the apply sends
		// provider is the provider block, when the example needs more than providerConfigFor gives.
		provider func(s *sandbox.Server) string
	}{
		{
			name:    "whatsapp_media",
			flavors: flavors,
			setup: func(t *testing.T, s *sandbox.Server, flavor string) []string {
				id := uploadOutOfBand(t, s, flavor, mediafiletest.PNG(16, 16, 7), "image/png")
				return []string{"-var", "media_id=" + id}
			},
			sends: 1,
		},
		{
			name:    "whatsapp_phone_number",
			flavors: []string{apiCloud}, // the data source needs the Cloud API
			setup: func(t *testing.T, s *sandbox.Server, _ string) []string {
				// Not RED, so the example's precondition lets the broadcast go
				// (TestAccPhoneNumberDataSource_exampleGuardsBroadcast: RED stops it).
				p := s.PhoneNumber()
				p.QualityRating = "YELLOW"
				s.SetPhoneNumber(p)
				return nil
			},
			sends: 2, // the example's default customers
		},
		{
			name:     "whatsapp_message_template",
			flavors:  []string{apiCloud}, // templates are read through the Cloud API
			provider: templateAccountConfig,
			sends:    2, // the example's default customers, through the sandbox's approved welcome_kit
		},
	}
	for _, tc := range cases {
		for _, flavor := range tc.flavors {
			t.Run(tc.name+"/"+flavor, func(t *testing.T) {
				s := startSandbox(t)
				var vars []string
				if tc.setup != nil {
					vars = tc.setup(t, s, flavor)
				}
				dir := t.TempDir()
				if err := os.CopyFS(dir, os.DirFS(filepath.Join(examples, tc.name))); err != nil {
					t.Fatal(err)
				}
				providerBlock := providerConfigFor(flavor, s)
				if tc.provider != nil {
					providerBlock = tc.provider(s)
				}
				writeFile(t, filepath.Join(dir, "provider.tf"), []byte(providerBlock))
				t.Chdir(dir) // ${path.module} is "." and the in-process provider reads files from here
				writeFile(t, filepath.Join(dir, "versions.tf"),
					[]byte(cliProviderBlock()))

				tf := newTerraformCLI(t, dir).run
				run := func(args ...string) string {
					stdout, stderr := tf(append(args, vars...)...)
					return stdout + stderr
				}
				run("init", "-input=false")
				out := run("apply", "-auto-approve", "-input=false")
				if n := len(s.Messages()); n != tc.sends {
					t.Fatalf("apply sent %d messages, want %d\n%s", n, tc.sends, out)
				}
				// -detailed-exitcode: 0 means no changes (tf fails the test on any other code).
				run("plan", "-detailed-exitcode", "-input=false")
				run("destroy", "-auto-approve", "-input=false")
				if n := len(s.Messages()); n != tc.sends {
					t.Errorf("plan and destroy sent %d more messages, want none", n-tc.sends)
				}
			})
		}
	}
}
