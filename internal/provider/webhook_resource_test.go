package provider

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

const (
	webhookAddr   = "whatsapp_webhook.statuses"
	testAppSecret = "test-app-secret"
	testVerify    = "verify-me"
)

// fastStatuses has every status come within milliseconds of the send.
var fastStatuses = sandbox.StatusSchedule{Sent: time.Millisecond, Delivered: 2 * time.Millisecond, Read: 3 * time.Millisecond}

// webhookReceiver is the business's webhook, started by the test: it answers
// Meta's verification challenge when hub.verify_token is its token, and keeps
// every status POST with its signature header.
type webhookReceiver struct {
	*httptest.Server
	token      string
	mu         sync.Mutex
	posts      []receivedPost
	challenges int
}

type receivedPost struct {
	body      []byte
	signature string
}

func startWebhookReceiver(t *testing.T, token string) *webhookReceiver {
	t.Helper()
	rc := &webhookReceiver{token: token}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc.mu.Lock()
		defer rc.mu.Unlock()
		if r.Method == http.MethodGet {
			rc.challenges++
			q := r.URL.Query()
			if q.Get("hub.mode") != "subscribe" || q.Get("hub.verify_token") != rc.token {
				http.Error(w, "wrong verify token", http.StatusForbidden)
				return
			}
			_, _ = io.WriteString(w, q.Get("hub.challenge"))
			return
		}
		body, _ := io.ReadAll(r.Body)
		rc.posts = append(rc.posts, receivedPost{body: body, signature: r.Header.Get(sandbox.SignatureHeader)})
	}))
	t.Cleanup(rc.Close)
	return rc
}

// receivedStatus is one status as a receiver reads it, whatever the flavor.
type receivedStatus struct {
	ID           string `json:"id"`
	Status       string `json:"status"`
	RecipientID  string `json:"recipient_id"`
	CallbackData string `json:"biz_opaque_callback_data"`
	Errors       []struct {
		Code int `json:"code"`
	} `json:"errors"`
	signed bool // Cloud: X-Hub-Signature-256 matched the body under the app secret
}

// statuses decodes every POST the receiver got, checking Cloud signatures.
func (rc *webhookReceiver) challengeCount() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.challenges
}

func (rc *webhookReceiver) statuses(t *testing.T, cloud bool) map[string][]receivedStatus {
	t.Helper()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	out := map[string][]receivedStatus{}
	for _, p := range rc.posts {
		var payload struct {
			Statuses []receivedStatus `json:"statuses"` // On-Premises
			Entry    []struct {
				Changes []struct {
					Value struct {
						Statuses []receivedStatus `json:"statuses"`
					} `json:"value"`
				} `json:"changes"`
			} `json:"entry"` // Cloud
		}
		if err := json.Unmarshal(p.body, &payload); err != nil {
			t.Fatalf("the receiver got a body that is not JSON: %s", p.body)
		}
		list := payload.Statuses
		for _, e := range payload.Entry {
			for _, c := range e.Changes {
				list = append(list, c.Value.Statuses...)
			}
		}
		for _, st := range list {
			st.signed = p.signature == sandbox.Sign(testAppSecret, p.body)
			if !cloud && p.signature != "" {
				t.Fatalf("an On-Premises payload carries %s", sandbox.SignatureHeader)
			}
			out[st.ID] = append(out[st.ID], st)
		}
	}
	return out
}

func startStatusSandbox(t *testing.T) *sandbox.Server {
	t.Helper()
	s := startSandboxWith(t, sandbox.Options{Statuses: fastStatuses, AppSecret: testAppSecret})
	s.SetWorld(sandbox.World{NotOnWhatsApp: []string{"+1 631 555 0199"}, UnfetchableLinks: []string{"https://cdn.example.com/gone.pdf"}})
	// A free-form message reaches only a customer who wrote in the last 24
	// hours, so these customers write first, as they would on WhatsApp;
	// 16315551003 never writes.
	s.CustomerReplies("16315551001")
	s.CustomerReplies("16315551002")
	return s
}

