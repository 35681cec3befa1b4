package provider

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// TestAccProvider_secretsNeverLoggedOrStored uploads and sends on each flavor
// (and, On-Premises, writes media providers with write-only secrets) with TRACE
// logging on, then reads the provider's log and the state: the token, the
// password, the write-only secrets and the Basic credentials derived from them
// must appear in neither, and each API call's DEBUG line must name what it was
// about (the recipient, the upload, the media provider). It uses t.Setenv, so it does not run in parallel. (One flavor per
// run: in-process test providers share one server, so two aliased provider
// blocks in one configuration would share a client, unlike real plugins.)
//
// The secrets come from the environment, not the configuration, because the
// test harness itself logs each step's configuration into the same file.
func TestAccProvider_secretsNeverLoggedOrStored(t *testing.T) {
	const (
		token    = "tok-7f3a9c-never-in-logs"
		password = "pw-51d2e8-never-in-logs"
		// Write-only secrets of media providers, from ephemeral variables.
		cdnToken    = "cdn-wo-0b9e4d-never-in-logs"
		cdnPassword = "cdn-pw-wo-6a1f3c-never-in-logs"
	)
	secrets := []string{token, password, base64.StdEncoding.EncodeToString([]byte(sandbox.DefaultUsername + ":" + password)),
		cdnToken, cdnPassword, base64.StdEncoding.EncodeToString([]byte("fetcher:" + cdnPassword))}
	blocks := map[string]string{
		apiCloud: `
provider "whatsapp" {
  base_url        = %[1]q
  phone_number_id = %[2]q
}`,
		apiOnPremises: `
provider "whatsapp" {
  base_url = %[1]q
  username = %[3]q
}`,
	}
	const resources = `
resource "whatsapp_media" "note" {
  content_base64 = base64encode("hello")
  content_type   = "text/plain"
}

resource "whatsapp_media_message" "note" {
  to       = "+16315551001"
  type     = whatsapp_media.note.media_type
  media_id = whatsapp_media.note.id
}
`
	// Only the On-Premises API has media providers.
	const mediaProviders = `
variable "cdn_token" {
  type      = string
  ephemeral = true
}

variable "cdn_password" {
  type      = string
  ephemeral = true
}

resource "whatsapp_media_provider" "cdn" {
  name                    = "cdn"
  bearer_token_wo         = var.cdn_token
  bearer_token_wo_version = 1
}

resource "whatsapp_media_provider" "intranet" {
  name              = "intranet"
  basic_username    = "fetcher"
  basic_password_wo = var.cdn_password
}
`
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			s := startSandboxWith(t, sandbox.Options{AccessToken: token, Password: password})

			// The sink names the file after the test, and a subtest's name has a slash.
			logDir := t.TempDir()
			mask := filepath.Join(logDir, "%s.log")
			if err := os.MkdirAll(filepath.Dir(fmt.Sprintf(mask, t.Name())), 0o755); err != nil {
				t.Fatal(err)
			}
			t.Setenv(envAccessToken, "")
			t.Setenv(envPassword, "")
			if flavor == apiCloud {
				t.Setenv(envAccessToken, token)
			} else {
				t.Setenv(envPassword, password)
			}
			if flavor == apiOnPremises {
				useWriteOnlyCLI(t) // this run gives media provider secrets write-only
			}
			t.Setenv("TF_VAR_cdn_token", cdnToken)
			t.Setenv("TF_VAR_cdn_password", cdnPassword)
			t.Setenv("TF_LOG", "TRACE")
			t.Setenv("TF_LOG_PATH_MASK", mask)

			config := fmt.Sprintf(blocks[flavor], s.URL(), sandbox.DefaultPhoneNumberID, sandbox.DefaultUsername) + resources
			if flavor == apiOnPremises {
				config += mediaProviders
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: config,
					Check: resource.ComposeTestCheckFunc(
						expectMessages(s, 1),
						func(*terraform.State) error {
							if flavor != apiOnPremises {
								return nil
							}
							// The secrets reached the API, so their absence below means something.
							want := []sandbox.MediaProvider{
								{Name: "cdn", Type: "www", Bearer: cdnToken},
								{Name: "intranet", Type: "www", BasicUsername: "fetcher", BasicPassword: cdnPassword},
							}
							if got := s.MediaProviders(); !reflect.DeepEqual(got, want) {
								return fmt.Errorf("sandbox media providers %+v, want the write-only secrets", got)
							}
							return nil
						},
						func(state *terraform.State) error {
							for name, rs := range state.RootModule().Resources {
								for key, value := range rs.Primary.Attributes {
									for _, secret := range secrets {
										if strings.Contains(value, secret) {
											return fmt.Errorf("state of %s.%s holds a secret", name, key)
										}
									}
								}
							}
							return nil
						},
					),
				}},
			})

			logs := readTree(t, logDir)
			// Without the provider's own request entries the check below could pass
			// on an empty file: make sure logging really happened at this level.
			if !strings.Contains(logs, "WhatsApp API request") {
				t.Fatalf("the provider log in %s lacks the per-request entries; the secret check would prove nothing", logDir)
			}
			for _, secret := range secrets {
				if strings.Contains(logs, secret) {
					t.Errorf("the provider log contains a secret (%.6s...)", secret)
				}
			}
			checkAPICallsNamed(t, logs, flavor)
		})
	}
}

