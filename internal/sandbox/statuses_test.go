package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// fastStatuses makes statuses come at once, so tests wait for nothing.
var fastStatuses = StatusSchedule{Sent: time.Millisecond, Delivered: 2 * time.Millisecond, Read: 3 * time.Millisecond}

// hookPost is one POST a test receiver got.
type hookPost struct {
	Body      []byte
	Signature string
}

// receiver is a webhook receiver in the test process. It answers the
// verification challenge when the verify token matches, and answers each
// status POST with the next of failFirst's statuses, then 200.
type receiver struct {
	*httptest.Server
	mu          sync.Mutex
	posts       []hookPost
	challenges  int
	verifyToken string
	failFirst   []int
}

func startReceiver(t *testing.T, verifyToken string, failFirst ...int) *receiver {
	t.Helper()
	rc := &receiver{verifyToken: verifyToken, failFirst: failFirst}
	rc.Server = httptest.NewServer(http.HandlerFunc(rc.serve))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) serve(w http.ResponseWriter, r *http.Request) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if r.Method == http.MethodGet {
		rc.challenges++
		q := r.URL.Query()
		if q.Get("hub.mode") != "subscribe" || q.Get("hub.verify_token") != rc.verifyToken {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		_, _ = io.WriteString(w, q.Get("hub.challenge"))
		return
	}
	body, _ := io.ReadAll(r.Body)
	rc.posts = append(rc.posts, hookPost{Body: body, Signature: r.Header.Get(SignatureHeader)})
	if len(rc.failFirst) > 0 {
		w.WriteHeader(rc.failFirst[0])
		rc.failFirst = rc.failFirst[1:]
		return
	}
	w.WriteHeader(http.StatusOK)
}

func (rc *receiver) got() []hookPost {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]hookPost{}, rc.posts...)
}

// flatStatus is one status of a payload, whichever the flavor.
type flatStatus struct {
	ID           string `json:"id"`
	Status       string `json:"status"`
	RecipientID  string `json:"recipient_id"`
	CallbackData string `json:"biz_opaque_callback_data"`
	Errors       []struct {
		Code  int    `json:"code"`
		Title string `json:"title"`
	} `json:"errors"`
}