// webhookConfig points the webhook at url and sends five messages by link
// once it is set: one that reaches its recipient, one to a number that is not
// on WhatsApp, one whose link cannot be fetched, and to a customer who never
// wrote a free-form one (outside the 24-hour window) and a template one.
func webhookConfig(flavor string, s *sandbox.Server, url, verifyToken, callbackData string) string {
	token := ""
	if verifyToken != "" {
		token = fmt.Sprintf("verify_token_wo = %q", verifyToken)
	}
	data := ""
	if callbackData != "" {
		data = fmt.Sprintf("callback_data = %q", callbackData)
	}
	return templateProviderConfig(flavor, s) + fmt.Sprintf(`
resource "whatsapp_webhook" "statuses" {
  url = %q
  %s
}

resource "whatsapp_media_message" "ok" {
  to         = "16315551001"
  type       = "image"
  link       = "https://cdn.example.com/a.png"
  %s
  depends_on = [whatsapp_webhook.statuses]
}

resource "whatsapp_media_message" "not_on_whatsapp" {
  to         = "+1 631 555 0199"
  type       = "image"
  link       = "https://cdn.example.com/a.png"
  depends_on = [whatsapp_webhook.statuses]
}

resource "whatsapp_media_message" "gone_link" {
  to         = "16315551002"
  type       = "document"
  link       = "https://cdn.example.com/gone.pdf"
  depends_on = [whatsapp_webhook.statuses]
}

resource "whatsapp_media_message" "outside_window" {
  to         = "16315551003"
  type       = "image"
  link       = "https://cdn.example.com/a.png"
  depends_on = [whatsapp_webhook.statuses]
}

resource "whatsapp_media_message" "template" {
  to   = "16315551003"
  type = "image"
  link = "https://cdn.example.com/a.png"
  template = {
    name            = "welcome_kit"
    language        = "en_US"
    body_parameters = ["Ana"]
  }
  depends_on = [whatsapp_webhook.statuses]
}
`, url, token, data)
}

// expectStatusesDelivered checks, for every message ID in state, that the
// receiver holds the statuses the sandbox's world makes: sent, delivered and
// read in that order (signed on Cloud, with the callback data), or one failed
// with the expected code: the free-form message outside the window fails with
// the flavor's re-engagement code, the template to the same customer arrives.
func expectStatusesDelivered(t *testing.T, s *sandbox.Server, rc *webhookReceiver, cloud bool, callbackData string) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		reengagement := "failed 470"
		if cloud {
			reengagement = "failed 131047"
		}
		want := map[string]string{
			"whatsapp_media_message.ok":              "sent,delivered,read",
			"whatsapp_media_message.not_on_whatsapp": "failed 131026",
			"whatsapp_media_message.gone_link":       "failed 131053",
			"whatsapp_media_message.outside_window":  reengagement,
			"whatsapp_media_message.template":        "sent,delivered,read",
		}
		s.WaitForStatuses(9, 10*time.Second)
		got := rc.statuses(t, cloud)
		for addr, seq := range want {
			id, err := stateID(st, addr)
			if err != nil {
				return err
			}
			var words []string
			for _, status := range got[id] {
				w := status.Status
				for _, e := range status.Errors {
					w += fmt.Sprintf(" %d", e.Code)
				}
				words = append(words, w)
				if cloud && !status.signed {
					return fmt.Errorf("%s: a %s status without a valid %s", addr, status.Status, sandbox.SignatureHeader)
				}
				if addr == "whatsapp_media_message.ok" && status.CallbackData != callbackData {
					return fmt.Errorf("%s: status %s carries callback data %q, want %q", addr, status.Status, status.CallbackData, callbackData)
				}
			}
			if strings.Join(words, ",") != seq {
				return fmt.Errorf("%s (%s): the receiver got %v, want %s", addr, id, words, seq)
			}
		}
		return nil
	}
}

// TestAccWebhook_cloudStatusesReachTheReceiver: the webhook resource sets the
// phone number's override (Meta's challenge answered by the receiver), every
// message in state gets its signed statuses there with its callback data,
// drift on the sandbox is planned back, import adopts it and destroy removes
// the override.
func TestAccWebhook_cloudStatusesReachTheReceiver(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	useWriteOnlyCLI(t)
	s := startStatusSandbox(t)
	rc := startWebhookReceiver(t, testVerify)
	config := webhookConfig(apiCloud, s, rc.URL+"/whatsapp", testVerify, "whatsapp_media_message.ok")

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if got := s.Webhooks().CloudOverride; got != "" {
				return fmt.Errorf("after destroy the phone number still has the override %q", got)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr(webhookAddr, "id", sandbox.DefaultPhoneNumberID),
					resource.TestCheckResourceAttr(webhookAddr, "url", rc.URL+"/whatsapp"),
					resource.TestCheckNoResourceAttr(webhookAddr, "verify_token_wo"),
					func(*terraform.State) error {
						if got := s.Webhooks().CloudOverride; got != rc.URL+"/whatsapp" {
							return fmt.Errorf("the sandbox's override is %q", got)
						}
						return nil
					},
					expectStatusesDelivered(t, s, rc, true, "whatsapp_media_message.ok"),
				),
			},
			{
				// Someone points the number elsewhere: refresh sees it, the plan
				// updates it back, and Meta verifies the URL again.
				PreConfig: func() {
					ws := s.Webhooks()
					ws.CloudOverride = "https://elsewhere.example.com/hook"
					s.SetWebhooks(ws)
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(webhookAddr, plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					if got := s.Webhooks().CloudOverride; got != rc.URL+"/whatsapp" {
						return fmt.Errorf("after the update the override is %q", got)
					}
					return expectSends(s, 5)(nil)
				},
			},
			{
				ResourceName:      webhookAddr,
				ImportState:       true,
				ImportStateId:     sandbox.DefaultPhoneNumberID,
				ImportStateVerify: true,
			},
		},
	})
}

