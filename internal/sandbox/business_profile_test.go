package sandbox

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
)

const profilePath = "/v23.0/" + testPhone + "/whatsapp_business_profile"

// The Cloud profile: a write of every field, the photo by a Resumable Upload
// handle, and a read with the photo's URL, which serves the bytes.
func TestBusinessProfileCloud(t *testing.T) {
	s := start(t, Options{Strict: true})
	handle := headerHandle(t, s, "png-bytes")
	r := cloudJSON(t, s, http.MethodPost, profilePath, `{"messaging_product":"whatsapp","about":"Succulents","address":"1 Hacker Way",`+
		`"description":"Plants","email":"shop@example.com","vertical":"RETAIL","websites":["https://example.com"],"profile_picture_handle":"`+handle+`"}`, nil)
	if r.status != http.StatusOK || r.json(t)["success"] != true {
		t.Fatalf("write: %d %s", r.status, r.body)
	}
	got := cloudJSON(t, s, http.MethodGet, profilePath+"?fields=about,vertical,websites,profile_picture_url", "", nil)
	data, _ := got.json(t)["data"].([]any)
	if len(data) != 1 {
		t.Fatalf("read: %s", got.body)
	}
	p := data[0].(map[string]any)
	if p["about"] != "Succulents" || p["vertical"] != "RETAIL" || p["address"] != nil {
		t.Fatalf("read with fields: %v", p)
	}
	photo := do(t, http.MethodGet, p["profile_picture_url"].(string), nil, nil)
	if photo.status != http.StatusOK || string(photo.body) != "png-bytes" {
		t.Fatalf("photo URL: %d %q", photo.status, photo.body)
	}
	// A partial write changes only what it names.
	cloudJSON(t, s, http.MethodPost, profilePath, `{"messaging_product":"whatsapp","address":""}`, nil)
	if bp := s.BusinessProfile(); bp.Address != "" || bp.About != "Succulents" || len(bp.Websites) != 1 {
		t.Fatalf("after a partial write: %+v", bp)
	}
}

// Each write the spec (WhatsAppBusinessProfileUpdateRequest) refuses is
// refused with code 100 and details that name the field; nothing changes.
func TestBusinessProfileCloudRefusals(t *testing.T) {
	s := start(t, Options{Strict: true})
	pdf := func() string { // a handle of a type a photo cannot be
		start := cloudJSON(t, s, http.MethodPost, "/v23.0/"+DefaultAppID+"/uploads?file_name=a.pdf&file_type=application/pdf&file_length=3", "", nil)
		id, _ := start.json(t)["id"].(string)
		up := cloudJSON(t, s, http.MethodPost, "/v23.0/"+id, "pdf", map[string]string{"file_offset": "0"})
		h, _ := up.json(t)["h"].(string)
		return h
	}()
	long := func(n int) string { return strings.Repeat("a", n) }
	for _, tc := range []struct{ name, body, want string }{
		{"no messaging_product", `{"about":"Hi"}`, "messaging_product is required"},
		{"wrong messaging_product", `{"messaging_product":"sms","about":"Hi"}`, `must be "whatsapp"`},
		{"not an object", `[1]`, "JSON object"},
		{"empty about", `{"messaging_product":"whatsapp","about":""}`, "about must be 1 to 139"},
		{"long about", `{"messaging_product":"whatsapp","about":"` + long(140) + `"}`, "about must be at most 139"},
		{"long address", `{"messaging_product":"whatsapp","address":"` + long(257) + `"}`, "address must be at most 256"},
		{"long description", `{"messaging_product":"whatsapp","description":"` + long(513) + `"}`, "description must be at most 512"},
		{"long email", `{"messaging_product":"whatsapp","email":"` + long(120) + `@example.com"}`, "email must be at most 128"},
		{"bad email", `{"messaging_product":"whatsapp","email":"shop at example.com"}`, "valid email address"},
		{"bad vertical", `{"messaging_product":"whatsapp","vertical":"Retail"}`, "vertical must be one of"},
		{"three websites", `{"messaging_product":"whatsapp","websites":["https://a.example","https://b.example","https://c.example"]}`, "at most 2 URLs"},
		{"long website", `{"messaging_product":"whatsapp","websites":["https://example.com/` + long(240) + `"]}`, "a website must be at most 256"},
		{"website without scheme", `{"messaging_product":"whatsapp","websites":["example.com"]}`, "http:// or https://"},
		{"websites not a list", `{"messaging_product":"whatsapp","websites":"https://example.com"}`, "array of strings"},
		{"about not a string", `{"messaging_product":"whatsapp","about":5}`, "about must be a string"},
		{"unknown handle", `{"messaging_product":"whatsapp","profile_picture_handle":"4::nope"}`, "invalid or expired"},
		{"pdf handle", `{"messaging_product":"whatsapp","profile_picture_handle":"` + pdf + `"}`, "JPEG or PNG"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := cloudJSON(t, s, http.MethodPost, profilePath, tc.body, nil)
			e := cloudErr(t, r)
			if r.status != http.StatusBadRequest || e.Code != 100 || !strings.Contains(e.ErrorData.Details+e.Message, tc.want) {
				t.Fatalf("got %d %+v, want 400 code 100 with %q", r.status, e, tc.want)
			}
			if bp := s.BusinessProfile(); bp.About != "" || bp.PhotoVersion != 0 || bp.Vertical != "" {
				t.Fatalf("a refused write changed the profile: %+v", bp)
			}
		})
	}
	if r := cloudJSON(t, s, http.MethodGet, "/v23.0/999/whatsapp_business_profile", "", nil); cloudErr(t, r).Subcode != 33 {
		t.Fatalf("another number's profile: %d %s", r.status, r.body)
	}
}