func cloudStatuses(t *testing.T, body []byte) []flatStatus {
	t.Helper()
	var p struct {
		Entry []struct {
			Changes []struct {
				Value struct {
					Statuses []flatStatus `json:"statuses"`
				} `json:"value"`
			} `json:"changes"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("Cloud payload: %v: %s", err, body)
	}
	var out []flatStatus
	for _, e := range p.Entry {
		for _, c := range e.Changes {
			out = append(out, c.Value.Statuses...)
		}
	}
	return out
}

func onPremStatuses(t *testing.T, body []byte) []flatStatus {
	t.Helper()
	var p struct {
		Statuses []flatStatus `json:"statuses"`
	}
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("On-Premises payload: %v: %s", err, body)
	}
	return p.Statuses
}

func messageID(t *testing.T, r reply) string {
	t.Helper()
	if r.status/100 != 2 {
		t.Fatalf("send: %d %s", r.status, r.body)
	}
	return r.json(t)["messages"].([]any)[0].(map[string]any)["id"].(string)
}

func TestStatusesReachTheCloudWebhookSignedAndInOrder(t *testing.T) {
	rc := startReceiver(t, "")
	s := start(t, Options{Statuses: fastStatuses, AppSecret: "s3cret", WebhookURL: rc.URL + "/hook"})
	s.SetWorld(World{NotOnWhatsApp: []string{"+1 631 555 0199"}, UnfetchableLinks: []string{"https://example.com/gone.pdf"}})
	// Free-form messages reach only customers who wrote in the last 24 hours
	// (window.go), so these customers write first, as on WhatsApp.
	s.CustomerReplies("16315551001")
	s.CustomerReplies("16315551002")

	ok := messageID(t, sendCloud(t, s, `{"messaging_product":"whatsapp","to":"+1 631 555 1001","type":"image",`+
		`"image":{"link":"https://example.com/a.png"},"biz_opaque_callback_data":"whatsapp_media_message.a"}`))
	notOn := messageID(t, sendCloud(t, s, `{"messaging_product":"whatsapp","to":"16315550199","type":"image","image":{"link":"https://example.com/a.png"}}`))
	gone := messageID(t, sendCloud(t, s, `{"messaging_product":"whatsapp","to":"16315551002","type":"document","document":{"link":"https://example.com/gone.pdf"}}`))
	s.WaitForStatuses(5, 5*time.Second)

	byID := map[string][]flatStatus{}
	for _, p := range rc.got() {
		if want := Sign("s3cret", p.Body); p.Signature != want {
			t.Fatalf("signature %q, want %q", p.Signature, want)
		}
		for _, st := range cloudStatuses(t, p.Body) {
			byID[st.ID] = append(byID[st.ID], st)
		}
	}
	var seq []string
	for _, st := range byID[ok] {
		seq = append(seq, st.Status)
		if st.CallbackData != "whatsapp_media_message.a" || st.RecipientID != "16315551001" {
			t.Fatalf("status %+v: want the callback data echoed and recipient 16315551001", st)
		}
	}
	if strings.Join(seq, ",") != "sent,delivered,read" {
		t.Fatalf("statuses of the delivered message: %v, want sent, delivered, read in order", seq)
	}
	for id, code := range map[string]int{notOn: CodeUndeliverable, gone: CodeMediaDownload} {
		got := byID[id]
		if len(got) != 1 || got[0].Status != StatusFailed || len(got[0].Errors) != 1 || got[0].Errors[0].Code != code {
			t.Fatalf("statuses of %s: %+v, want one failed with code %d", id, got, code)
		}
	}

	// The control API counts them per recipient.
	var counts struct {
		Recipients []RecipientStatusCount `json:"recipients"`
	}
	if err := json.Unmarshal(do(t, http.MethodGet, s.URL()+"/_sandbox/statuses", nil, nil).body, &counts); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"16315551001": "1/1/1/0", "16315550199": "0/0/0/1", "16315551002": "0/0/0/1"}
	for _, c := range counts.Recipients {
		got := strings.Join([]string{itoa(c.Counts["sent"]), itoa(c.Counts["delivered"]), itoa(c.Counts["read"]), itoa(c.Counts["failed"])}, "/")
		if want[c.RecipientID] != got {
			t.Fatalf("recipient %s counts %s, want %s", c.RecipientID, got, want[c.RecipientID])
		}
	}
}

func itoa(n int) string { return itoa64(int64(n)) }

func TestStatusesReachTheOnPremisesWebhook(t *testing.T) {
	rc := startReceiver(t, "")
	s := start(t, Options{Statuses: fastStatuses})
	s.SetWorld(World{NotOnWhatsApp: []string{"16315550199"}})
	r := do(t, http.MethodPatch, s.URL()+"/v1/settings/application", strings.NewReader(`{"webhooks":{"url":"`+rc.URL+`"}}`),
		withHeader(bearer(testToken), "Content-Type", "application/json"))
	if r.status != http.StatusOK {
		t.Fatalf("PATCH settings: %d %s", r.status, r.body)
	}
	got := do(t, http.MethodGet, s.URL()+"/v1/settings/application", nil, bearer(testToken)).json(t)
	if url := got["settings"].(map[string]any)["application"].(map[string]any)["webhooks"].(map[string]any)["url"]; url != rc.URL {
		t.Fatalf("GET settings: webhooks.url %v, want %s", url, rc.URL)
	}
	s.CustomerReplies("16315551001") // a free-form message needs the customer's open window (window.go)
	ok := messageID(t, sendOnPrem(t, s, `{"to":"16315551001","type":"image","image":{"link":"https://example.com/a.png"}}`))
	failed := messageID(t, sendOnPrem(t, s, `{"to":"+16315550199","type":"image","image":{"link":"https://example.com/a.png"}}`))
	s.WaitForStatuses(4, 5*time.Second)

	var seq []string
	for _, p := range rc.got() {
		if p.Signature != "" {
			t.Fatalf("an On-Premises payload carries %s; that API does not sign", SignatureHeader)
		}
		for _, st := range onPremStatuses(t, p.Body) {
			switch st.ID {
			case ok:
				seq = append(seq, st.Status)
			case failed:
				if st.Status != StatusFailed || len(st.Errors) != 1 || st.Errors[0].Code != CodeUndeliverable {
					t.Fatalf("status of the number not on WhatsApp: %+v", st)
				}
			}
		}
	}
	if strings.Join(seq, ",") != "sent,delivered,read" {
		t.Fatalf("statuses %v, want sent, delivered, read", seq)
	}
}

func TestAcceptTimeFailureIsTheOnlyStatus(t *testing.T) {
	rc := startReceiver(t, "")
	s := start(t, Options{Statuses: fastStatuses, WebhookURL: rc.URL})
	// What a send handler does when it knows at accept time that the message
	// fails (outside the customer service window, for example).
	s.accepted(s.st.addMessage(ReceivedMessage{ID: "wamid.X", Flavor: FlavorCloud, To: "16315551001", Type: "image",
		Body: json.RawMessage(`{}`), Failure: &Failure{Code: 131047, Title: "Re-engagement message"}}))
	evs := s.WaitForStatuses(1, 5*time.Second)
	if len(evs) != 1 || evs[0].Status != StatusFailed || evs[0].Failure.Code != 131047 || !evs[0].Delivered {
		t.Fatalf("statuses %+v, want one delivered failed status with 131047", evs)
	}
	time.Sleep(20 * time.Millisecond) // a sent or read status would come by now
	if n := len(s.Statuses()); n != 1 {
		t.Fatalf("%d statuses, want only the failed one", n)
	}
}

func TestWebhookDeliveryRetriesWithinBounds(t *testing.T) {
	t.Run("answered after two failures", func(t *testing.T) {
		rc := startReceiver(t, "", 500, 503)
		s := start(t, Options{Statuses: StatusSchedule{NoRead: true, Delivered: time.Hour}, WebhookURL: rc.URL,
			WebhookRetry: WebhookRetry{MinBackoff: time.Millisecond}})
		messageID(t, sendCloud(t, s, `{"messaging_product":"whatsapp","to":"16315551001","type":"image","image":{"link":"https://example.com/a.png"}}`))
		evs := s.WaitForStatuses(1, 5*time.Second)
		if len(evs) != 1 || evs[0].Attempts != 3 || !evs[0].Delivered || evs[0].LastStatus != 200 {
			t.Fatalf("delivery %+v, want 3 attempts ending in 200", evs)
		}
	})
	t.Run("never answered", func(t *testing.T) {
		rc := startReceiver(t, "", 500, 500, 500, 500, 500, 500)
		s := start(t, Options{Statuses: StatusSchedule{NoRead: true, Delivered: time.Hour}, WebhookURL: rc.URL,
			WebhookRetry: WebhookRetry{MaxAttempts: 3, MinBackoff: time.Millisecond}})
		messageID(t, sendCloud(t, s, `{"messaging_product":"whatsapp","to":"16315551001","type":"image","image":{"link":"https://example.com/a.png"}}`))
		evs := s.WaitForStatuses(1, 5*time.Second)
		if len(evs) != 1 || evs[0].Attempts != 3 || evs[0].Delivered || !strings.Contains(evs[0].LastError, "HTTP 500") {
			t.Fatalf("delivery %+v, want 3 attempts, given up, the last error saying HTTP 500", evs)
		}
		if n := len(rc.got()); n != 3 {
			t.Fatalf("the receiver got %d POSTs, want 3", n)
		}
	})
}

func TestCloudOverrideIsVerified(t *testing.T) {
	rc := startReceiver(t, "right-token")
	s := start(t, Options{Statuses: fastStatuses})
	set := func(uri, token string) reply {
		body := `{"webhook_configuration":{"override_callback_uri":"` + uri + `","verify_token":"` + token + `"}}`
		return do(t, http.MethodPost, s.URL()+"/v23.0/"+testPhone, strings.NewReader(body),
			withHeader(bearer(testToken), "Content-Type", "application/json"))
	}
	r := set(rc.URL+"/hook", "wrong-token")
	e := cloudErr(t, r)
	if r.status != http.StatusBadRequest || e.Code != 2200 || !strings.Contains(e.Message, "HTTP Status Code = 403") ||
		strings.Contains(string(r.body), "wrong-token") {
		t.Fatalf("a refused challenge: %d %s, want error 2200 naming the 403 and not the token", r.status, r.body)
	}
	if s.Webhooks().CloudOverride != "" {
		t.Fatal("a refused override was kept")
	}
	if r := set(rc.URL+"/hook", "right-token"); r.status != http.StatusOK || r.json(t)["success"] != true {
		t.Fatalf("a verified override: %d %s", r.status, r.body)
	}
	got := do(t, http.MethodGet, s.URL()+"/v23.0/"+testPhone+"?fields=webhook_configuration", nil, bearer(testToken)).json(t)
	if wc := got["webhook_configuration"].(map[string]any); wc["phone_number"] != rc.URL+"/hook" {
		t.Fatalf("GET fields=webhook_configuration: %v", got)
	}
	if r := set("", ""); r.status != http.StatusOK || s.Webhooks().CloudOverride != "" {
		t.Fatalf("an empty URI clears the override: %d %s", r.status, r.body)
	}
}

// TestInboxShowsOnlyTheTicksItKnows: a message shows a clock until its first
// status, then the ticks of its last status; a message nobody read never
// shows read, and a failed one shows its code and title.
func TestInboxShowsOnlyTheTicksItKnows(t *testing.T) {
	s := start(t, Options{Statuses: StatusSchedule{Sent: time.Millisecond, Delivered: 2 * time.Millisecond, NoRead: true}})
	s.SetWorld(World{NotOnWhatsApp: []string{"16315550199"}})
	s.CustomerReplies("16315551001") // a free-form message needs the customer's open window (window.go)
	delivered := mustSend(t, sendCloud(t, s, `{"messaging_product":"whatsapp","to":"16315551001","type":"image","image":{"link":"https://example.com/a.png"}}`))
	failed := mustSend(t, sendCloud(t, s, `{"messaging_product":"whatsapp","to":"16315550199","type":"image","image":{"link":"https://example.com/a.png"}}`))
	s.WaitForStatuses(3, 5*time.Second)
	s.SetStatusSchedule(StatusSchedule{Sent: time.Hour})
	pending := mustSend(t, sendCloud(t, s, `{"messaging_product":"whatsapp","to":"16315551002","type":"image","image":{"link":"https://example.com/a.png"}}`))

	page := do(t, http.MethodGet, s.InboxURL(), nil, nil).body
	for id, want := range map[string]string{
		delivered: `data-status="delivered"`,
		failed:    `failed: 131026 Message undeliverable`,
		pending:   `title="accepted by the API; no status yet"`,
	} {
		bubble := article(t, string(page), id)
		if !strings.Contains(bubble, want) {
			t.Errorf("the bubble of %s lacks %q:\n%s", id, want, bubble)
		}
		if strings.Contains(bubble, `class="ticks read"`) {
			t.Errorf("the bubble of %s shows read, which no status said:\n%s", id, bubble)
		}
	}
}

// TestStatusControlAPI: the world, the schedule and the webhook settings can
// be changed over HTTP, and bad values are refused with a reason.
func TestStatusControlAPI(t *testing.T) {
	rc := startReceiver(t, "")
	s := start(t, Options{})
	r := do(t, http.MethodPost, s.URL()+"/_sandbox/world", strings.NewReader(
		`{"not_on_whatsapp":["+1 631 555 0199"],"schedule":{"sent":"1ms","delivered":"2ms","read":"3ms"}}`), nil)
	if r.status != http.StatusOK || s.StatusScheduleNow().Read != 3*time.Millisecond || len(s.WorldNow().NotOnWhatsApp) != 1 {
		t.Fatalf("POST /_sandbox/world: %d %s", r.status, r.body)
	}
	if r := do(t, http.MethodPost, s.URL()+"/_sandbox/world", strings.NewReader(`{"schedule":{"read":"soon"}}`), nil); r.status != http.StatusBadRequest ||
		!strings.Contains(string(r.body), "schedule.read") {
		t.Fatalf("a bad duration: %d %s", r.status, r.body)
	}
	if r := do(t, http.MethodPost, s.URL()+"/_sandbox/webhooks", strings.NewReader(`{"cloud_app_url":"ftp://x"}`), nil); r.status != http.StatusBadRequest {
		t.Fatalf("a bad webhook URL: %d %s", r.status, r.body)
	}
	if r := do(t, http.MethodPost, s.URL()+"/_sandbox/webhooks", strings.NewReader(`{"cloud_app_url":"`+rc.URL+`"}`), nil); r.status != http.StatusOK ||
		s.Webhooks().CloudAppURL != rc.URL {
		t.Fatalf("POST /_sandbox/webhooks: %d %s", r.status, r.body)
	}
	messageID(t, sendCloud(t, s, `{"messaging_product":"whatsapp","to":"16315550199","type":"image","image":{"link":"https://example.com/a.png"}}`))
	s.WaitForStatuses(1, 5*time.Second)
	var got struct {
		Statuses []statusJSON `json:"statuses"`
	}
	if err := json.Unmarshal(do(t, http.MethodGet, s.URL()+"/_sandbox/statuses", nil, nil).body, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Statuses) != 1 || got.Statuses[0].Error == nil || got.Statuses[0].Error.Code != CodeUndeliverable ||
		!got.Statuses[0].Delivery.Delivered || got.Statuses[0].Delivery.WebhookURL != rc.URL {
		t.Fatalf("GET /_sandbox/statuses: %+v", got.Statuses)
	}
	s.Reset()
	if len(s.Statuses()) != 0 || s.Webhooks().CloudAppURL != "" || len(s.WorldNow().NotOnWhatsApp) != 0 ||
		s.StatusScheduleNow() != DefaultStatusSchedule {
		t.Fatal("Reset kept statuses, webhook settings, the world or the schedule")
	}
}
