package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/receiverapi"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The provider reads delivery from the real whatsapp-receiver, which the
// sandbox's Cloud app posts its statuses to once whatsapp_webhook points it
// there: a refresh shows, per message and per broadcast recipient, what the
// sandbox says it reported (GET /_sandbox/statuses), the data source
// counts them, and the store's token is in no state, plan or log.

func TestAccDeliveryStatuses_sqlite(t *testing.T) { testDeliveryStatuses(t, apiCloud, "") }

func TestAccDeliveryStatuses_postgres(t *testing.T) {
	testDeliveryStatuses(t, apiCloud, testPostgresStore(t))
}

// On-Premises statuses carry no label: the same, without delivery_label and
// label_prefix, and with the gateway's window code.
func TestAccDeliveryStatuses_onPremises(t *testing.T) { testDeliveryStatuses(t, apiOnPremises, "") }

// deliveryStatusesConfig sends two messages and a broadcast of four once the
// webhook points at the store: 16315551001 and 16315551002 wrote to the
// business (delivered, read), 16315551003 did not (free-form: failed 131047,
// 470 On-Premises), 16315550199 is not on WhatsApp (failed 131026).
func deliveryStatusesConfig(flavor string, s *sandbox.Server, store *deliveryStore) string {
	webhook := fmt.Sprintf("url = %q\n  verify_token_wo = %q", store.CloudWebhook(), testStoreVerifyToken)
	if flavor == apiOnPremises {
		webhook = fmt.Sprintf("url = %q", store.OnPremisesWebhook()) // no challenge On-Premises
	}
	return strings.Replace(providerConfigFor(flavor, s), "provider \"whatsapp\" {",
		fmt.Sprintf("provider \"whatsapp\" {\n  delivery_store_url = %q", store.URL), 1) + fmt.Sprintf(`
resource "whatsapp_webhook" "statuses" {
  %s
}

resource "whatsapp_media_message" "ok" {
  to         = "16315551001"
  type       = "image"
  link       = "https://cdn.example.com/a.png"
  depends_on = [whatsapp_webhook.statuses]
}

resource "whatsapp_media_message" "outside_window" {
  to         = "16315551003"
  type       = "image"
  link       = "https://cdn.example.com/a.png"
  depends_on = [whatsapp_webhook.statuses]
}

resource "whatsapp_media_broadcast" "promo" {
  recipients = ["+1 631 555 1001", "16315551002", "16315551003", "16315550199"]
  type       = "image"
  link       = "https://cdn.example.com/promo.png"
  caption    = "This week only"
  depends_on = [whatsapp_webhook.statuses]
}
`, webhook)
}

// deliveryStatusesOutputs reads the statuses for outputs: added once the
// statuses are in, so that no plan sees them change under it.
const deliveryStatusesOutputs = `
data "whatsapp_message_statuses" "promo" {
  message_ids = [for d in whatsapp_media_broadcast.promo.deliveries : d.message_id if d.message_id != null]
}


output "promo_read" {
  value = data.whatsapp_message_statuses.promo.counts["read"]
}

output "promo_failed" {
  value = data.whatsapp_message_statuses.promo.counts["failed"]
}
`

// labelledOutputs reads by the broadcast's label (Cloud).
const labelledOutputs = `
data "whatsapp_message_statuses" "labelled" {
  label_prefix = whatsapp_media_broadcast.promo.delivery_label
}
`

// deliveryStatusesStatusCount is how many statuses the configuration makes:
// sent, delivered, read for each of the three messages that arrive, one
// failed for each of the three that do not.
const deliveryStatusesStatusCount = 3*3 + 3

