package receiver

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/receiverapi"
)

// TestReceiver runs the whole suite on SQLite and on PostgreSQL.
func TestReceiver(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Run("challenge", func(t *testing.T) { testChallenge(t, b.url(t)) })
			t.Run("signedPostStored", func(t *testing.T) { testSignedPostStored(t, b.url(t)) })
			t.Run("refusals", func(t *testing.T) { testRefusals(t, b.url(t)) })
			t.Run("replay", func(t *testing.T) { testReplay(t, b.url(t)) })
			t.Run("outOfOrder", func(t *testing.T) { testOutOfOrder(t, b.url(t)) })
			t.Run("readAPI", func(t *testing.T) { testReadAPI(t, b.url(t)) })
			t.Run("onPremises", func(t *testing.T) { testOnPremises(t, b.url(t)) })
			t.Run("forwardingSurvivesConsumerDown", func(t *testing.T) { testForwarding(t, b.url(t)) })
		})
	}
}

func testChallenge(t *testing.T, db string) {
	h := startReceiver(t, db, nil)
	get := func(token string) (int, string) {
		q := url.Values{"hub.mode": {"subscribe"}, "hub.verify_token": {token}, "hub.challenge": {"1158201444"}}
		resp, err := http.Get(h.url + PathWebhook + "?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get(testVerifyToken); code != 200 || body != "1158201444" {
		t.Fatalf("challenge with the verify token: %d %q, want 200 and the challenge alone", code, body)
	}
	if code, body := get("wrong"); code != http.StatusForbidden || strings.Contains(body, "1158201444") {
		t.Fatalf("challenge with a wrong verify token: %d %q, want 403 without the challenge", code, body)
	}
}

func testSignedPostStored(t *testing.T, db string) {
	h := startReceiver(t, db, nil)
	body := cloudPost(status{id: "wamid.A", st: "delivered", to: "16315551001", ts: 1700000000, label: "spring:1"})
	if code := h.postSigned(body); code != 200 {
		t.Fatalf("signed post: HTTP %d, want 200", code)
	}
	// Stored before the answer: the post is in the queue now, whatever processing does.
	if n := h.rows("posts"); n != 1 {
		t.Fatalf("posts stored when 200 was answered: %d, want 1", n)
	}
	waitFor(t, 5*time.Second, "the status to be processed", func() bool { return h.rows("status_events") == 1 })
	msgs, err := h.client().StatusesByMessageIDs(context.Background(), []string{"wamid.A", "wamid.unknown"})
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 1 {
		t.Fatalf("read API: %+v, want wamid.A only", msgs)
	}
	m := msgs[0]
	if m.Status != "delivered" || m.RecipientID != "16315551001" || m.CallbackData != "spring:1" || m.Flavor != FlavorCloud ||
		!m.Time.Equal(time.Unix(1700000000, 0)) || m.Conversation == nil || m.Conversation.ID != "conv-16315551001" ||
		m.Pricing == nil || !m.Pricing.Billable || m.Pricing.Category != "service" || m.Failure != nil {
		t.Fatalf("read API: %+v", m)
	}
	if got := metric(t, h.url, `whatsapp_receiver_posts_stored_total{endpoint="cloud"}`); got != 1 {
		t.Fatalf("posts_stored_total = %v, want 1", got)
	}
	if got := metric(t, h.url, `whatsapp_receiver_statuses_stored_total{status="delivered"}`); got != 1 {
		t.Fatalf("statuses_stored_total{delivered} = %v, want 1", got)
	}
}

func testRefusals(t *testing.T, db string) {
	h := startReceiver(t, db, nil)
	good := cloudPost(status{id: "wamid.R", st: "sent", to: "16315551001", ts: 1700000000})
	malformed := []byte(`{"object":"whatsapp_business_account","entry":[`)
	huge := bytes.Repeat([]byte("a"), 10<<20)
	cases := []struct {
		name    string
		path    string
		body    []byte
		headers map[string]string
		code    int
		reason  string
	}{
		{"no signature", PathWebhook, good, nil, http.StatusUnauthorized, reasonNoSignature},
		{"bad signature", PathWebhook, good, map[string]string{SignatureHeader: Sign("another secret", good)}, http.StatusForbidden, reasonBadSignature},
		{"signature not hex", PathWebhook, good, map[string]string{SignatureHeader: "sha256=zz"}, http.StatusForbidden, reasonBadSignature},
		{"malformed JSON", PathWebhook, malformed, map[string]string{SignatureHeader: Sign(testAppSecret, malformed)}, http.StatusBadRequest, reasonMalformedJSON},
		{"10 MB body", PathWebhook, huge, map[string]string{SignatureHeader: Sign(testAppSecret, huge)}, http.StatusRequestEntityTooLarge, reasonTooLarge},
		{"On-Premises without token", PathOnPremisesWebhook, good, nil, http.StatusUnauthorized, reasonUnauthorized},
		{"On-Premises wrong token", PathOnPremisesWebhook + "/nope", good, nil, http.StatusUnauthorized, reasonUnauthorized},
	}
	for _, c := range cases {
		before := metric(t, h.url, `whatsapp_receiver_posts_refused_total{reason="`+c.reason+`"}`)
		if code := h.post(c.path, c.body, c.headers); code != c.code {
			t.Errorf("%s: HTTP %d, want %d", c.name, code, c.code)
		}
		if got := metric(t, h.url, `whatsapp_receiver_posts_refused_total{reason="`+c.reason+`"}`); got != before+1 {
			t.Errorf("%s: refused_total{%s} went from %v to %v, want +1", c.name, c.reason, before, got)
		}
	}
	// A 10 MB body sent chunked (no Content-Length) is cut off at the limit too.
	req, _ := http.NewRequest(http.MethodPost, h.url+PathWebhook, io.MultiReader(bytes.NewReader(huge)))
	req.Header.Set(SignatureHeader, Sign(testAppSecret, huge))
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("chunked 10 MB body: HTTP %d, want 413", resp.StatusCode)
		}
	}
	h.settle()
	if n := h.rows("posts"); n != 0 {
		t.Fatalf("%d posts stored after refusals only, want 0", n)
	}
	if n := h.rows("status_events"); n != 0 {
		t.Fatalf("%d statuses stored after refusals only, want 0", n)
	}
	if got := metric(t, h.url, `whatsapp_receiver_posts_received_total{endpoint="cloud"}`); got != 6 {
		t.Fatalf("posts_received_total{cloud} = %v, want 6 (every post counted)", got)
	}
}

