package provider

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// TestAccProvider_secretsNeverLoggedOrStored uploads and sends on each flavor
// with TRACE logging on, then reads the provider's log and the state: the token,
// the password and the Basic credentials derived from them must appear in
// neither. It uses t.Setenv, so it does not run in parallel. (One flavor per
// run: in-process test providers share one server, so two aliased provider
// blocks in one configuration would share a client, unlike real plugins.)
//
// The secrets come from the environment, not the configuration, because the
// test harness itself logs each step's configuration into the same file.
func TestAccProvider_secretsNeverLoggedOrStored(t *testing.T) {
	const (
		token    = "tok-7f3a9c-never-in-logs"
		password = "pw-51d2e8-never-in-logs"
	)
	secrets := []string{token, password, base64.StdEncoding.EncodeToString([]byte(sandbox.DefaultUsername + ":" + password))}
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
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			s, err := sandbox.New(sandbox.Options{AccessToken: token, Password: password})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(s.Close)

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
			t.Setenv("TF_LOG", "TRACE")
			t.Setenv("TF_LOG_PATH_MASK", mask)

			config := fmt.Sprintf(blocks[flavor], s.URL(), sandbox.DefaultPhoneNumberID, sandbox.DefaultUsername) + resources
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: config,
					Check: resource.ComposeTestCheckFunc(
						expectMessages(s, 1),
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
		})
	}
}