func testDeliveryStatuses(t *testing.T, flavor, database string) {
	useWriteOnlyCLI(t)
	s := startSandboxWith(t, sandbox.Options{Statuses: fastStatuses})
	s.SetWorld(sandbox.World{NotOnWhatsApp: []string{"16315550199"}})
	s.CustomerReplies("16315551001")
	s.CustomerReplies("16315551002")
	store := startDeliveryStore(t, database)

	// The token comes from the environment, as the logging test's secrets do,
	// and the log is written at TRACE, so its absence below means something.
	logDir := t.TempDir()
	mask := filepath.Join(logDir, "%s.log")
	if err := os.MkdirAll(filepath.Dir(fmt.Sprintf(mask, t.Name())), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv(envDeliveryStoreToken, testStoreReadToken)
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH_MASK", mask)

	cloud := flavor == apiCloud
	config := deliveryStatusesConfig(flavor, s, store)
	outputs, windowCode, byHand := deliveryStatusesOutputs, "131047", 0
	labelCheck := resource.TestMatchResourceAttr("whatsapp_media_broadcast.promo", "delivery_label",
		regexp.MustCompile(`^wa1\.[0-9a-f]{12}\.$`))
	if cloud {
		outputs += labelledOutputs
		byHand = 2
	} else {
		windowCode = "470"
		labelCheck = resource.TestCheckNoResourceAttr("whatsapp_media_broadcast.promo", "delivery_label")
	}
	var label string // the broadcast's delivery_label, read from state after the first apply
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.ComposeTestCheckFunc(
					expectSends(s, 6),
					// Right after the sends nothing is read yet: no status, not "not sent".
					resource.TestCheckNoResourceAttr("whatsapp_media_message.ok", "delivery.status"),
					resource.TestCheckResourceAttr("whatsapp_media_broadcast.promo", "delivery_counts.no_status", "4"),
					labelCheck,
					noSecretInState(testStoreReadToken),
					func(st *terraform.State) error {
						label = st.RootModule().Resources["whatsapp_media_broadcast.promo"].Primary.Attributes["delivery_label"]
						return nil
					},
				),
			},
			{
				// On Cloud two more sends carry the broadcast's label, as its own
				// sends do when the provider labels them: the data source finds
				// every message whose statuses echo it.
				PreConfig: func() {
					if cloud {
						sendLabelled(t, s, label)
					}
					waitForStore(t, s, store, deliveryStatusesStatusCount+byHand*3)
				},
				Config: config + outputs,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					// New statuses are read by the refresh and plan nothing.
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("whatsapp_webhook.statuses", plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction("whatsapp_media_message.ok", plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction("whatsapp_media_message.outside_window", plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction("whatsapp_media_broadcast.promo", plancheck.ResourceActionNoop),
						noSecretInPlan(testStoreReadToken),
					},
				},
				Check: resource.ComposeTestCheckFunc(
					expectSends(s, 6+byHand),
					expectRefreshedStatuses(s),
					resource.TestCheckResourceAttr("whatsapp_media_message.ok", "delivery.status", "read"),
					resource.TestCheckResourceAttr("whatsapp_media_message.outside_window", "delivery.status", "failed"),
					resource.TestCheckResourceAttr("whatsapp_media_message.outside_window", "delivery.failure_code", windowCode),
					resource.TestCheckResourceAttr("whatsapp_media_broadcast.promo", "deliveries.16315550199.failure_code", "131026"),
					resource.TestCheckResourceAttr("whatsapp_media_broadcast.promo", "delivery_counts.read", "2"),
					resource.TestCheckResourceAttr("whatsapp_media_broadcast.promo", "delivery_counts.failed", "2"),
					resource.TestCheckResourceAttr("whatsapp_media_broadcast.promo", "delivery_counts.no_status", "0"),
					resource.TestCheckResourceAttr("data.whatsapp_message_statuses.promo", "counts.read", "2"),
					resource.TestCheckResourceAttr("data.whatsapp_message_statuses.promo", "counts.failed", "2"),
					resource.TestCheckResourceAttr("data.whatsapp_message_statuses.promo", "counts.delivered", "0"),
					resource.TestCheckResourceAttr("data.whatsapp_message_statuses.promo", "statuses.#", "4"),
					func(st *terraform.State) error {
						if !cloud {
							return nil
						}
						return expectLabelled(s, &label)(st)
					},
					resource.TestCheckOutput("promo_read", "2"),
					resource.TestCheckOutput("promo_failed", "2"),
					noSecretInState(testStoreReadToken),
				),
			},
			{
				// -refresh-only, as the demo runs it: nothing to apply, nothing changes.
				RefreshState: true,
				Check:        expectRefreshedStatuses(s),
			},
		},
	})

	logs := readTree(t, logDir)
	if !strings.Contains(logs, "WhatsApp API request") {
		t.Fatalf("the log in %s lacks the provider's request entries; the token check would prove nothing", logDir)
	}
	if strings.Contains(logs, testStoreReadToken) {
		t.Error("the TRACE log contains the delivery store's token")
	}
}