func testReplay(t *testing.T, db string) {
	h := startReceiver(t, db, func(c *Config) { c.Forward = []string{"http://127.0.0.1:1/never"}; c.ForwardSecret = testFwdSecret })
	body := cloudPost(status{id: "wamid.P", st: "read", to: "16315551001", ts: 1700000100})
	for i := range 3 {
		if code := h.postSigned(body); code != 200 {
			t.Fatalf("post %d: HTTP %d, want 200 (WhatsApp retries what is not answered 200)", i, code)
		}
	}
	h.settle()
	if n := h.rows("posts"); n != 1 {
		t.Fatalf("posts stored: %d, want 1", n)
	}
	if n := h.rows("forwards"); n != 1 {
		t.Fatalf("forwards queued: %d, want 1 (a replay is not forwarded again)", n)
	}
	if n := h.rows("status_events"); n != 1 {
		t.Fatalf("statuses stored: %d, want 1", n)
	}
	if got := metric(t, h.url, `whatsapp_receiver_posts_duplicate_total{endpoint="cloud"}`); got != 2 {
		t.Fatalf("posts_duplicate_total = %v, want 2", got)
	}
	// The same status in another body (WhatsApp batching differently) is a
	// repeated status, not a new one.
	other := cloudPost(status{id: "wamid.P", st: "read", to: "16315551001", ts: 1700000100},
		status{id: "wamid.Q", st: "sent", to: "16315551002", ts: 1700000101})
	if code := h.postSigned(other); code != 200 {
		t.Fatalf("HTTP %d", code)
	}
	h.settle()
	if n := h.rows("status_events"); n != 2 {
		t.Fatalf("statuses stored: %d, want 2", n)
	}
	if got := metric(t, h.url, `whatsapp_receiver_statuses_duplicate_total`); got != 1 {
		t.Fatalf("statuses_duplicate_total = %v, want 1", got)
	}
}

