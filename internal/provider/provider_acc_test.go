package provider

import (
	"encoding/base64"
	"fmt"
	"net"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// linkMessageConfig is the smallest configuration that makes Terraform configure
// the provider and call the API: one image message sent by link.
const linkMessageConfig = `
resource "whatsapp_media_message" "probe" {
  to   = "+16315551001"
  type = "image"
  link = "https://example.com/probe.png"
}
`

func TestAccProvider_validBlockForEachFlavor(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(flavor, func(t *testing.T) {
			s := startSandbox(t)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: providerConfigFor(flavor, s) + linkMessageConfig,
					Check: resource.ComposeTestCheckFunc(
						expectMessages(s, 1),
						resource.TestCheckResourceAttrSet("whatsapp_media_message.probe", "id"),
					),
				}},
			})
		})
	}
}

// TestAccProvider_fromEnvironmentOnly uses t.Setenv, so it cannot run in parallel.
func TestAccProvider_fromEnvironmentOnly(t *testing.T) {
	s := startSandbox(t)
	setProviderEnv(t, map[string]string{envBaseURL: s.URL(), envUsername: sandbox.DefaultUsername, envPassword: sandbox.DefaultPassword})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			// No api and no phone_number_id: the environment describes an On-Premises login.
			Config: `provider "whatsapp" {}` + linkMessageConfig,
			Check: resource.ComposeTestCheckFunc(
				expectMessages(s, 1),
				func(*terraform.State) error {
					if s.Logins() != 1 {
						return fmt.Errorf("sandbox saw %d logins, want 1", s.Logins())
					}
					return nil
				},
			),
		}},
	})
}

func TestAccProvider_contradictionsFailAtPlanTime(t *testing.T) {
	s := startSandbox(t)
	blocks := []struct {
		name  string
		block string
		error string
	}{
		{"cloud without phone number id", fmt.Sprintf(`provider "whatsapp" {
  api          = "cloud"
  base_url     = %q
  access_token = "t"
}`, s.URL()), `(?s)phone_number_id.*WHATSAPP_PHONE_NUMBER_ID`},
		{"on-premises without base url", `provider "whatsapp" {
  api          = "on_premises"
  access_token = "t"
}`, `(?s)base_url.*WHATSAPP_BASE_URL`},
		{"neither token nor login", fmt.Sprintf(`provider "whatsapp" {
  base_url = %q
}`, s.URL()), `(?s)neither is set.*access_token`},
		{"unknown api", `provider "whatsapp" {
  api = "graph"
}`, `(?s)api.*value must be one of`},
		{"auth header on cloud", fmt.Sprintf(`provider "whatsapp" {
  base_url        = %q
  phone_number_id = "1"
  access_token    = "t"
  auth_header     = "D360-API-KEY"
}`, s.URL()), `(?s)auth_header only applies to On-Premises`},
		{"username without password", fmt.Sprintf(`provider "whatsapp" {
  base_url = %q
  username = "admin"
}`, s.URL()), `(?s)no password.*WHATSAPP_PASSWORD`},
		{"graph.facebook.com without phone number id is Cloud, not On-Premises", `provider "whatsapp" {
  base_url     = "https://graph.facebook.com"
  access_token = "t"
}`, `(?s)graph\.facebook\.com,\s+so\s+the\s+Cloud\s+API\s+was\s+assumed.*phone_number_id`},
		{"a version in the Cloud base url", fmt.Sprintf(`provider "whatsapp" {
  base_url        = "%s/v23.0"
  phone_number_id = "1"
  access_token    = "t"
}`, s.URL()), `(?s)base_url.*goes\s+in\s+api_version`},
		{"bad base url", `provider "whatsapp" {
  base_url     = "wa.example.com"
  access_token = "t"
}`, `(?s)base_url.*https://`},
	}
	var steps []resource.TestStep
	for _, b := range blocks {
		steps = append(steps, resource.TestStep{
			Config:      b.block + linkMessageConfig,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(b.error),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps:                    steps,
		CheckDestroy: func(*terraform.State) error {
			if n := len(s.Requests()); n != 0 {
				return fmt.Errorf("a bad provider block sent %d requests to the sandbox; want none", n)
			}
			return nil
		},
	})
}

// A token or password read with file() ends in a newline. The provider trims
// it, so the send works and the API gets the credential without it, instead
// of every request failing with "invalid header field value".
func TestAccProvider_credentialsWithFinalNewline(t *testing.T) {
	s := startSandbox(t)
	blocks := map[string]string{
		"cloud token": fmt.Sprintf(`provider "whatsapp" {
  base_url        = %q
  phone_number_id = %q
  access_token    = "%s\n"
}`, s.URL(), sandbox.DefaultPhoneNumberID, sandbox.DefaultAccessToken),
		"on-premises login": fmt.Sprintf(`provider "whatsapp" {
  base_url = %q
  username = "  %s\n"
  password = "%s\r\n"
}`, s.URL(), sandbox.DefaultUsername, sandbox.DefaultPassword),
	}
	for name, block := range blocks {
		t.Run(name, func(t *testing.T) {
			before := len(s.Messages())
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: block + linkMessageConfig,
					Check:  expectMessages(s, before+1),
				}},
			})
		})
	}
}

// A refused connection is retried (nothing reached the API), then the error
// names the address, how often and how long it tried, and base_url.
func TestAccProvider_connectionRefusedNamesBaseURL(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`provider "whatsapp" {
  base_url        = "http://%s"
  phone_number_id = "106540352242922"
  access_token    = "t"
  max_retries     = 1
}`, addr) + linkMessageConfig,
			ExpectError: regexp.MustCompile(`(?s)Could not connect to ` + regexp.QuoteMeta(addr) +
				`: tried 2 time\(s\)\s+over\s+[0-9.]+m?s\..*connection refused.*Check\s+base_url\s+\(or\s+WHATSAPP_BASE_URL\)`),
		}},
	})
}

// An unknown phone number ID gets Graph's code 100 with subcode 33; the advice
// points at phone_number_id, not at the media type.
func TestAccProvider_unknownPhoneNumberIDAdvice(t *testing.T) {
	s := startSandbox(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`provider "whatsapp" {
  base_url        = %q
  phone_number_id = "999"
  access_token    = %q
}`, s.URL(), sandbox.DefaultAccessToken) + linkMessageConfig,
			ExpectError: regexp.MustCompile(`(?s)code 100 \(HTTP 400\), subcode 33.*check\s+phone_number_id\s+\(the\s+phone\s+number's\s+ID`),
		}},
	})
	if n := len(s.Messages()); n != 0 {
		t.Errorf("the sandbox accepted %d messages for an unknown phone number, want none", n)
	}
}

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
				s := startSandboxWith(t, sandbox.Options{TLS: true, AccessToken: token, Password: password})
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