// sendLabelled sends two messages outside Terraform whose callback data
// starts with label, to the two customers who wrote.
func sendLabelled(t *testing.T, s *sandbox.Server, label string) {
	t.Helper()
	c := newTestClient(t, apiCloud, s)
	for i, to := range []string{"16315551001", "16315551002"} {
		_, err := c.SendMediaMessage(context.Background(), whatsapp.MediaMessage{To: to, Type: "image",
			Link: "https://cdn.example.com/promo.png", CallbackData: fmt.Sprintf("%s%032x|by hand", label, i)})
		if err != nil {
			t.Fatalf("send by hand: %v", err)
		}
	}
}

// sandboxOutcome is what the sandbox says it reported of one message: its
// highest status and first failure.
type sandboxOutcome struct {
	status string
	code   int
	title  string
}

// sandboxStatuses is what GET /_sandbox/statuses lists: every status the
// sandbox reported, with how its post to the webhook went.
type sandboxStatuses struct {
	Statuses []struct {
		MessageID    string `json:"message_id"`
		Status       string `json:"status"`
		CallbackData string `json:"callback_data"`
		Error        *struct {
			Code  int    `json:"code"`
			Title string `json:"title"`
		} `json:"error"`
		Delivery struct {
			Delivered bool   `json:"delivered"`
			LastError string `json:"last_error"`
		} `json:"delivery"`
	} `json:"statuses"`
}

// readSandboxStatuses reads GET /_sandbox/statuses over HTTP, as a person
// checking the sandbox would.
func readSandboxStatuses(s *sandbox.Server) (sandboxStatuses, error) {
	var st sandboxStatuses
	resp, err := http.Get(s.URL() + "/_sandbox/statuses")
	if err != nil {
		return st, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return st, fmt.Errorf("GET /_sandbox/statuses answered %s", resp.Status)
	}
	return st, json.NewDecoder(resp.Body).Decode(&st)
}

// sandboxOutcomes is, per message, the highest status and first failure the
// sandbox says it posted (GET /_sandbox/statuses).
func sandboxOutcomes(s *sandbox.Server) (map[string]sandboxOutcome, error) {
	st, err := readSandboxStatuses(s)
	if err != nil {
		return nil, err
	}
	out := map[string]sandboxOutcome{}
	for _, ev := range st.Statuses {
		o := out[ev.MessageID]
		if receiverapi.Rank(ev.Status) > receiverapi.Rank(o.status) {
			o.status = ev.Status
		}
		if ev.Error != nil && o.code == 0 {
			o.code, o.title = ev.Error.Code, ev.Error.Title
		}
		out[ev.MessageID] = o
	}
	return out, nil
}

