package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sendlog"
)

// Sends settled and adopted at plan from the delivery store
// (delivery_store_sends.go), with the real receiver binary as the store, the
// sandbox posting its Cloud statuses to it, and the real Terraform CLI.

// storeSandbox starts a delivery store on database ("" for SQLite) and a
// sandbox whose Cloud app posts its statuses to it.
func storeSandbox(t *testing.T, database string) (*deliveryStore, *sandbox.Server) {
	t.Helper()
	d := startDeliveryStore(t, database)
	return d, startSandboxWith(t, sandbox.Options{WebhookURL: d.CloudWebhook()})
}

// withStore adds the store's arguments to a provider block.
func withStore(providerBlock string, d *deliveryStore) string {
	return withStoreAt(providerBlock, d.URL)
}

// withStoreAt adds the arguments of the store at url (the test store's token).
func withStoreAt(providerBlock, url string) string {
	return strings.Replace(providerBlock, "provider \"whatsapp\" {", "provider \"whatsapp\" {\n"+
		(&deliveryStore{URL: url}).ProviderArguments(), 1)
}

// waitForStatuses waits until the store holds a status of every message the
// sandbox accepted: statuses come seconds after a send.
func waitForStatuses(t *testing.T, d *deliveryStore, s *sandbox.Server) {
	t.Helper()
	var ids []string
	for _, m := range s.Messages() {
		ids = append(ids, m.ID)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		got, err := d.Client().StatusesByMessageIDs(context.Background(), ids)
		if err == nil && len(got) == len(ids) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the store holds statuses of %d of the %d messages the sandbox took (%v)", len(got), len(ids), err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// callbackDataOf is the biz_opaque_callback_data a message the sandbox took carried.
func callbackDataOf(t *testing.T, m sandbox.ReceivedMessage) string {
	t.Helper()
	var body struct {
		CallbackData string `json:"biz_opaque_callback_data"`
	}
	if err := json.Unmarshal(m.Body, &body); err != nil {
		t.Fatal(err)
	}
	return body.CallbackData
}

// (d) With a store, callback_data leaves room for the label: 463 characters
// are refused at plan, before any request, to the API or to the store.
func TestAccDeliveryStoreSends_callbackDataTooLong(t *testing.T) {
	t.Parallel()
	d, s := storeSandbox(t, "")
	config := func(n int) string {
		return withStore(cloudProviderConfig(s), d) + fmt.Sprintf(`
resource "whatsapp_media_message" "m" {
  to            = "+1 631 555 4001"
  type          = "image"
  link          = "https://cdn.example.com/kit.png"
  callback_data = %q
}
`, strings.Repeat("x", n))
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: []resource.TestStep{
		{Config: config(maxLabelledCallbackData + 1), PlanOnly: true,
			ExpectError: regexp.MustCompile(`(?s)Callback Data Too Long for a Labelled Send.*callback_data has 463.*at most\s+462`)},
		{Config: config(maxLabelledCallbackData), Check: func(*terraform.State) error { return nil }},
	}})
	if n := len(s.Requests()); n != 1 {
		t.Fatalf("the sandbox saw %d requests, want only the send of the 462-character message", n)
	}
	msgs := s.Messages()
	if got := callbackDataOf(t, msgs[0]); !strings.HasSuffix(got, "|"+strings.Repeat("x", 462)) || len(got) != 512 {
		t.Fatalf("the send carried %d characters of callback data (%q...), want the label, \"|\" and the 462 of the user", len(got), got[:60])
	}
}

// (c) A message whose answer was lost (the sandbox takes the send and drops
// the connection), then whose state was lost too: the record holds an
// unknown outcome, and the plan settles it from WhatsApp's statuses in the
// store, adopting the message ID the sandbox gave. The record is told: the
// next plan adopts it from the record alone.
func TestAccDeliveryStoreSends_messageAnswerLost(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	t.Parallel()
	d, s := storeSandbox(t, "")
	dir := t.TempDir()
	record := filepath.Join(dir, ".terraform", sendRecordFile)
	cli := newTerraformCLI(t, dir)
	cli.write("main.tf", cliProviderBlock()+withStore(withSendRecord(cloudProviderConfig(s), record), d)+`
resource "whatsapp_media_message" "m" {
  to            = "+1 631 555 4101"
  type          = "image"
  link          = "https://cdn.example.com/kit.png"
  callback_data = "order-7"
}
`)
	cli.run("init", "-input=false")
	s.InjectFault(sandbox.Fault{Kind: sandbox.FaultDropAfter, Method: "POST", PathSuffix: "/messages"})
	if out, err := cli.try("apply", "-auto-approve", "-input=false"); err == nil || !strings.Contains(oneLine(out), "outcome") {
		t.Fatalf("the apply whose answer was lost: %v\n%s", err, out)
	}
	msgs := s.Messages()
	if len(msgs) != 1 {
		t.Fatalf("the sandbox took %d messages, want 1", len(msgs))
	}
	label := callbackDataOf(t, msgs[0])
	if send, user, ok := sendlog.ParseLabel(label); !ok || user != "order-7" || !strings.HasPrefix(label, send+"|") {
		t.Fatalf("the send carried biz_opaque_callback_data %q, want a label followed by |order-7", label)
	}
	if err := os.Truncate(filepath.Join(dir, "terraform.tfstate"), 0); err != nil {
		t.Fatal(err)
	}
	waitForStatuses(t, d, s)

	stdout, stderr := cli.run("plan", "-input=false", "-out=tfplan")
	expectContains(t, "plan after the answer and the state were lost", oneLine(stdout+stderr),
		"WhatsApp Message Already Sent: Settled From Its Statuses", fmt.Sprintf("message ID %q", msgs[0].ID))
	if strings.Contains(stdout+stderr, "May Already Have Been Sent") {
		t.Fatalf("the plan still calls the send unknown:\n%s", stdout+stderr)
	}
	// The plan told the record: the next plan adopts the send from the record alone.
	stdout, stderr = cli.run("plan", "-input=false")
	expectContains(t, "plan after the settling plan", oneLine(stdout+stderr),
		"WhatsApp Message Already Sent: Adopted", "Found in the record of sends")
	cli.run("apply", "-input=false", "tfplan")
	if ids := stateMessageIDs(t, dir); len(ids) != 1 || !slices.Contains(slices.Collect(maps.Values(ids)), msgs[0].ID) {
		t.Fatalf("the state holds %v, want the message %s", ids, msgs[0].ID)
	}
	if n := sendRequests(s); n != 1 {
		t.Fatalf("the sandbox saw %d send requests, want 1: the settled send is not sent again", n)
	}
	expectNoChanges(t, cli)
}

// expectNoChanges fails unless a plan in cli's directory changes nothing.
func expectNoChanges(t *testing.T, cli *cliRunner) {
	t.Helper()
	if stdout, _ := cli.run("plan", "-input=false"); !strings.Contains(stdout, "No changes") {
		t.Errorf("the plan is not empty:\n%s", stdout)
	}
}

// storeBroadcastRun is a broadcastRun of 100 recipients on the sandbox s,
// with the record of sends in its directory and the store d.
func storeBroadcastRun(t *testing.T, s *sandbox.Server, storeURL string) *broadcastRun {
	b := newRecordedBroadcastRun(t, apiCloud, s)
	b.provider = withStoreAt(b.provider, storeURL)
	b.config(crashRecipientList(), "")
	b.cli.run("init", "-input=false")
	return b
}

// killBroadcastMidway makes sends slow under a rate limit, the answers of
// `lost` of them lost (the sandbox takes them and drops the connection:
// what a send on the wire when the process dies leaves), kills the CLI once
// 30 sends were taken and empties the state file, as a kill during its
// rewrite leaves it. It returns the messages taken, by recipient.
func killBroadcastMidway(t *testing.T, b *broadcastRun, s *sandbox.Server, lost int) map[string]string {
	t.Helper()
	if err := s.SetRateLimit(sandbox.RateLimit{Rate: 20, Burst: 5, RetryAfter: "1"}); err != nil {
		t.Fatal(err)
	}
	// Faults fire in the order armed: 20 slow sends, `lost` dropped, the rest slow.
	slow := sandbox.Fault{Kind: sandbox.FaultLatency, Method: "POST", PathSuffix: "/messages", Delay: 300 * time.Millisecond}
	first, rest := slow, slow
	first.Times, rest.Times = 20, 10*broadcastCrashRecipients
	s.InjectFault(first)
	if lost > 0 {
		s.InjectFault(sandbox.Fault{Kind: sandbox.FaultDropAfter, Method: "POST", PathSuffix: "/messages", Times: lost})
	}
	s.InjectFault(rest)
	if _, err := stopApplyMidway(t, b.cli, s, syscall.SIGKILL); err != nil {
		t.Logf("the killed apply exited: %v", err)
	}
	taken := map[string]string{}
	for to, ids := range messagesByRecipient(s, nil) {
		if len(ids) != 1 {
			t.Fatalf("%s got %d messages before the kill", to, len(ids))
		}
		taken[canonical(to)] = ids[0]
	}
	if len(taken) >= broadcastCrashRecipients {
		t.Fatalf("all %d messages were sent before the kill: the test proves nothing", len(taken))
	}
	if err := os.WriteFile(filepath.Join(b.dir, "terraform.tfstate"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d of %d messages taken before the kill", len(taken), broadcastCrashRecipients)
	return taken
}

// expectEachOnce checks that every recipient got exactly one message, the
// one deliveries holds, with no unknown outcome left.
func expectEachOnce(t *testing.T, b *broadcastRun, s *sandbox.Server) {
	t.Helper()
	got := b.expectAccepted("after the apply", canonicalAll(crashRecipientList())...)
	byRecipient := messagesByRecipient(s, nil)
	if len(byRecipient) != broadcastCrashRecipients {
		t.Errorf("the sandbox has messages for %d recipients, want %d", len(byRecipient), broadcastCrashRecipients)
	}
	for to, ids := range byRecipient {
		if len(ids) != 1 || got[canonical(to)].MessageID != ids[0] {
			t.Errorf("%s received %v, deliveries holds %q: want exactly one message, the one in state", to, ids,
				got[canonical(to)].MessageID)
		}
	}
	if out, changes := b.plan(); changes {
		t.Errorf("the plan after the apply is not empty:\n%s", out)
	}
}

// (a) A kill in the middle of a broadcast, with sends whose answers were
// lost: once their statuses are in the store (PostgreSQL here), the next plan
// settles every unknown outcome, adopts the answered sends from the record,
// and sends to the rest; every recipient ends with exactly one message and no
// outcome is left unknown.
func TestAccDeliveryStoreSends_broadcastCrashSettled(t *testing.T) {
	d, s := storeSandbox(t, testPostgresStore(t))
	b := storeBroadcastRun(t, s, d.URL)
	const lost = 4
	taken := killBroadcastMidway(t, b, s, lost)
	waitForStatuses(t, d, s)

	stdout, stderr := b.cli.run("plan", "-input=false", "-out=tfplan")
	expectContains(t, "plan after the kill", oneLine(stdout+stderr),
		fmt.Sprintf("WhatsApp Broadcast Already Sent to %d Recipient(s): Settled From WhatsApp's Statuses", lost),
		fmt.Sprintf("WhatsApp Broadcast Already Sent to %d Recipient(s): Adopted", len(taken)-lost),
		fmt.Sprintf("WhatsApp Broadcast Will Send %d Message(s)", broadcastCrashRecipients-len(taken)))
	if strings.Contains(stdout+stderr, "May Already Have Sent") {
		t.Fatalf("the plan leaves unknown outcomes:\n%s", stdout+stderr)
	}
	planned := b.plannedDeliveries("tfplan")
	for to, id := range taken {
		if planned[to] != id {
			t.Errorf("the plan gives %s message ID %q, the sandbox took %q", to, planned[to], id)
		}
	}
	b.cli.run("apply", "-input=false", "tfplan")
	expectEachOnce(t, b, s)
}

// (b) A kill in the middle of a broadcast, then a run on "another machine":
// a fresh directory, no state, a record of sends of its own (empty). Only the
// store knows what was sent: the plan adopts every taken send from it with
// one query, and every recipient ends with exactly one message.
func TestAccDeliveryStoreSends_newRunnerSendsNothingTwice(t *testing.T) {
	d, s := storeSandbox(t, "")
	first := storeBroadcastRun(t, s, d.URL)
	taken := killBroadcastMidway(t, first, s, 2)
	waitForStatuses(t, d, s)

	// The new runner reads the store through a proxy that counts its queries.
	counted := countStoreQueries(t, d)
	b := storeBroadcastRun(t, s, counted.url) // a directory, state and record of its own
	stdout, stderr := b.cli.run("plan", "-input=false", "-out=tfplan")
	expectContains(t, "plan on a new runner", oneLine(stdout+stderr),
		fmt.Sprintf("WhatsApp Broadcast Already Sent to %d Recipient(s): Found in the Delivery Store", len(taken)),
		fmt.Sprintf("WhatsApp Broadcast Will Send %d Message(s)", broadcastCrashRecipients-len(taken)))
	if n := counted.queries.Load(); n != 1 {
		t.Errorf("the plan looked labels up in the store %d times, want once for the whole broadcast", n)
	}
	planned := b.plannedDeliveries("tfplan")
	for to, id := range taken {
		if planned[to] != id {
			t.Errorf("the plan gives %s message ID %q, the sandbox took %q", to, planned[to], id)
		}
	}
	b.cli.run("apply", "-input=false", "tfplan")
	expectEachOnce(t, b, s)
}

// countedStore is a store behind a reverse proxy that counts the read API's
// lookups by label.
type countedStore struct {
	url     string
	queries atomic.Int64
}

func countStoreQueries(t *testing.T, d *deliveryStore) *countedStore {
	t.Helper()
	target, err := url.Parse(d.URL)
	if err != nil {
		t.Fatal(err)
	}
	counted := &countedStore{}
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if q := r.URL.Query(); q.Has("label") || q.Has("label_prefix") {
			counted.queries.Add(1) // only the lookups by label: a refresh may read statuses by message ID
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	counted.url = srv.URL
	return counted
}

// A destroyed message is forgotten by the record of sends, so creating it
// again sends it again, as without a store, though the store still holds the
// first send's statuses under the same label.
func TestAccDeliveryStoreSends_destroyThenCreateSendsAgain(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	t.Parallel()
	d, s := storeSandbox(t, "")
	dir := t.TempDir()
	cli := newTerraformCLI(t, dir)
	cli.write("main.tf", cliProviderBlock()+withStore(withSendRecord(cloudProviderConfig(s),
		filepath.Join(dir, ".terraform", sendRecordFile)), d)+`
resource "whatsapp_media_message" "m" {
  to   = "+1 631 555 4201"
  type = "image"
  link = "https://cdn.example.com/kit.png"
}
`)
	cli.run("init", "-input=false")
	cli.run("apply", "-auto-approve", "-input=false")
	waitForStatuses(t, d, s)
	cli.run("destroy", "-auto-approve", "-input=false")
	stdout, stderr := cli.run("apply", "-auto-approve", "-input=false")
	if strings.Contains(stdout+stderr, "Already Sent") {
		t.Errorf("the message created again after its destroy adopted the first send:\n%s", stdout+stderr)
	}
	if n := len(s.Messages()); n != 2 {
		t.Fatalf("the sandbox took %d messages, want 2: creating a destroyed message again sends again", n)
	}
}

// A store that cannot be read stops a plan that would send: it is there so
// that nothing is sent twice, and it cannot tell. Nothing is sent.
func TestAccDeliveryStoreSends_storeUnreachable(t *testing.T) {
	t.Parallel()
	s := startSandbox(t)
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close() // a URL nothing answers on
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: []resource.TestStep{
		{Config: withStoreAt(cloudProviderConfig(s), closed.URL) + `
resource "whatsapp_media_broadcast" "b" {
  recipients = ["+1 631 555 4301", "+1 631 555 4302"]
  type       = "image"
  link       = "https://cdn.example.com/kit.png"
}
`, ExpectError: regexp.MustCompile(`(?s)WhatsApp Delivery Store Not Read.*Nothing was sent.*unset\s+delivery_store_url`)},
	}})
	if n := sendRequests(s); n != 0 {
		t.Fatalf("the sandbox saw %d send requests, want 0", n)
	}
}

// TestAccGoldenSendLabel pins the labels Cloud sends carry with a store: the
// label of the identity the record's golden tests pin
// (send_identity_golden_test.go), built here from literals, followed by the
// user's callback_data; a broadcast's without one. A label that changes
// across an upgrade hides a crashed run's sends from the next run.
func TestAccGoldenSendLabel(t *testing.T) {
	t.Parallel()
	d, s := storeSandbox(t, "")
	link := "https://cdn.example.com/kit.png"
	config := withStore(cloudProviderConfig(s), d) + `
resource "whatsapp_media_message" "m" {
  to            = "+1 631-555-4401"
  type          = "image"
  link          = "https://cdn.example.com/kit.png"
  triggers      = { release = "v2" }
  callback_data = "order-7|x"
}

resource "whatsapp_media_broadcast" "b" {
  recipients = ["16315554402"]
  type       = "image"
  link       = "https://cdn.example.com/kit.png"
  caption    = "Spring kit"
}
`
	check := func(*terraform.State) error {
		account := newTestClient(t, apiCloud, s).Sender()
		want := map[string]string{
			"16315554401": sendlog.Message{Account: account, Recipient: "16315554401",
				Content:  map[string]string{"type": "image", "link": link, "recipient_type": "individual"},
				Triggers: map[string]string{"release": "v2"}}.Label("order-7|x"),
			"16315554402": sendlog.Message{Account: account, Recipient: "16315554402",
				Content: map[string]string{"type": "image", "link": link, "caption": "Spring kit",
					"recipient_type": "individual", "sent_by": "whatsapp_media_broadcast"},
				Triggers: map[string]string{}}.Label(""),
		}
		for _, m := range s.Messages() {
			if got := callbackDataOf(t, m); got != want[m.To] {
				return fmt.Errorf("the send to %s carried %q, want %q: a label changed", m.To, got, want[m.To])
			}
		}
		return nil
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: []resource.TestStep{
		{Config: config, Check: resource.ComposeTestCheckFunc(expectSends(s, 2), check,
			resource.TestCheckResourceAttr("whatsapp_media_message.m", "callback_data", "order-7|x"))},
	}})
}

// An unknown outcome the state keeps (the apply saved it: no crash) is
// settled the same way: the next plan sends nothing to that recipient and
// records the message ID WhatsApp reported.
func TestAccDeliveryStoreSends_broadcastUnknownInStateSettled(t *testing.T) {
	d, s := storeSandbox(t, "")
	b := newRecordedBroadcastRun(t, apiCloud, s)
	b.provider = withStore(b.provider, d)
	recipients := []string{"+1 631 555 4501", "+1 631 555 4502", "+1 631 555 4503"}
	b.config(recipients, "")
	b.cli.run("init", "-input=false")
	s.InjectFault(sandbox.Fault{Kind: sandbox.FaultDropAfter, Method: "POST", PathSuffix: "/messages"})
	b.mustApply()
	first, _ := b.stateDeliveries()
	var lost string
	for to, dl := range first {
		if dl.Outcome == outcomeUnknown {
			lost = to
		}
	}
	if lost == "" {
		t.Fatalf("want one unknown outcome, deliveries %+v", first)
	}
	waitForStatuses(t, d, s)
	out, changes := b.plan()
	expectContains(t, "plan with an unknown outcome in state", out,
		"WhatsApp Broadcast Already Sent to 1 Recipient(s): Settled From WhatsApp's Statuses", lost)
	if !changes || strings.Contains(out, "Will Send") {
		t.Fatalf("the plan should record the settled send and send nothing:\n%s", out)
	}
	b.mustApply()
	b.expectAccepted("after settling", canonicalAll(recipients)...)
	if n := sendRequests(s); n != 3 {
		t.Fatalf("the sandbox saw %d send requests, want 3: the settled send is not sent again", n)
	}
}

// On-Premises has no biz_opaque_callback_data to carry a label: with a store
// configured, its sends carry none and its plans look no label up.
func TestAccDeliveryStoreSends_onPremisesNoLabels(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	t.Parallel()
	d, s := storeSandbox(t, "")
	counted := countStoreQueries(t, d)
	dir := t.TempDir()
	cli := newTerraformCLI(t, dir)
	cli.write("main.tf", cliProviderBlock()+withStoreAt(onPremProviderConfig(s), counted.url)+`
resource "whatsapp_media_message" "m" {
  to   = "+1 631 555 4601"
  type = "image"
  link = "https://cdn.example.com/kit.png"
}

resource "whatsapp_media_broadcast" "b" {
  recipients = ["+1 631 555 4602", "+1 631 555 4603"]
  type       = "image"
  link       = "https://cdn.example.com/kit.png"
}
`)
	cli.run("init", "-input=false")
	cli.run("apply", "-auto-approve", "-input=false")
	for _, m := range s.Messages() {
		if got := callbackDataOf(t, m); got != "" {
			t.Errorf("the On-Premises send to %s carried callback data %q", m.To, got)
		}
	}
	if n := len(s.Messages()); n != 3 {
		t.Errorf("the sandbox took %d messages, want 3", n)
	}
	if n := counted.queries.Load(); n != 0 {
		t.Errorf("On-Premises plans looked labels up in the store %d times, want 0", n)
	}
}

// A message kept in state as an unknown outcome (tainted) is not sent again
// once WhatsApp reported it: the replacement the plan shows adopts the
// message ID from the store.
func TestAccDeliveryStoreSends_taintedMessageSettled(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	t.Parallel()
	d, s := storeSandbox(t, "")
	dir := t.TempDir()
	cli := newTerraformCLI(t, dir)
	cli.write("main.tf", cliProviderBlock()+withStore(withSendRecord(cloudProviderConfig(s),
		filepath.Join(dir, ".terraform", sendRecordFile)), d)+`
resource "whatsapp_media_message" "m" {
  to   = "+1 631 555 4701"
  type = "image"
  link = "https://cdn.example.com/kit.png"
}
`)
	cli.run("init", "-input=false")
	s.InjectFault(sandbox.Fault{Kind: sandbox.FaultDropAfter, Method: "POST", PathSuffix: "/messages"})
	cli.fail("apply", "-auto-approve", "-input=false")
	waitForStatuses(t, d, s)
	stdout, stderr := cli.run("apply", "-auto-approve", "-input=false")
	expectContains(t, "apply after the unknown outcome", oneLine(stdout+stderr),
		"WhatsApp Message Already Sent: Found in the Delivery Store", s.Messages()[0].ID)
	if n := sendRequests(s); n != 1 {
		t.Fatalf("the sandbox saw %d send requests, want 1", n)
	}
	if ids := stateMessageIDs(t, dir); len(ids) != 1 || !slices.Contains(slices.Collect(maps.Values(ids)), s.Messages()[0].ID) {
		t.Fatalf("the state holds %v, want the message %s", ids, s.Messages()[0].ID)
	}
	expectNoChanges(t, cli)
}

// A broadcast's content changed and changed back sends again each time: the
// store still holds the first content's sends under their labels, but the
// record forgot them when the content changed, so the third plan does not
// adopt them.
func TestAccDeliveryStoreSends_contentBackAgainSendsAgain(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	t.Parallel()
	d, s := storeSandbox(t, "")
	dir := t.TempDir()
	cli := newTerraformCLI(t, dir)
	broadcast := func(caption string) string {
		return cliProviderBlock() + withStore(withSendRecord(cloudProviderConfig(s),
			filepath.Join(dir, ".terraform", sendRecordFile)), d) + fmt.Sprintf(`
resource "whatsapp_media_broadcast" "b" {
  recipients = ["+1 631 555 4601", "+1 631 555 4602"]
  type       = "image"
  link       = "https://cdn.example.com/kit.png"
  caption    = %q
}
`, caption)
	}
	cli.write("main.tf", broadcast("A"))
	cli.run("init", "-input=false")
	for i, caption := range []string{"A", "B", "A"} {
		cli.write("main.tf", broadcast(caption))
		stdout, stderr := cli.run("apply", "-auto-approve", "-input=false")
		waitForStatuses(t, d, s)
		if want := 2 * (i + 1); len(s.Messages()) != want {
			t.Fatalf("after caption %s (apply %d) the sandbox took %d messages, want %d:\n%s%s", caption, i+1,
				len(s.Messages()), want, stdout, stderr)
		}
	}
}