func testOutOfOrder(t *testing.T, db string) {
	h := startReceiver(t, db, nil)
	const to = "16315551001"
	posts := [][]byte{
		cloudPost(status{id: "wamid.O", st: "read", to: to, ts: 1700000300, label: "spring:ana"}),
		cloudPost(status{id: "wamid.O", st: "sent", to: to, ts: 1700000100, label: "spring:ana"}),
		cloudPost(status{id: "wamid.O", st: "delivered", to: to, ts: 1700000200, label: "spring:ana"}),
		cloudPost(status{id: "wamid.F", st: "failed", to: "16315551002", ts: 1700000100, code: 131047, title: "Re-engagement message"}),
		cloudPost(status{id: "wamid.F", st: "sent", to: "16315551002", ts: 1700000050}),
		// The same failure again, reported with another code: the first stays.
		cloudPost(status{id: "wamid.F", st: "failed", to: "16315551002", ts: 1700000400, code: 131026, title: "Message undeliverable"}),
	}
	for _, p := range posts {
		if code := h.postSigned(p); code != 200 {
			t.Fatalf("HTTP %d", code)
		}
		h.settle() // one at a time: the order is the point
	}
	msgs, err := h.client().StatusesByMessageIDs(context.Background(), []string{"wamid.O", "wamid.F"})
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]receiverapi.Message{}
	for _, m := range msgs {
		by[m.MessageID] = m
	}
	o := by["wamid.O"]
	if o.Status != "read" || !o.Time.Equal(time.Unix(1700000300, 0)) || len(o.StatusTimes) != 3 ||
		!o.StatusTimes["sent"].Equal(time.Unix(1700000100, 0)) || o.CallbackData != "spring:ana" {
		t.Fatalf("wamid.O: %+v, want read (the highest) with the times of sent, delivered and read", o)
	}
	f := by["wamid.F"]
	if f.Status != "failed" || f.Failure == nil || f.Failure.Code != 131047 || f.Failure.Title != "Re-engagement message" ||
		f.Failure.Details != "details of 131047" {
		t.Fatalf("wamid.F: %+v (failure %+v), want failed with the first failure, 131047", f, f.Failure)
	}
}

func testReadAPI(t *testing.T, db string) {
	h := startReceiver(t, db, nil)
	var sts []status
	for i, to := range []string{"16315551001", "16315551002", "16315551003", "16315551004", "16315551005"} {
		label := "bc:spring:" + to
		if i == 4 {
			label = "bc:summer:" + to
		}
		sts = append(sts, status{id: "wamid.L" + to, st: "delivered", to: to, ts: 1700000000, label: label})
	}
	if code := h.postSigned(cloudPost(sts...)); code != 200 {
		t.Fatalf("HTTP %d", code)
	}
	if code := h.postSigned(cloudInbound("wamid.IN1", "16315551001", time.Now().Add(-time.Hour).Unix())); code != 200 {
		t.Fatalf("HTTP %d", code)
	}
	if code := h.postSigned(cloudInbound("wamid.IN2", "16315551002", time.Now().Add(-48*time.Hour).Unix())); code != 200 {
		t.Fatalf("HTTP %d", code)
	}
	h.settle()

	// Without the token, with a wrong one: 401, counted.
	for _, token := range []string{"", "wrong"} {
		for _, p := range []string{receiverapi.PathStatuses + "?message_id=wamid.L16315551001", receiverapi.PathInbound + "?since=0", "/"} {
			if code := getJSON(t, h.url, p, token, nil); code != http.StatusUnauthorized {
				t.Fatalf("%s with token %q: HTTP %d, want 401", p, token, code)
			}
		}
	}
	if got := metric(t, h.url, `whatsapp_receiver_read_refused_total`); got != 6 {
		t.Fatalf("read_refused_total = %v, want 6", got)
	}
	_, err := (&receiverapi.Client{BaseURL: h.url, Token: "wrong"}).StatusesByMessageIDs(context.Background(), []string{"x"})
	if err != receiverapi.ErrUnauthorized {
		t.Fatalf("client with a wrong token: %v, want ErrUnauthorized", err)
	}

	// Paging by label prefix, two at a time.
	var page receiverapi.StatusesPage
	var ids []string
	after := ""
	for range 10 {
		q := url.Values{"label_prefix": {"bc:spring:"}, "limit": {"2"}}
		if after != "" {
			q.Set("after", after)
		}
		page = receiverapi.StatusesPage{}
		if code := getJSON(t, h.url, receiverapi.PathStatuses+"?"+q.Encode(), testReadToken, &page); code != 200 {
			t.Fatalf("HTTP %d", code)
		}
		for _, m := range page.Messages {
			ids = append(ids, m.MessageID)
		}
		if page.Next == "" {
			break
		}
		after = page.Next
	}
	if strings.Join(ids, ",") != "wamid.L16315551001,wamid.L16315551002,wamid.L16315551003,wamid.L16315551004" {
		t.Fatalf("label_prefix bc:spring: paged: %v", ids)
	}
	// The client follows every page.
	paged := &receiverapi.Client{BaseURL: h.url, Token: testReadToken, PageSize: 1}
	all, err := paged.StatusesByLabel(context.Background(), "bc:", true)
	if err != nil || len(all) != 5 {
		t.Fatalf("client paging one at a time through label_prefix bc:: %v, %d messages, want 5", err, len(all))
	}
	inPaged, err := paged.InboundSince(context.Background(), time.Now().Add(-72*time.Hour), nil)
	if err != nil || len(inPaged) != 2 {
		t.Fatalf("client paging through inbound: %v, %d, want 2", err, len(inPaged))
	}
	exact, err := h.client().StatusesByLabel(context.Background(), "bc:summer:16315551005", false)
	if err != nil || len(exact) != 1 {
		t.Fatalf("label: %v %+v", err, exact)
	}
	// A prefix holding LIKE's wildcards matches literally.
	none, err := h.client().StatusesByLabel(context.Background(), "bc:%", true)
	if err != nil || len(none) != 0 {
		t.Fatalf("label_prefix bc:%%: %v %+v, want nothing", err, none)
	}
	in, err := h.client().InboundSince(context.Background(), time.Now().Add(-24*time.Hour), nil)
	if err != nil || len(in) != 1 || in[0].WaID != "16315551001" || in[0].MessageID != "wamid.IN1" {
		t.Fatalf("inbound in the last 24 hours: %v %+v, want 16315551001's only", err, in)
	}
	in, err = h.client().InboundSince(context.Background(), time.Now().Add(-72*time.Hour), []string{"16315551002"})
	if err != nil || len(in) != 1 || in[0].WaID != "16315551002" {
		t.Fatalf("inbound of 16315551002: %v %+v", err, in)
	}
	if code := getJSON(t, h.url, receiverapi.PathStatuses, testReadToken, nil); code != http.StatusBadRequest {
		t.Fatalf("statuses without a selector: HTTP %d, want 400", code)
	}
}