// waitForStore waits until the sandbox has posted n statuses, every post
// answered, and the store shows for each message the sandbox's outcome (it
// stores posts first and processes them a moment later).
func waitForStore(t *testing.T, s *sandbox.Server, store *deliveryStore, n int) {
	t.Helper()
	events := s.WaitForStatuses(n, time.Minute)
	if len(events) < n {
		t.Fatalf("the sandbox reported %d statuses within a minute, want %d", len(events), n)
	}
	posted, err := readSandboxStatuses(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range posted.Statuses {
		if !ev.Delivery.Delivered {
			t.Fatalf("the sandbox could not post the status %s of %s to the store: %s", ev.Status, ev.MessageID, ev.Delivery.LastError)
		}
	}
	want, err := sandboxOutcomes(s)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 0, len(want))
	for id := range want {
		ids = append(ids, id)
	}
	deadline := time.Now().Add(time.Minute)
	for {
		got, err := store.Client().StatusesByMessageIDs(context.Background(), ids)
		if err != nil {
			t.Fatal(err)
		}
		same := len(got) == len(want)
		for _, m := range got {
			same = same && m.Status == want[m.MessageID].status
		}
		if same {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the store holds %+v, the sandbox posted %+v", got, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// expectRefreshedStatuses checks that each message's delivery and each
// broadcast recipient's entry show what the sandbox says it posted.
func expectRefreshedStatuses(s *sandbox.Server) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		want, err := sandboxOutcomes(s)
		if err != nil {
			return err
		}
		check := func(where, id string, attrs map[string]string, prefix string) error {
			w, ok := want[id]
			if !ok {
				return fmt.Errorf("%s: the sandbox posted no status of %s", where, id)
			}
			if got := attrs[prefix+"status"]; got != w.status {
				return fmt.Errorf("%s: status %q, the sandbox posted %q", where, got, w.status)
			}
			code := ""
			if w.code != 0 {
				code = strconv.Itoa(w.code)
			}
			if attrs[prefix+"failure_code"] != code || attrs[prefix+"failure_title"] != w.title {
				return fmt.Errorf("%s: failure %q %q, the sandbox posted %q %q", where, attrs[prefix+"failure_code"],
					attrs[prefix+"failure_title"], code, w.title)
			}
			if attrs[prefix+"status_at"] == "" {
				return fmt.Errorf("%s: no status_at", where)
			}
			return nil
		}
		checked := 0
		for _, name := range []string{"whatsapp_media_message.ok", "whatsapp_media_message.outside_window"} {
			attrs := st.RootModule().Resources[name].Primary.Attributes
			if err := check(name, attrs["id"], attrs, "delivery."); err != nil {
				return err
			}
			checked++
		}
		attrs := st.RootModule().Resources["whatsapp_media_broadcast.promo"].Primary.Attributes
		for _, to := range []string{"16315551001", "16315551002", "16315551003", "16315550199"} {
			prefix := "deliveries." + to + "."
			if err := check("deliveries."+to, attrs[prefix+"message_id"], attrs, prefix); err != nil {
				return err
			}
			checked++
		}
		if checked != 6 {
			return fmt.Errorf("checked %d messages, want 6", checked)
		}
		return nil
	}
}

// expectLabelled checks that the data source by label_prefix lists exactly
// the messages whose statuses, as the sandbox posted them, carry the label.
func expectLabelled(s *sandbox.Server, label *string) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		posted, err := readSandboxStatuses(s)
		if err != nil {
			return err
		}
		want := map[string]bool{}
		for _, ev := range posted.Statuses {
			if strings.HasPrefix(ev.CallbackData, *label) {
				want[ev.MessageID] = true
			}
		}
		if len(want) < 2 {
			return fmt.Errorf("the sandbox posted statuses of %d labelled messages, want at least the 2 sent by hand", len(want))
		}
		// Where the provider labels the broadcast's own sends, their label
		// starts with delivery_label, so the data source finds them too.
		broadcast := st.RootModule().Resources["whatsapp_media_broadcast.promo"].Primary.Attributes
		for _, to := range []string{"16315551001", "16315551002", "16315551003", "16315550199"} {
			id := broadcast["deliveries."+to+".message_id"]
			for _, ev := range posted.Statuses {
				if ev.MessageID == id && ev.CallbackData != "" && !want[id] {
					return fmt.Errorf("the broadcast's send to %s carries %q, which does not start with its delivery_label %q",
						to, ev.CallbackData, *label)
				}
			}
		}
		attrs := st.RootModule().Resources["data.whatsapp_message_statuses.labelled"].Primary.Attributes
		if n, _ := strconv.Atoi(attrs["statuses.#"]); n != len(want) {
			return fmt.Errorf("the data source found %d labelled messages, the sandbox posted statuses of %d", n, len(want))
		}
		for i := range len(want) {
			if id := attrs[fmt.Sprintf("statuses.%d.message_id", i)]; !want[id] {
				return fmt.Errorf("the data source lists %s, which the sandbox posted no labelled status of", id)
			}
		}
		return nil
	}
}

// noSecretInState fails when any attribute in state holds secret.
func noSecretInState(secret string) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		for name, rs := range st.RootModule().Resources {
			for key, value := range rs.Primary.Attributes {
				if strings.Contains(value, secret) {
					return fmt.Errorf("state of %s.%s holds a secret", name, key)
				}
			}
		}
		return nil
	}
}

// noSecretInPlan fails when the JSON plan holds secret anywhere.
func noSecretInPlan(secret string) plancheck.PlanCheck { return planSecretCheck{secret} }

type planSecretCheck struct{ secret string }

func (c planSecretCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	data, err := json.Marshal(req.Plan)
	if err != nil {
		resp.Error = err
		return
	}
	if strings.Contains(string(data), c.secret) {
		resp.Error = fmt.Errorf("the plan holds the delivery store's token")
	}
}
