package sandbox

import (
	"net/http"
	"strings"
	"testing"
)

func TestSendAccepted(t *testing.T) {
	s := start(t, Options{})
	s.PutMediaProvider(MediaProvider{Name: "cdn", Bearer: "t"})
	opID := onPremUpload(t, s, "image/png", []byte("x"))
	clID := cloudUpload(t, s, "image/png", []byte("x"))

	onPrem := []string{
		`{"recipient_type":"individual","to":"+16315551001","type":"image","image":{"id":"` + opID + `","caption":"hi"}}`,
		`{"to":"16315551001","type":"document","document":{"link":"https://example.com/a.pdf","filename":"a.pdf","caption":"c","provider":{"name":"cdn"}}}`,
		`{"recipient_type":"group","to":"16315551001","type":"sticker","sticker":{"link":"http://example.com/s.webp"}}`,
		`{"to":"16315551001","type":"audio","audio":{"link":"https://example.com/a.ogg"}}`,
		`{"to":"16315551001","type":"video","video":{"link":"https://example.com/v.mp4","caption":"` + strings.Repeat("é", 1024) + `"}}`,
	}
	for _, body := range onPrem {
		r := sendOnPrem(t, s, body)
		if r.status != http.StatusCreated {
			t.Fatalf("On-Premises send %s: %d %s", body, r.status, r.body)
		}
		m := r.json(t)
		id := m["messages"].([]any)[0].(map[string]any)["id"].(string)
		if !strings.HasPrefix(id, "gBEG") {
			t.Fatalf("message id %q", id)
		}
		if m["meta"] == nil || m["contacts"] == nil {
			t.Fatalf("reply %s", r.body)
		}
	}

	r := sendCloud(t, s, `{"messaging_product":"whatsapp","recipient_type":"individual","to":"+1 631-555-1001","type":"audio",`+
		`"audio":{"id":"`+clID+`","voice":true},"biz_opaque_callback_data":"x"}`)
	if r.status != http.StatusOK {
		t.Fatalf("Cloud send: %d %s", r.status, r.body)
	}
	m := r.json(t)
	contact := m["contacts"].([]any)[0].(map[string]any)
	if m["messaging_product"] != "whatsapp" || contact["input"] != "+1 631-555-1001" || contact["wa_id"] != "16315551001" {
		t.Fatalf("reply %s", r.body)
	}
	if id := m["messages"].([]any)[0].(map[string]any)["id"].(string); !strings.HasPrefix(id, "wamid.") {
		t.Fatalf("message id %q", id)
	}

	msgs := s.Messages()
	if len(msgs) != len(onPrem)+1 {
		t.Fatalf("stored %d messages", len(msgs))
	}
	if string(msgs[0].Body) != onPrem[0] || msgs[0].To != "+16315551001" || msgs[0].Type != "image" || msgs[0].Flavor != FlavorOnPremises {
		t.Fatalf("first message stored as %+v", msgs[0])
	}
	if last := msgs[len(msgs)-1]; last.Flavor != FlavorCloud || last.Type != "audio" || !strings.HasPrefix(last.ID, "wamid.") {
		t.Fatalf("Cloud message stored as %+v", last)
	}
}

