package provider

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile/mediafiletest"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

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
				writeFile(t, filepath.Join(dir, "provider.tf"), []byte(providerConfigFor(flavor, s)))
				writeFile(t, filepath.Join(dir, "versions.tf"),
					[]byte("terraform {\n  required_providers {\n    whatsapp = {\n      source = \"sandeshlive/whatsapp\"\n    }\n  }\n}\n"))

				tf := terraformCLI(t, dir)
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