// TestAccWebhook_onPremisesStatusesReachTheReceiver: the application's
// webhook URL, statuses in the On-Premises shape (unsigned, no callback
// data), and destroy putting back the URL the application had before.
func TestAccWebhook_onPremisesStatusesReachTheReceiver(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	s := startStatusSandbox(t)
	const before = "https://gateway.example.com/old-hook"
	s.SetWebhooks(sandbox.WebhookSettings{OnPremisesURL: before})
	rc := startWebhookReceiver(t, "")
	config := webhookConfig(apiOnPremises, s, rc.URL+"/whatsapp", "", "")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if got := s.Webhooks().OnPremisesURL; got != before {
				return fmt.Errorf("after destroy the application's webhook is %q, want the one from before, %q", got, before)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr(webhookAddr, "id", "application"),
					expectStatusesDelivered(t, s, rc, false, ""),
				),
			},
			{
				PreConfig: func() { s.SetWebhooks(sandbox.WebhookSettings{OnPremisesURL: "https://someone.example.com/else"}) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(webhookAddr, plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					if got := s.Webhooks().OnPremisesURL; got != rc.URL+"/whatsapp" {
						return fmt.Errorf("after the update the application's webhook is %q", got)
					}
					return nil
				},
			},
		},
	})
}

// TestAccWebhook_failedVerification: a receiver that does not answer the
// challenge (here: it expects another token) fails the apply with an error
// that names the URL Meta called and what it must answer; nothing changes.
func TestAccWebhook_failedVerification(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	useWriteOnlyCLI(t)
	s := startStatusSandbox(t)
	rc := startWebhookReceiver(t, "the-receivers-token")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerConfigFor(apiCloud, s) + fmt.Sprintf(`
resource "whatsapp_webhook" "statuses" {
  url             = %q
  verify_token_wo = "another-token"
}
`, rc.URL+"/whatsapp"),
			ExpectError: regexp.MustCompile(`(?s)WhatsApp Could Not Verify the Webhook URL.*GET ` + regexp.QuoteMeta(rc.URL) +
				`/whatsapp\?hub\.mode=subscribe.*HTTP 200 with the hub\.challenge value.*2200`),
		}},
	})
	if rc.challengeCount() != 1 || s.Webhooks().CloudOverride != "" {
		t.Fatalf("the receiver saw %d challenges and the override is %q; want 1 and none", rc.challengeCount(), s.Webhooks().CloudOverride)
	}
}

// TestAccWebhook_invalidConfigSendsNothing: each wrong configuration fails
// at plan time on its attribute, and nothing reaches the API.
func TestAccWebhook_invalidConfigSendsNothing(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	useWriteOnlyCLI(t)
	cases := []struct {
		name, flavor, body, want string
	}{
		{"url not http", apiCloud, `resource "whatsapp_webhook" "x" {
  url             = "ftp://hooks.example.com/wa"
  verify_token_wo = "t"
}`, `Invalid Webhook URL`},
		{"cloud without verify token", apiCloud, `resource "whatsapp_webhook" "x" {
  url = "https://hooks.example.com/wa"
}`, `Missing WhatsApp Webhook Verify Token`},
		{"on-premises with verify token", apiOnPremises, `resource "whatsapp_webhook" "x" {
  url             = "https://hooks.example.com/wa"
  verify_token_wo = "t"
}`, `Verify Token Needs the Cloud API`},
		{"callback data on-premises", apiOnPremises, `resource "whatsapp_media_message" "x" {
  to            = "16315551001"
  type          = "image"
  link          = "https://cdn.example.com/a.png"
  callback_data = "order-1"
}`, `Callback Data Needs the Cloud API`},
		{"callback data too long", apiCloud, `resource "whatsapp_media_message" "x" {
  to            = "16315551001"
  type          = "image"
  link          = "https://cdn.example.com/a.png"
  callback_data = "` + strings.Repeat("x", 513) + `"
}`, `at most 512`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := startStatusSandbox(t)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      providerConfigFor(tc.flavor, s) + tc.body,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
			if n := len(s.Requests()); n != 0 {
				t.Fatalf("%d requests reached the API, want 0: %+v", n, s.Requests())
			}
		})
	}
}

