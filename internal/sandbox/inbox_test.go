package sandbox

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// startInbox serves a sandbox through httptest, so the inbox is tested over
// real HTTP exactly as a browser reaches it.
func startInbox(t *testing.T) *Server {
	t.Helper()
	s := newServer(Options{AccessToken: testToken, PhoneNumberID: testPhone})
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	s.url = ts.URL
	return s
}

func pngBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{R: 0, G: 168, B: 132, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func getInbox(t *testing.T, s *Server) string {
	t.Helper()
	r := do(t, http.MethodGet, s.InboxURL(), nil, nil)
	if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /: %d %s: %s", r.status, r.header.Get("Content-Type"), r.body)
	}
	return string(r.body)
}

func mustSend(t *testing.T, r reply) string {
	t.Helper()
	if r.status != http.StatusOK && r.status != http.StatusCreated {
		t.Fatalf("send: %d %s", r.status, r.body)
	}
	var body struct {
		Messages []struct{ ID string } `json:"messages"`
	}
	if err := json.Unmarshal(r.body, &body); err != nil || len(body.Messages) != 1 {
		t.Fatalf("send answer: %v %s", err, r.body)
	}
	return body.Messages[0].ID
}

// escaped is a message ID as html/template writes it: Cloud IDs are base64,
// and their "+" comes out as "&#43;".
func escaped(id string) string { return strings.ReplaceAll(id, "+", "&#43;") }

// article returns the HTML of the bubble for one message ID.
func article(t *testing.T, page, id string) string {
	t.Helper()
	start := strings.Index(page, `data-message-id="`+escaped(id)+`"`)
	if start < 0 {
		t.Fatalf("message %s is not on the page", id)
	}
	end := strings.Index(page[start:], "</article>")
	return page[start : start+end]
}

func TestInboxShowsEveryMessageAsARecipientSeesIt(t *testing.T) {
	s := startInbox(t)
	img := cloudUpload(t, s, "image/png", pngBytes(t))
	sticker := cloudUpload(t, s, "image/webp", []byte("RIFF....WEBP"))
	video := cloudUpload(t, s, "video/mp4", []byte("mp4-bytes"))
	audio := cloudUpload(t, s, "audio/ogg", []byte("ogg-bytes"))
	doc := onPremUpload(t, s, "application/pdf", []byte("%PDF-1.4"))
	send := func(to, typ, media string) string {
		body, _ := json.Marshal(map[string]any{"messaging_product": "whatsapp", "to": to, "type": typ, typ: json.RawMessage(media)})
		return mustSend(t, sendCloud(t, s, string(body)))
	}
	ids := map[string]string{
		"image":   send("+1 631 555 1001", "image", `{"id":"`+img+`","caption":"Welcome aboard!"}`),
		"sticker": send("16315551001", "sticker", `{"id":"`+sticker+`"}`),
		"video":   send("+16315551002", "video", `{"id":"`+video+`","caption":"Tour"}`),
		"audio":   send("+16315551002", "audio", `{"id":"`+audio+`","voice":true}`),
		"link":    send("+16315551002", "image", `{"link":"https://example.com/banner.png","caption":"Launch day"}`),
		"doc": mustSend(t, sendOnPrem(t, s,
			`{"to":"+16315551003","type":"document","document":{"id":"`+doc+`","filename":"catalogue.pdf","caption":"Our catalogue"}}`)),
	}
	page := getInbox(t, s)

	if n := strings.Count(page, "<article "); n != len(ids) {
		t.Errorf("page has %d message bubbles, want %d", n, len(ids))
	}
	// "+1 631 555 1001" and "16315551001" are one recipient: one conversation.
	if n := strings.Count(page, `class="chat"`); n != 3 {
		t.Errorf("page has %d conversations, want 3 (one per recipient)", n)
	}
	for _, m := range s.Messages() {
		a := article(t, page, m.ID)
		if !strings.Contains(a, m.Received.Format("15:04:05")) {
			t.Errorf("message %s does not show its time %s: %s", m.ID, m.Received.Format("15:04:05"), a)
		}
		if want := flavorLabel(m.Flavor); !strings.Contains(a, want) {
			t.Errorf("message %s does not say it came through the %s: %s", m.ID, want, a)
		}
		if !strings.Contains(a, `<span class="id">`+escaped(m.ID)+`</span>`) {
			t.Errorf("message %s does not show its ID: %s", m.ID, a)
		}
	}

	checks := map[string][]string{
		"image":   {`<img class="media" src="/_sandbox/inbox/media/` + img + `"`, "Welcome aboard!", "Cloud API"},
		"sticker": {`<img class="media" src="/_sandbox/inbox/media/` + sticker + `"`},
		"video":   {`<video controls preload="metadata" src="/_sandbox/inbox/media/` + video + `"`, "Tour"},
		"audio":   {`<audio controls preload="metadata" src="/_sandbox/inbox/media/` + audio + `"`, "voice message"},
		"link":    {`<a href="https://example.com/banner.png"`, "Launch day", "this sandbox does not"},
		"doc":     {"<b>catalogue.pdf</b>", "application/pdf", `href="/_sandbox/inbox/media/` + doc + `"`, "Our catalogue", "On-Premises API"},
	}
	for name, wants := range checks {
		a := article(t, page, ids[name])
		for _, want := range wants {
			if !strings.Contains(a, want) {
				t.Errorf("%s bubble lacks %q:\n%s", name, want, a)
			}
		}
	}
	// A link is shown, never loaded: no element on the page takes its src from it.
	if regexp.MustCompile(`src="https?://`).MatchString(page) {
		t.Errorf("the page loads something from outside the sandbox:\n%s", page)
	}
}

