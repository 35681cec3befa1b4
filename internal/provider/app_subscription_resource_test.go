package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

const appSubAddr = "whatsapp_app_subscription.this"

func appSubscriptionConfig(s *sandbox.Server, body string) string {
	return templateAccountConfig(s) + `
resource "whatsapp_app_subscription" "this" {
` + body + `
}
`
}

// expectSubscription checks the sandbox's subscription, account override,
// app callback URL and app webhook fields.
func expectSubscription(s *sandbox.Server, subscribed bool, override, appURL string, fields ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		ws := s.Webhooks()
		if s.AppSubscribed() != subscribed || ws.CloudAccountOverride != override || ws.CloudAppURL != appURL ||
			!slices.Equal(s.AppWebhookFields(), fields) {
			return fmt.Errorf("sandbox: subscribed=%v override=%q app URL=%q fields=%q; want %v %q %q %q",
				s.AppSubscribed(), ws.CloudAccountOverride, ws.CloudAppURL, s.AppWebhookFields(), subscribed, override, appURL, fields)
		}
		return nil
	}
}

// TestAccAppSubscription_lifecycle: a refused verification, create with the
// account override and the app's webhook, no-change plan, update, drift in
// the App Dashboard, import, unsubscribed outside Terraform, and destroy.
func TestAccAppSubscription_lifecycle(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	useWriteOnlyCLI(t)
	t.Setenv(envAppSecret, testAppSecret)
	s := startStatusSandbox(t)
	rc := startWebhookReceiver(t, testVerify)
	account, app := rc.URL+"/account", rc.URL+"/app"
	full := appSubscriptionConfig(s, fmt.Sprintf(`
  override_callback_uri   = %q
  verify_token_wo         = %q
  verify_token_wo_version = 1
  app_webhook = {
    callback_url = %q
  }`, account, testVerify, app))
	updated := appSubscriptionConfig(s, fmt.Sprintf(`
  verify_token_wo         = %q
  verify_token_wo_version = 1
  app_webhook = {
    callback_url = %q
    fields       = ["messages", "account_update"]
  }`, testVerify, app))
	noToken := func(st *terraform.State) error {
		for k, v := range st.RootModule().Resources[appSubAddr].Primary.Attributes {
			if strings.Contains(v, testVerify) {
				return fmt.Errorf("state attribute %s holds the verify token", k)
			}
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             expectSubscription(s, false, "", ""),
		Steps: []resource.TestStep{
			{
				// The receiver does not know this token: Meta's check fails, on the attribute.
				Config:      strings.Replace(full, fmt.Sprintf("%q", testVerify), `"wrong-token"`, 1),
				ExpectError: regexp.MustCompile(`(?s)WhatsApp Could Not Verify the Callback URL.*override_callback_uri`),
			},
			{
				Config: full,
				Check: resource.ComposeTestCheckFunc(expectSubscription(s, true, account, app, "messages"), noToken,
					resource.TestCheckResourceAttr(appSubAddr, "id", sandbox.DefaultBusinessAccountID),
					resource.TestCheckResourceAttr(appSubAddr, "app_id", sandbox.DefaultAppID),
					resource.TestCheckResourceAttr(appSubAddr, "app_webhook.fields.#", "1"),
					resource.TestCheckNoResourceAttr(appSubAddr, "verify_token_wo")),
			},
			{Config: full, PlanOnly: true},
			{
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(appSubAddr, plancheck.ResourceActionUpdate)}},
				Check: expectSubscription(s, true, "", app, "account_update", "messages"),
			},
			{
				// Changed by hand: an account override and another field. The plan puts the configuration back.
				PreConfig: func() {
					ws := s.Webhooks()
					ws.CloudAccountOverride = "https://elsewhere.example.com/hook"
					s.SetWebhooks(ws)
					s.SetAppWebhookFields([]string{"messages", "security"})
				},
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(appSubAddr, plancheck.ResourceActionUpdate)}},
				Check: expectSubscription(s, true, "", app, "account_update", "messages"),
			},
			{
				ResourceName:            appSubAddr,
				ImportState:             true,
				ImportStateId:           sandbox.DefaultBusinessAccountID,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"verify_token_wo_version"},
			},
			{
				ResourceName:  appSubAddr,
				ImportState:   true,
				ImportStateId: "999",
				ExpectError:   regexp.MustCompile(`Invalid WhatsApp App Subscription Import ID`),
			},
			{
				// Unsubscribed in the WhatsApp Manager: the refresh says so, the plan subscribes again.
				PreConfig:          func() { s.SetAppSubscribed(false) },
				Config:             updated,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{Config: updated, Check: expectSubscription(s, true, "", app, "account_update", "messages")},
		},
	})
	if n := countRequests(s, "DELETE", `/subscribed_apps$`); n != 1 {
		t.Fatalf("destroy sent %d DELETE subscribed_apps, want 1", n)
	}
}