// TestSendRejected runs every message rule against both flavors; each case
// names the flavor error it expects.
func TestSendRejected(t *testing.T) {
	s := start(t, Options{})
	s.PutMediaProvider(MediaProvider{Name: "cdn", Bearer: "t"})
	opID := onPremUpload(t, s, "image/png", []byte("x"))
	clID := cloudUpload(t, s, "image/png", []byte("x"))
	opGone := onPremUpload(t, s, "image/png", []byte("x"))
	clGone := cloudUpload(t, s, "image/png", []byte("x"))
	s.DeleteMedia(opGone)
	s.DeleteMedia(clGone)

	const (
		both  = "both"
		op    = "on_premises"
		cloud = "cloud"
	)
	// media builds the body; %ID% becomes a live media ID of the flavor.
	cases := []struct {
		name    string
		flavor  string
		body    string
		opCode  int    // On-Premises code
		clCode  int    // Cloud code
		details string // in the details
	}{
		{"not JSON", both, `{"to":`, codeRequestNotValid, 100, "JSON object"},
		{"no to", both, `{"type":"image","image":{"id":"%ID%"}}`, codeMissingParameter, 131008, "to is required"},
		{"bad to", both, `{"to":"abc","type":"image","image":{"id":"%ID%"}}`, codeInvalidParameter, 131009, "not a phone number"},
		{"plus inside to", both, `{"to":"12+34","type":"image","image":{"id":"%ID%"}}`, codeInvalidParameter, 131009, "not a phone number"},
		{"no type", both, `{"to":"16315551001","image":{"id":"%ID%"}}`, codeMissingParameter, 131008, "type is required"},
		{"text type", both, `{"to":"16315551001","type":"text","text":{"body":"hi"}}`, codeInvalidParameter, 131009, `"text" is not supported`},
		{"no media object", both, `{"to":"16315551001","type":"image"}`, codeMissingParameter, 131008, `no "image" object`},
		{"wrong media object", both, `{"to":"16315551001","type":"image","video":{"id":"%ID%"}}`, codeInvalidParameter, 131009, `has a "video" object`},
		{"media not an object", both, `{"to":"16315551001","type":"image","image":"%ID%"}`, codeInvalidParameter, 131009, "must be an object"},
		{"neither id nor link", both, `{"to":"16315551001","type":"image","image":{"caption":"c"}}`, codeMissingParameter, 131008, "one of id"},
		{"both id and link", both, `{"to":"16315551001","type":"image","image":{"id":"%ID%","link":"https://e.com/a.png"}}`, codeInvalidParameter, 131009, "exactly one of id or link"},
		{"ftp link", both, `{"to":"16315551001","type":"image","image":{"link":"ftp://e.com/a.png"}}`, codeInvalidParameter, 131009, "http:// or https://"},
		{"relative link", both, `{"to":"16315551001","type":"image","image":{"link":"/a.png"}}`, codeInvalidParameter, 131009, "http:// or https://"},
		{"caption on audio", both, `{"to":"16315551001","type":"audio","audio":{"link":"https://e.com/a.ogg","caption":"c"}}`, codeInvalidParameter, 131009, "audio.caption is not allowed"},
		{"caption on sticker", both, `{"to":"16315551001","type":"sticker","sticker":{"link":"https://e.com/s.webp","caption":"c"}}`, codeInvalidParameter, 131009, "sticker.caption is not allowed"},
		{"caption too long", both, `{"to":"16315551001","type":"image","image":{"id":"%ID%","caption":"` + strings.Repeat("a", 1025) + `"}}`, codeInvalidParameter, 131009, "1025 characters; the limit is 1024"},
		{"filename on image", both, `{"to":"16315551001","type":"image","image":{"id":"%ID%","filename":"a.png"}}`, codeInvalidParameter, 131009, "only document"},
		{"caption not a string", both, `{"to":"16315551001","type":"image","image":{"id":"%ID%","caption":5}}`, codeInvalidParameter, 131009, "image.caption must be a string"},
		{"unknown media key", both, `{"to":"16315551001","type":"image","image":{"id":"%ID%","size":5}}`, codeInvalidParameter, 100, "unknown parameter image.size"},
		{"unknown top key", both, `{"to":"16315551001","type":"image","image":{"id":"%ID%"},"ttl":5}`, codeInvalidParameter, 100, `unknown parameter "ttl"`},
		{"unknown media id", both, `{"to":"16315551001","type":"image","image":{"id":"4242"}}`, 0, 131053, "names no media"},
		{"bad recipient_type", both, `{"recipient_type":"all","to":"16315551001","type":"image","image":{"id":"%ID%"}}`, codeInvalidParameter, 131009, "recipient_type"},

		{"formatted to", op, `{"to":"+49 170 1223003","type":"image","image":{"id":"%ID%"}}`, codeInvalidParameter, 0, "invalid Message.To"},
		{"dashed to", op, `{"to":"49-170-1223003","type":"image","image":{"id":"%ID%"}}`, codeInvalidParameter, 0, "invalid Message.To"},
		{"short to", op, `{"to":"123456","type":"image","image":{"id":"%ID%"}}`, codeInvalidParameter, 0, "invalid Message.To"},
		{"long to", op, `{"to":"1234567890123456","type":"image","image":{"id":"%ID%"}}`, codeInvalidParameter, 0, "invalid Message.To"},
		{"deleted media", op, `{"to":"16315551001","type":"image","image":{"id":"` + opGone + `"}}`, codeNotFound, 0, "unknown or deleted"},
		{"Cloud media on On-Premises", op, `{"to":"16315551001","type":"image","image":{"id":"` + clID + `"}}`, codeNotFound, 0, "names no media"},
		{"provider with id", op, `{"to":"16315551001","type":"image","image":{"id":"%ID%","provider":{"name":"cdn"}}}`, codeInvalidParameter, 0, "only allowed with link"},
		{"unknown provider", op, `{"to":"16315551001","type":"image","image":{"link":"https://e.com/a.png","provider":{"name":"nope"}}}`, codeInvalidParameter, 0, `media provider "nope" is unknown`},
		{"provider as string", op, `{"to":"16315551001","type":"image","image":{"link":"https://e.com/a.png","provider":"cdn"}}`, codeInvalidParameter, 0, "not a string"},
		{"voice on On-Premises", op, `{"to":"16315551001","type":"audio","audio":{"link":"https://e.com/a.ogg","voice":true}}`, codeInvalidParameter, 0, "voice"},
		{"messaging_product on On-Premises", op, `{"messaging_product":"whatsapp","to":"16315551001","type":"image","image":{"id":"%ID%"}}`, codeInvalidParameter, 0, "messaging_product"},

		{"no messaging_product", cloud, `{"to":"16315551001","type":"image","image":{"id":"%ID%"}}`, 0, 131008, "messaging_product is required"},
		{"wrong messaging_product", cloud, `{"messaging_product":"sms","to":"16315551001","type":"image","image":{"id":"%ID%"}}`, 0, 131009, `must be "whatsapp"`},
		{"provider on Cloud", cloud, `{"messaging_product":"whatsapp","to":"16315551001","type":"image","image":{"link":"https://e.com/a.png","provider":{"name":"cdn"}}}`, 0, 100, "On-Premises parameter"},
		{"group on Cloud", cloud, `{"messaging_product":"whatsapp","recipient_type":"group","to":"16315551001","type":"image","image":{"id":"%ID%"}}`, 0, 131009, "recipient_type"},
		{"voice on video", cloud, `{"messaging_product":"whatsapp","to":"16315551001","type":"video","video":{"id":"%ID%","voice":true}}`, 0, 100, "voice"},
		{"voice not bool", cloud, `{"messaging_product":"whatsapp","to":"16315551001","type":"audio","audio":{"link":"https://e.com/a.ogg","voice":"yes"}}`, 0, 131009, "true or false"},
		{"deleted media", cloud, `{"messaging_product":"whatsapp","to":"16315551001","type":"image","image":{"id":"` + clGone + `"}}`, 0, 131053, "unknown or deleted"},
		{"On-Premises media on Cloud", cloud, `{"messaging_product":"whatsapp","to":"16315551001","type":"image","image":{"id":"` + opID + `"}}`, 0, 131053, "names no media"},
	}
	for _, c := range cases {
		if c.flavor == both || c.flavor == op {
			t.Run("on_premises/"+c.name, func(t *testing.T) {
				r := sendOnPrem(t, s, strings.ReplaceAll(c.body, "%ID%", opID))
				code, _, details := onPremErr(t, r)
				want, status := c.opCode, http.StatusBadRequest
				if want == 0 || want == codeNotFound {
					want, status = codeNotFound, http.StatusNotFound
				}
				if r.status != status || code != want || !strings.Contains(details, c.details) {
					t.Fatalf("got %d code %d %q; want %d code %d mentioning %q", r.status, code, details, status, want, c.details)
				}
			})
		}
		if c.flavor == both || c.flavor == cloud {
			t.Run("cloud/"+c.name, func(t *testing.T) {
				body := strings.ReplaceAll(c.body, "%ID%", clID)
				if c.flavor == both && strings.HasPrefix(body, "{\"") {
					body = `{"messaging_product":"whatsapp",` + body[1:]
				}
				r := sendCloud(t, s, body)
				e := cloudErr(t, r)
				if r.status != http.StatusBadRequest || e.Code != c.clCode || !strings.Contains(e.ErrorData.Details, c.details) ||
					!strings.HasPrefix(e.Message, "(#") || e.ErrorData.MessagingProduct != "whatsapp" {
					t.Fatalf("got %d %+v; want code %d mentioning %q", r.status, e, c.clCode, c.details)
				}
			})
		}
	}
	if n := len(s.Messages()); n != 0 {
		t.Fatalf("%d rejected messages were stored: %+v", n, s.Messages())
	}
}