// Meta's spec gives description 256 characters, its reference pages 512:
// strict mode holds to the spec, the default to the pages.
func TestBusinessProfileDescriptionSpecLimit(t *testing.T) {
	body := `{"messaging_product":"whatsapp","description":"` + strings.Repeat("a", 300) + `"}`
	strict := start(t, Options{Strict: true})
	if r := cloudJSON(t, strict, http.MethodPost, profilePath, body, nil); r.status != http.StatusBadRequest ||
		!strings.Contains(cloudErr(t, r).ErrorData.Details, "at most 256") {
		t.Fatalf("strict mode took a 300-character description: %d %s", r.status, r.body)
	}
	lenient := start(t, Options{})
	if r := cloudJSON(t, lenient, http.MethodPost, profilePath, body, nil); r.status != http.StatusOK {
		t.Fatalf("the default mode refused a 300-character description: %d %s", r.status, r.body)
	}
}

// The On-Premises profile: business fields, about and the photo at their own
// endpoints, and their refusals.
func TestBusinessProfileOnPremises(t *testing.T) {
	s := start(t, Options{})
	tok := login(t, s)
	h := withHeader(bearer(tok), "Content-Type", "application/json")
	req := func(method, path, body string, header map[string]string) reply {
		var b *strings.Reader
		if body == "" {
			return do(t, method, s.URL()+path, nil, header)
		}
		b = strings.NewReader(body)
		return do(t, method, s.URL()+path, b, header)
	}
	if r := req(http.MethodPost, "/v1/settings/business/profile", `{"address":"1 Hacker Way","description":"Plants","email":"shop@example.com",`+
		`"vertical":"Shopping and Retail","websites":["https://example.com"]}`, h); r.status != http.StatusOK {
		t.Fatalf("write: %d %s", r.status, r.body)
	}
	if r := req(http.MethodPatch, "/v1/settings/profile/about", `{"text":"Succulents"}`, h); r.status != http.StatusOK {
		t.Fatalf("about: %d %s", r.status, r.body)
	}
	got := req(http.MethodGet, "/v1/settings/business/profile", "", h).json(t)
	if p := got["settings"].(map[string]any)["business"].(map[string]any)["profile"].(map[string]any); p["vertical"] != "Shopping and Retail" {
		t.Fatalf("read: %v", got)
	}
	if r := req(http.MethodGet, "/v1/settings/profile/about", "", h); !bytes.Contains(r.body, []byte(`"text":"Succulents"`)) {
		t.Fatalf("about read: %s", r.body)
	}
	if r := req(http.MethodGet, "/v1/settings/profile/photo", "", h); r.status != http.StatusNotFound {
		t.Fatalf("no photo yet: %d %s", r.status, r.body)
	}
	if r := req(http.MethodPost, "/v1/settings/profile/photo", "jpeg-bytes", withHeader(bearer(tok), "Content-Type", "image/jpeg")); r.status != http.StatusOK {
		t.Fatalf("photo: %d %s", r.status, r.body)
	}
	if r := req(http.MethodGet, "/v1/settings/profile/photo", "", h); string(r.body) != "jpeg-bytes" || r.header.Get("Content-Type") != "image/jpeg" {
		t.Fatalf("photo read: %d %q", r.status, r.body)
	}
	for _, tc := range []struct {
		name, method, path, body, ct, want string
		code                               int
	}{
		{"long description", http.MethodPost, "/v1/settings/business/profile", `{"description":"` + strings.Repeat("a", 513) + `"}`, "application/json", "at most 512", codeInvalidParameter},
		{"bad email", http.MethodPost, "/v1/settings/business/profile", `{"email":"nope"}`, "application/json", "valid email", codeInvalidParameter},
		{"long vertical", http.MethodPost, "/v1/settings/business/profile", `{"vertical":"` + strings.Repeat("a", 129) + `"}`, "application/json", "at most 128", codeInvalidParameter},
		{"three websites", http.MethodPost, "/v1/settings/business/profile", `{"websites":["http://a.example","http://b.example","http://c.example"]}`, "application/json", "at most 2", codeInvalidParameter},
		{"empty about", http.MethodPatch, "/v1/settings/profile/about", `{"text":""}`, "application/json", "cannot be empty", codeInvalidParameter},
		{"long about", http.MethodPatch, "/v1/settings/profile/about", `{"text":"` + strings.Repeat("a", 140) + `"}`, "application/json", "at most 139", codeInvalidParameter},
		{"about without text", http.MethodPatch, "/v1/settings/profile/about", `{}`, "application/json", "text is required", codeMissingParameter},
		{"photo as gif", http.MethodPost, "/v1/settings/profile/photo", "GIF89a", "image/gif", "image/jpeg or image/png", codeInvalidParameter},
		{"empty photo", http.MethodPost, "/v1/settings/profile/photo", "", "image/png", "body is empty", codeMissingParameter},
		{"photo over 5 MB", http.MethodPost, "/v1/settings/profile/photo", strings.Repeat("a", profilePhotoMax+1), "image/png", "larger than 5 MB", codeInvalidParameter},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := s.BusinessProfile()
			r := do(t, tc.method, s.URL()+tc.path, strings.NewReader(tc.body), withHeader(bearer(tok), "Content-Type", tc.ct))
			code, _, details := onPremErr(t, r)
			if r.status != http.StatusBadRequest || code != tc.code || !strings.Contains(details, tc.want) {
				t.Fatalf("got %d %d %q, want %d with %q", r.status, code, details, tc.code, tc.want)
			}
			if after := s.BusinessProfile(); after.Description != before.Description || after.About != before.About || after.PhotoVersion != before.PhotoVersion {
				t.Fatalf("a refused write changed the profile: %+v", after)
			}
		})
	}
	if r := req(http.MethodDelete, "/v1/settings/profile/photo", "", h); r.status != http.StatusOK || s.BusinessProfile().Photo != nil {
		t.Fatalf("delete photo: %d %s", r.status, r.body)
	}
}