func testOnPremises(t *testing.T, db string) {
	h := startReceiver(t, db, nil)
	body := []byte(`{"statuses":[{"id":"gBGGFmkiWVVPAgkgQkwi7IORac0","recipient_id":"16315551003","status":"failed","timestamp":"1700000000",` +
		`"errors":[{"code":470,"title":"Message failed to send because more than 24 hours have passed since the customer last replied to this number"}]}],` +
		`"messages":[{"from":"16315551004","id":"ABGGFlA5FpafAgo6EhmKwYrRLDvB","timestamp":"1700000005","type":"text","text":{"body":"hi"}}]}`)
	if code := h.post(PathOnPremisesWebhook+"/"+testOnPremToken, body, nil); code != 200 {
		t.Fatalf("On-Premises post with the path token: HTTP %d", code)
	}
	req, _ := http.NewRequest(http.MethodPost, h.url+PathOnPremisesWebhook, bytes.NewReader([]byte(`{"statuses":[{"id":"x2","recipient_id":"1","status":"sent","timestamp":"1700000000"}]}`)))
	req.SetBasicAuth("gateway", testOnPremToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("On-Premises post with Basic: HTTP %d", resp.StatusCode)
	}
	h.settle()
	msgs, err := h.client().StatusesByMessageIDs(context.Background(), []string{"gBGGFmkiWVVPAgkgQkwi7IORac0", "x2"})
	if err != nil || len(msgs) != 2 {
		t.Fatalf("%v %+v", err, msgs)
	}
	if msgs[0].Flavor != FlavorOnPremises || msgs[0].Failure == nil || msgs[0].Failure.Code != 470 {
		t.Fatalf("%+v", msgs[0])
	}
	in, err := h.client().InboundSince(context.Background(), time.Unix(1700000000, 0), nil)
	if err != nil || len(in) != 1 || in[0].WaID != "16315551004" {
		t.Fatalf("inbound: %v %+v", err, in)
	}
	// A Cloud signature does not open the On-Premises endpoint, nor the reverse.
	if code := h.post(PathWebhook, body, nil); code != http.StatusUnauthorized {
		t.Fatalf("unsigned post to the Cloud endpoint: HTTP %d, want 401", code)
	}
}