func TestInboxEscapesWhatMessagesCarry(t *testing.T) {
	s := startInbox(t)
	evil := `<script>alert("caption")</script> & <b>bold</b>`
	body, _ := json.Marshal(map[string]any{"messaging_product": "whatsapp", "to": "+16315551001", "type": "image",
		"image": map[string]string{"link": `https://example.com/a.png?x="><script>alert(1)</script>`, "caption": evil}})
	id := mustSend(t, sendCloud(t, s, string(body)))
	page := getInbox(t, s)

	a := article(t, page, id)
	if strings.Contains(page, `<script>alert`) || strings.Contains(page, "<b>bold</b>") {
		t.Fatalf("caption or link reached the page unescaped:\n%s", a)
	}
	if !strings.Contains(a, `&lt;script&gt;alert(&#34;caption&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;`) {
		t.Errorf("caption is not shown as text:\n%s", a)
	}
}

func TestInboxServesMediaBytesFromItsOwnPath(t *testing.T) {
	s := startInbox(t)
	pic := pngBytes(t)
	img := cloudUpload(t, s, "image/png", pic)
	html := onPremUpload(t, s, "text/html", []byte("<script>alert(1)</script>"))
	gone := cloudUpload(t, s, "video/mp4", []byte("bytes"))
	s.DeleteMedia(gone)
	before := len(s.Requests())

	r := do(t, http.MethodGet, s.URL()+"/_sandbox/inbox/media/"+img, nil, nil) // no auth header
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "image/png" || !bytes.Equal(r.body, pic) {
		t.Errorf("image: status %d, Content-Type %q, %d bytes; want 200, image/png, the %d uploaded bytes",
			r.status, r.header.Get("Content-Type"), len(r.body), len(pic))
	}
	if r.header.Get("X-Content-Type-Options") != "nosniff" || r.header.Get("Content-Disposition") != "" {
		t.Errorf("image headers: %v", r.header)
	}

	// An upload that claims to be HTML must not run as this origin's page.
	r = do(t, http.MethodGet, s.URL()+"/_sandbox/inbox/media/"+html, nil, nil)
	if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Disposition"), "attachment") ||
		r.header.Get("Content-Security-Policy") != "sandbox" {
		t.Errorf("text/html upload: status %d, headers %v; want an attachment under CSP sandbox", r.status, r.header)
	}

	if r = do(t, http.MethodGet, s.URL()+"/_sandbox/inbox/media/"+gone, nil, nil); r.status != http.StatusGone {
		t.Errorf("deleted media: status %d, want 410", r.status)
	}
	if r = do(t, http.MethodGet, s.URL()+"/_sandbox/inbox/media/nope", nil, nil); r.status != http.StatusNotFound {
		t.Errorf("unknown media: status %d, want 404", r.status)
	}
	getInbox(t, s)
	do(t, http.MethodGet, s.URL()+"/_sandbox/inbox/version", nil, nil)
	if after := s.Requests(); len(after) != before {
		t.Errorf("looking at the inbox was recorded as API traffic: %+v", after[before:])
	}
}

func TestInboxShowsDeletedMediaAsGone(t *testing.T) {
	s := startInbox(t)
	img := cloudUpload(t, s, "image/png", pngBytes(t))
	id := mustSend(t, sendCloud(t, s, `{"messaging_product":"whatsapp","to":"+16315551001","type":"image","image":{"id":"`+img+`"}}`))
	s.DeleteMedia(img)

	a := article(t, getInbox(t, s), id)
	if strings.Contains(a, "<img") || !strings.Contains(a, "media deleted from the server") {
		t.Errorf("a message whose media was deleted should say so instead of a broken image:\n%s", a)
	}
}

func TestInboxVersionChangesWhenAMessageArrives(t *testing.T) {
	s := startInbox(t)
	version := func() string { return string(do(t, http.MethodGet, s.URL()+"/_sandbox/inbox/version", nil, nil).body) }
	v1 := version()
	if page := getInbox(t, s); !strings.Contains(page, "No messages yet") || !strings.Contains(page, `"`+v1+`"`) {
		t.Fatalf("empty inbox should say so and embed version %s:\n%s", v1, page)
	}
	mustSend(t, sendCloud(t, s, `{"messaging_product":"whatsapp","to":"+16315551001","type":"image","image":{"link":"https://e.com/a.png"}}`))
	if v2 := version(); v2 == v1 || v2 == "" {
		t.Errorf("version stayed %q after a message arrived; the open page would not refresh", v2)
	}
}

func TestOtherMethodsOnRootStayAPITraffic(t *testing.T) {
	s := startInbox(t)
	r := do(t, http.MethodPost, s.URL()+"/", nil, bearer(testToken))
	if r.status != http.StatusBadRequest || cloudErr(t, r).Code != 100 {
		t.Errorf("POST /: %d %s; want the Cloud API's unknown-path error", r.status, r.body)
	}
	if reqs := s.Requests(); len(reqs) != 1 || reqs[0].Path != "/" {
		t.Errorf("POST / should be recorded as API traffic: %+v", reqs)
	}
}
