package provider

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// TestAccProvider_httpsEndToEnd runs the provider against the sandbox over
// TLS with a CA made for the run, on both flavors: refused by default with an
// error that says how to fix it, accepted with ca_cert_pem, accepted with
// insecure_skip_verify. Each case runs at TF_LOG=TRACE and ends with the
// secrets check.
func TestAccProvider_httpsEndToEnd(t *testing.T) {
	const (
		token    = "tok-tls-5e2a77-never-in-logs"
		password = "pw-tls-0d93c4-never-in-logs"
	)
	cases := []struct {
		name, providerBlock string
		accepted            bool
	}{
		{"refused by default", `provider "whatsapp" {}`, false},
		{"accepted with ca_cert_pem", `provider "whatsapp" {
  ca_cert_pem = file("ca.pem")
}`, true},
		{"accepted with insecure_skip_verify", `provider "whatsapp" {
  insecure_skip_verify = true
}`, true},
	}
	for _, flavor := range flavors {
		for _, tc := range cases {
			t.Run(flavor+"/"+tc.name, func(t *testing.T) {
				s, err := sandbox.New(sandbox.Options{TLS: true, AccessToken: token, Password: password})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(s.Close)
				env := map[string]string{envAPI: flavor, envBaseURL: s.URL()}
				if flavor == apiCloud {
					env[envPhoneNumberID], env[envAccessToken] = sandbox.DefaultPhoneNumberID, token
				} else {
					env[envUsername], env[envPassword] = sandbox.DefaultUsername, password
				}
				c := newCLIScenario(t, env, tc.providerBlock+`

resource "whatsapp_media_message" "m" {
  to   = "+16315551001"
  type = "image"
  link = "https://example.com/catalogue.png"
}
`, []string{token, password, base64.StdEncoding.EncodeToString([]byte(sandbox.DefaultUsername + ":" + password))})
				c.write("ca.pem", s.CACertPEM())

				out, err := c.apply()
				if !tc.accepted {
					if err == nil {
						t.Fatalf("apply over TLS with an untrusted CA succeeded:\n%s", out)
					}
					for _, want := range []string{"certificate", "ca_cert_pem", "insecure_skip_verify"} {
						if !strings.Contains(out, want) {
							t.Errorf("the error does not mention %q:\n%.3000s", want, out)
						}
					}
					if n := len(s.Requests()); n != 0 {
						t.Errorf("the sandbox answered %d requests through a refused certificate", n)
					}
					c.checkSecretsOnly()
					return
				}
				if err != nil {
					t.Fatalf("apply: %v\n%.3000s", err, out)
				}
				ids := c.messageIDs()
				msgs := s.Messages()
				if len(msgs) != 1 || ids[""] != msgs[0].ID {
					t.Fatalf("sandbox messages %+v, state IDs %v; want one, in state", msgs, ids)
				}
				c.checkSecrets()
			})
		}
	}
}