// TestAccAppSubscription_invalid: every plan-time rule, with no request made.
func TestAccAppSubscription_invalid(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	useWriteOnlyCLI(t)
	t.Setenv(envAppSecret, "")
	s := startSandbox(t)
	hook := `app_webhook = { callback_url = "https://hooks.example.com/whatsapp" }`
	account := templateAccountConfig(s)
	noApp := strings.Replace(account, fmt.Sprintf("app_id              = %q\n", sandbox.DefaultAppID), "", 1)
	noWABA := strings.Replace(account, fmt.Sprintf("business_account_id = %q\n", sandbox.DefaultBusinessAccountID), "", 1)
	res := func(body string) string {
		return "\nresource \"whatsapp_app_subscription\" \"this\" {\n" + body + "\n}\n"
	}
	cases := []struct{ name, config, want string }{
		{"override without token", account + res(`override_callback_uri = "https://hooks.example.com/a"`), `Missing WhatsApp Webhook Verify Token`},
		{"token alone", account + res(`verify_token_wo = "t"`), `WhatsApp Verify Token Without a Callback URL`},
		{"app webhook without secret", account + res(`verify_token_wo = "t"`+"\n"+hook), `Missing WhatsApp App Secret.*WHATSAPP_APP_SECRET`},
		{"override not a URL", account + res(`override_callback_uri = "hooks.example.com"`+"\n"+`verify_token_wo = "t"`), `Invalid Webhook URL`},
		{"no fields", account + res(`verify_token_wo = "t"`+"\n"+`app_webhook = { callback_url = "https://h.example.com/", fields = [] }`), `fields set must contain at least 1 elements`},
		{"version without token", account + res(`verify_token_wo_version = 2`), `"verify_token_wo" must be specified`},
		{"no business account", noWABA + res(""), `Missing WhatsApp Business Account ID`},
		{"no app", noApp + res(""), `Missing WhatsApp App ID`},
		{"On-Premises", onPremProviderConfig(s) + res(""), `App Subscription Needs the Cloud API`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: c.config, PlanOnly: true,
			ExpectError: regexp.MustCompile(`(?s)` + strings.ReplaceAll(c.want, " ", `\s+`))})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps})
	if n := len(s.Requests()); n != 0 {
		t.Fatalf("invalid configurations sent %d requests, want 0", n)
	}
}

// TestAccAppSubscription_secretsNeverLoggedOrStored: the app secret (in the
// environment, sent inside an app access token) and the write-only verify
// token reach the sandbox and its receiver, and neither the provider's TRACE
// log nor the state holds them.
func TestAccAppSubscription_secretsNeverLoggedOrStored(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	useWriteOnlyCLI(t)
	const secret, token = "app-secret-7d1f0a-never-in-logs", "verify-9e2b4c-never-in-logs"
	s := startSandboxWith(t, sandbox.Options{AppSecret: secret})
	rc := startWebhookReceiver(t, token)
	logDir := t.TempDir()
	t.Setenv(envAppSecret, secret)
	t.Setenv("TF_VAR_verify_token", token)
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH_MASK", filepath.Join(logDir, "%s.log"))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: templateAccountConfig(s) + fmt.Sprintf(`
variable "verify_token" {
  type      = string
  ephemeral = true
}

resource "whatsapp_app_subscription" "this" {
  override_callback_uri   = %q
  verify_token_wo         = var.verify_token
  verify_token_wo_version = 1
  app_webhook = {
    callback_url = %q
  }
}
`, rc.URL+"/account", rc.URL+"/app"),
			Check: func(st *terraform.State) error {
				if rc.challengeCount() != 2 || len(s.AppWebhookFields()) != 1 {
					return fmt.Errorf("the receiver saw %d challenges, the app has fields %v; want both URLs verified", rc.challengeCount(), s.AppWebhookFields())
				}
				for k, v := range st.RootModule().Resources[appSubAddr].Primary.Attributes {
					if strings.Contains(v, token) || strings.Contains(v, secret) {
						return fmt.Errorf("state attribute %s holds a secret", k)
					}
				}
				return nil
			},
		}},
	})
	logs := readTree(t, logDir)
	if !strings.Contains(logs, "WhatsApp API request") {
		t.Fatalf("the provider log in %s lacks the per-request entries; the check would prove nothing", logDir)
	}
	for name, v := range map[string]string{"app secret": secret, "verify token": token} {
		if strings.Contains(logs, v) {
			t.Errorf("the provider log contains the %s", name)
		}
	}
}

// TestAccAppSubscription_statusesReachTheAppWebhook: the whole path as code,
// without whatsapp_webhook. The subscription sets the app's callback URL, the
// messages sent after it get their signed statuses there, and the phone
// number has no override of its own.
func TestAccAppSubscription_statusesReachTheAppWebhook(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	useWriteOnlyCLI(t)
	t.Setenv(envAppSecret, testAppSecret) // startStatusSandbox signs with it
	s := startStatusSandbox(t)
	rc := startWebhookReceiver(t, testVerify)
	config := webhookConfig(apiCloud, s, rc.URL+"/whatsapp", testVerify, "")
	hook := fmt.Sprintf("resource \"whatsapp_webhook\" \"statuses\" {\n  url = %q\n  verify_token_wo = %q\n}", rc.URL+"/whatsapp", testVerify)
	if !strings.Contains(config, hook) {
		t.Fatalf("webhookConfig changed shape; this test swaps its webhook block:\n%s", config)
	}
	config = strings.Replace(config, hook, fmt.Sprintf(`resource "whatsapp_app_subscription" "statuses" {
  verify_token_wo = %q
  app_webhook = {
    callback_url = %q
  }
}`, testVerify, rc.URL+"/whatsapp"), 1)
	config = strings.ReplaceAll(config, "whatsapp_webhook.statuses", "whatsapp_app_subscription.statuses")
	config = strings.Replace(config, cloudProviderConfig(s), templateAccountConfig(s), 1)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			Check: resource.ComposeTestCheckFunc(
				expectSubscription(s, true, "", rc.URL+"/whatsapp", "messages"),
				func(*terraform.State) error {
					if o := s.Webhooks().CloudOverride; o != "" {
						return fmt.Errorf("the phone number has an override %q; the statuses must come by the app's URL", o)
					}
					return nil
				},
				expectStatusesDelivered(t, s, rc, true, "")),
		}},
	})
}