// The inbox shows the profile and its photo, refreshes when it changes, and
// shows nothing of a profile that is empty.
func TestInboxShowsTheBusinessProfile(t *testing.T) {
	s := startInbox(t)
	if page := getInbox(t, s); strings.Contains(page, "data-profile") {
		t.Fatalf("an empty profile should not be shown:\n%s", page)
	}
	version := func() string { return string(do(t, http.MethodGet, s.URL()+"/_sandbox/inbox/version", nil, nil).body) }
	v1 := version()
	s.SetBusinessProfile(BusinessProfile{About: "Plants <3", Vertical: "RETAIL", Websites: []string{"https://shop.example.com"},
		Photo: []byte("\x89PNG-bytes"), PhotoType: "image/png"})
	if version() == v1 {
		t.Error("the inbox version stayed the same after the profile changed; an open page would not refresh")
	}
	page := getInbox(t, s)
	for _, want := range []string{`data-field="about">Plants &lt;3<`, `data-field="vertical">RETAIL<`,
		`data-field="website">https://shop.example.com<`, `<img src="/_sandbox/profile-photo/1"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the inbox lacks %s:\n%s", want, page)
		}
	}
	photo := do(t, http.MethodGet, s.URL()+"/_sandbox/profile-photo/1", nil, nil)
	if photo.status != http.StatusOK || string(photo.body) != "\x89PNG-bytes" || photo.header.Get("Content-Type") != "image/png" {
		t.Errorf("the inbox's photo: %d %q %s", photo.status, photo.body, photo.header.Get("Content-Type"))
	}
}