// TestAccMediaMessage_callbackDataChangeSendsNothing: callback data goes out
// with the send; changing it plans nothing, removing it only updates state.
func TestAccMediaMessage_callbackDataChangeSendsNothing(t *testing.T) {
	s := startStatusSandbox(t)
	config := func(data string) string {
		return cloudProviderConfig(s) + fmt.Sprintf(`
resource "whatsapp_media_message" "x" {
  to   = "16315551001"
  type = "image"
  link = "https://cdn.example.com/a.png"
  %s
}
`, data)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config(`callback_data = "customer-1"`),
				Check: resource.ComposeTestCheckFunc(expectSends(s, 1), func(*terraform.State) error {
					if body := string(s.Messages()[0].Body); !strings.Contains(body, `"biz_opaque_callback_data":"customer-1"`) {
						return fmt.Errorf("the send %s lacks the callback data", body)
					}
					return nil
				}),
			},
			{
				Config:           config(`callback_data = "customer-2"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: resource.ComposeTestCheckFunc(expectSends(s, 1),
					resource.TestCheckResourceAttr("whatsapp_media_message.x", "callback_data", "customer-1")),
			},
			{
				Config: config(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("whatsapp_media_message.x", plancheck.ResourceActionUpdate),
				}},
				Check: expectSends(s, 1),
			},
			{
				// A replacement is a new send, and it carries the configured data.
				Config: strings.Replace(config(`callback_data = "customer-3"`), "16315551001", "16315551003", 1),
				Check: resource.ComposeTestCheckFunc(expectSends(s, 2), func(*terraform.State) error {
					if body := string(s.Messages()[1].Body); !strings.Contains(body, `"biz_opaque_callback_data":"customer-3"`) {
						return fmt.Errorf("the new send %s lacks the configured callback data", body)
					}
					return nil
				}),
			},
		},
	})
}

// TestAccWebhook_verifyTokenNeverLoggedOrStored: the verify token comes from
// an ephemeral variable, reaches the receiver (so the API got it), and is in
// neither the state nor the provider's TRACE log.
func TestAccWebhook_verifyTokenNeverLoggedOrStored(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	useWriteOnlyCLI(t)
	const token = "verify-4c1e9b-never-in-logs"
	s := startStatusSandbox(t)
	rc := startWebhookReceiver(t, token)
	logDir := t.TempDir()
	mask := filepath.Join(logDir, "%s.log")
	t.Setenv("TF_VAR_verify_token", token)
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH_MASK", mask)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cloudProviderConfig(s) + fmt.Sprintf(`
variable "verify_token" {
  type      = string
  ephemeral = true
}

resource "whatsapp_webhook" "statuses" {
  url                     = %q
  verify_token_wo         = var.verify_token
  verify_token_wo_version = 1
}
`, rc.URL+"/whatsapp"),
			Check: func(state *terraform.State) error {
				if rc.challengeCount() != 1 || s.Webhooks().CloudOverride == "" {
					return fmt.Errorf("the receiver saw %d challenges; want the token to have reached it once", rc.challengeCount())
				}
				for name, rs := range state.RootModule().Resources {
					for key, value := range rs.Primary.Attributes {
						if strings.Contains(value, token) {
							return fmt.Errorf("state of %s.%s holds the verify token", name, key)
						}
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
	if strings.Contains(logs, token) {
		t.Error("the provider log contains the verify token")
	}
}

// TestAccWebhook_cloudRefusesAnOverrideItDidNotSet: an override Terraform did
// not set cannot be put back (its verify token is unreadable), so Create
// refuses it, says to import it, and changes nothing.
func TestAccWebhook_cloudRefusesAnOverrideItDidNotSet(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	useWriteOnlyCLI(t)
	s := startStatusSandbox(t)
	const theirs = "https://someone-else.example.com/hook"
	s.SetWebhooks(sandbox.WebhookSettings{CloudOverride: theirs})
	rc := startWebhookReceiver(t, testVerify)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cloudProviderConfig(s) + fmt.Sprintf(`
resource "whatsapp_webhook" "statuses" {
  url             = %q
  verify_token_wo = %q
}
`, rc.URL+"/whatsapp", testVerify),
			ExpectError: regexp.MustCompile(`(?s)WhatsApp Webhook Override Already Exists.*import it`),
		}},
	})
	if got := s.Webhooks().CloudOverride; got != theirs || rc.challengeCount() != 0 {
		t.Fatalf("the override is %q and the receiver saw %d challenges; want %q kept and none", got, rc.challengeCount(), theirs)
	}
}