// TestRequestLogKeepsRecipientAsWritten: every send is logged with its "to"
// as the body wrote it, accepted or refused, so tests can prove what went on
// the wire; the control API's state shows it too.
func TestRequestLogKeepsRecipientAsWritten(t *testing.T) {
	s := start(t, Options{})
	if r := sendOnPrem(t, s, `{"to":"+49 170 1223003","type":"image","image":{"link":"https://e.com/a.png"}}`); r.status != http.StatusBadRequest {
		t.Fatalf("formatted to on On-Premises: %d %s", r.status, r.body)
	}
	if r := sendOnPrem(t, s, `{"to":"491701223003","type":"image","image":{"link":"https://e.com/a.png"}}`); r.status != http.StatusCreated {
		t.Fatalf("canonical to on On-Premises: %d %s", r.status, r.body)
	}
	var sends []string
	for _, r := range s.Requests() {
		if strings.HasSuffix(r.Path, "/messages") {
			sends = append(sends, r.To)
		} else if r.To != "" {
			t.Errorf("%s %s logged a recipient %q", r.Method, r.Path, r.To)
		}
	}
	if strings.Join(sends, "|") != "+49 170 1223003|491701223003" {
		t.Errorf("logged recipients %q, want both as written", sends)
	}
	st := getState(t, s)
	if n := len(st.Requests); n == 0 || st.Requests[n-1].To != "491701223003" {
		t.Errorf("state requests %+v lack the last send's to", st.Requests)
	}
}