// checkAPICallsNamed proves each API call's DEBUG line names what the call was
// about: a send its recipient, an upload its source, a media read or delete
// its ID, a media provider call the provider's name; and that a first attempt
// carries no attempt counter (noise).
func checkAPICallsNamed(t *testing.T, logs, flavor string) {
	t.Helper()
	// Whole url_path values, by flavor.
	upload, mediaByID := `/v1/media`, `/v1/media/[^/ ]+`
	if flavor == apiCloud {
		upload, mediaByID = `/v[0-9.]+/`+sandbox.DefaultPhoneNumberID+`/media`, `/v[0-9.]+/[0-9]+`
	}
	want := []struct{ method, path, field string }{
		{"POST", `/v[0-9.]+/([0-9]+/)?messages`, `to="\+16315551001"`},
		{"POST", upload, `source=content_base64`},
		{"GET", mediaByID, `media_id=[^ ]+`},
		{"DELETE", mediaByID, `media_id=[^ ]+`},
	}
	if flavor == apiOnPremises {
		const providers = `/v1/settings/application/media/providers`
		want = append(want,
			struct{ method, path, field string }{"POST", providers, `media_provider=(cdn|intranet)`},
			struct{ method, path, field string }{"GET", providers, `media_provider=(cdn|intranet)`},
			struct{ method, path, field string }{"DELETE", providers + `/[^/ ]+`, `media_provider=(cdn|intranet)`})
	}
	var requests []string
	for _, line := range strings.Split(logs, "\n") {
		if strings.Contains(line, "[DEBUG]") && strings.Contains(line, "WhatsApp API request:") {
			requests = append(requests, line+" ")
		}
	}
	for _, w := range want {
		method := regexp.MustCompile(` method=` + w.method + ` `)
		path := regexp.MustCompile(` url_path=` + w.path + ` `)
		field := regexp.MustCompile(` ` + w.field + ` `)
		seen := 0
		for _, line := range requests {
			if !method.MatchString(line) || !path.MatchString(line) {
				continue
			}
			seen++
			if !field.MatchString(line) {
				t.Errorf("the DEBUG line of %s %s does not name the call (want %s):\n%s", w.method, w.path, w.field, line)
			}
			if strings.Contains(line, " attempt=1 ") {
				t.Errorf("a first attempt's DEBUG line carries attempt=1 (noise):\n%s", line)
			}
		}
		if seen == 0 {
			t.Errorf("no DEBUG line for %s %s in the provider log", w.method, w.path)
		}
	}
}
