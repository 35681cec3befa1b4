package sandbox

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestCloudAuth(t *testing.T) {
	s := start(t, Options{})
	url := s.URL() + "/v23.0/123"
	for name, h := range map[string]map[string]string{
		"no token":    nil,
		"wrong token": bearer("nope"),
		"basic":       {"Authorization": "Basic YWRtaW46c2VjcmV0"},
	} {
		t.Run(name, func(t *testing.T) {
			r := do(t, http.MethodGet, url, nil, h)
			e := cloudErr(t, r)
			if r.status != http.StatusUnauthorized || e.Code != 190 || e.Type != "OAuthException" ||
				e.Message != "Invalid OAuth access token - Cannot parse access token" {
				t.Fatalf("got %d %+v", r.status, e)
			}
		})
	}
}

func TestCloudMedia(t *testing.T) {
	s := start(t, Options{})
	data := []byte("%PDF-1.4 fake")
	id := cloudUpload(t, s, "application/pdf", data)
	if strings.Trim(id, "0123456789") != "" || len(id) < 10 {
		t.Fatalf("media id %q is not a numeric string", id)
	}

	r := do(t, http.MethodGet, s.URL()+"/v23.0/"+id, nil, bearer(testToken))
	if r.status != http.StatusOK {
		t.Fatalf("GET: %d %s", r.status, r.body)
	}
	meta := r.json(t)
	sum := sha256.Sum256(data)
	if meta["messaging_product"] != "whatsapp" || meta["mime_type"] != "application/pdf" || meta["id"] != id ||
		meta["sha256"] != hex.EncodeToString(sum[:]) || meta["file_size"] != float64(len(data)) {
		t.Fatalf("metadata %v", meta)
	}
	dl := meta["url"].(string)
	if dl != s.URL()+"/_sandbox/download/"+id {
		t.Fatalf("url %q", dl)
	}
	if r := do(t, http.MethodGet, dl, nil, nil); r.status != http.StatusUnauthorized {
		t.Fatalf("download without token: %d", r.status)
	}
	r = do(t, http.MethodGet, dl, nil, bearer(testToken))
	if r.status != http.StatusOK || !bytes.Equal(r.body, data) || r.header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("download: %d %q %v", r.status, r.body, r.header)
	}
	if m, _ := s.MediaByID(id); m.Filename != "f.bin" || m.Flavor != FlavorCloud {
		t.Fatalf("stored %+v", m)
	}

	r = do(t, http.MethodDelete, s.URL()+"/v23.0/"+id, nil, bearer(testToken))
	if r.status != http.StatusOK || strings.TrimSpace(string(r.body)) != `{"success":true}` {
		t.Fatalf("DELETE: %d %s", r.status, r.body)
	}
	for _, method := range []string{http.MethodGet, http.MethodDelete} {
		for _, mid := range []string{id, "999"} {
			r := do(t, method, s.URL()+"/v23.0/"+mid, nil, bearer(testToken))
			e := cloudErr(t, r)
			if r.status != http.StatusBadRequest || e.Code != 100 || e.Subcode != 33 || e.Type != "GraphMethodException" ||
				!strings.Contains(e.Message, "Unsupported "+strings.ToLower(method)+" request. Object with ID '"+mid+"' does not exist") {
				t.Fatalf("%s %s: %d %+v", method, mid, r.status, e)
			}
		}
	}
	if r := do(t, http.MethodGet, dl, nil, bearer(testToken)); r.status != http.StatusNotFound {
		t.Fatalf("download of deleted media: %d", r.status)
	}
}

func TestCloudFlavorsDoNotShareMedia(t *testing.T) {
	s := start(t, Options{})
	op := onPremUpload(t, s, "image/png", []byte("x"))
	r := do(t, http.MethodGet, s.URL()+"/v23.0/"+op, nil, bearer(testToken))
	if e := cloudErr(t, r); e.Subcode != 33 {
		t.Fatalf("Cloud sees On-Premises media: %d %s", r.status, r.body)
	}
	cl := cloudUpload(t, s, "image/png", []byte("y"))
	if r := do(t, http.MethodGet, s.URL()+"/v1/media/"+cl, nil, bearer(testToken)); r.status != http.StatusNotFound {
		t.Fatalf("On-Premises sees Cloud media: %d", r.status)
	}
}

func TestCloudUnknownPhoneAndVersion(t *testing.T) {
	s := start(t, Options{})
	for _, p := range []string{"/media", "/messages"} {
		r := do(t, http.MethodPost, s.URL()+"/v23.0/42"+p, strings.NewReader("{}"), bearer(testToken))
		e := cloudErr(t, r)
		if r.status != http.StatusBadRequest || e.Code != 100 || e.Subcode != 33 || !strings.Contains(e.Message, "Unsupported post request. Object with ID '42'") {
			t.Fatalf("%s with unknown phone: %d %+v", p, r.status, e)
		}
	}
	r := do(t, http.MethodGet, s.URL()+"/latest/123", nil, bearer(testToken))
	if e := cloudErr(t, r); r.status != http.StatusBadRequest || e.Code != 100 || !strings.Contains(e.ErrorData.Details, "API version") {
		t.Fatalf("bad version: %d %+v", r.status, e)
	}
}

func TestCloudUploadRejects(t *testing.T) {
	s := start(t, Options{DiscardMediaBytes: true})
	product := part{name: "messaging_product", data: []byte("whatsapp")}
	file := func(ct string, size int) part {
		return part{name: "file", filename: "x", contentType: ct, data: make([]byte, size)}
	}
	cases := []struct {
		name  string
		parts []part
		code  int
		want  string // in message or details
	}{
		{"unsupported type", []part{product, file("image/gif", 10)}, 100, "Param file must be a file with one of the following types: audio/aac"},
		{"no file Content-Type", []part{product, file("", 10)}, 100, "Param file must be a file"},
		{"On-Premises-only document type", []part{product, file("application/zip", 10)}, 100, "Param file must be a file"},
		{"image over 5 MB", []part{product, file("image/png", 5*mib+1)}, 131053, "5 MB (5242880 bytes)"},
		{"webp over 500 KB", []part{product, file("image/webp", 500*1024+1)}, 131053, "500 KB"},
		{"audio over 16 MB", []part{product, file("audio/ogg; codecs=opus", 16*mib+1)}, 131053, "16 MB"},
		{"no messaging_product", []part{file("image/png", 10)}, 100, "messaging_product is required"},
		{"wrong messaging_product", []part{{name: "messaging_product", data: []byte("sms")}, file("image/png", 10)}, 100, "messaging_product must be"},
		{"no file", []part{product}, 100, "file is required"},
		{"file without filename", []part{product, {name: "file", contentType: "image/png", data: []byte("x")}}, 100, "no filename"},
		{"type does not match", []part{product, {name: "type", data: []byte("image/jpeg")}, file("image/png", 10)}, 100, "must match"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := cloudUploadReq(t, s, c.parts...)
			e := cloudErr(t, r)
			if r.status != http.StatusBadRequest || e.Code != c.code || !strings.Contains(e.Message+" "+e.ErrorData.Details, c.want) {
				t.Fatalf("got %d %+v, want code %d mentioning %q", r.status, e, c.code, c.want)
			}
		})
	}
	r := do(t, http.MethodPost, s.URL()+"/v23.0/"+testPhone+"/media", strings.NewReader("raw"),
		withHeader(bearer(testToken), "Content-Type", "image/png"))
	if e := cloudErr(t, r); e.Code != 100 || !strings.Contains(e.ErrorData.Details, "multipart/form-data") {
		t.Fatalf("raw body: %+v", e)
	}
	if len(s.Media()) != 0 {
		t.Fatalf("a rejected upload was stored: %+v", s.Media())
	}
}

func TestCloudUploadAcceptsEveryListedType(t *testing.T) {
	s := start(t, Options{})
	for _, ct := range cloudTypeList {
		cloudUpload(t, s, ct, []byte("x"))
	}
	// The type part may be left out (Meta's OpenAPI spec omits it), and
	// parameters on the file's Content-Type do not break the match.
	r := cloudUploadReq(t, s,
		part{name: "file", filename: "v.ogg", contentType: "audio/ogg; codecs=opus", data: []byte("x")},
		part{name: "messaging_product", data: []byte("whatsapp")})
	if r.status != http.StatusOK {
		t.Fatalf("upload without type part: %d %s", r.status, r.body)
	}
	if n := len(s.Media()); n != len(cloudTypeList)+1 {
		t.Fatalf("stored %d media", n)
	}
}

// TestCloudMediaExpiresAfter30Days: on the real API a Cloud media ID expires 30
// days after upload, and a send by that ID is refused; On-Premises media stays
// until deleted.
func TestCloudMediaExpiresAfter30Days(t *testing.T) {
	s := start(t, Options{})
	cloudID := cloudUpload(t, s, "application/pdf", []byte("%PDF-1.4 cloud"))
	onPremID := onPremUpload(t, s, "application/pdf", []byte("%PDF-1.4 on-prem"))

	s.AdvanceClock(29 * 24 * time.Hour)
	if r := do(t, http.MethodGet, s.URL()+"/v23.0/"+cloudID, nil, bearer(testToken)); r.status != http.StatusOK {
		t.Fatalf("after 29 days: GET %d %s, want 200", r.status, r.body)
	}

	r := do(t, http.MethodPost, s.URL()+"/_sandbox/advance-clock", strings.NewReader(`{"by":"48h"}`), nil)
	if r.status != http.StatusOK {
		t.Fatalf("advance-clock: %d %s", r.status, r.body)
	}
	r = do(t, http.MethodGet, s.URL()+"/v23.0/"+cloudID, nil, bearer(testToken))
	if e := cloudErr(t, r); r.status != http.StatusBadRequest || e.Code != 100 || e.Subcode != 33 {
		t.Fatalf("after 31 days: GET %d %+v, want 400 code 100 subcode 33", r.status, e)
	}
	send := sendCloud(t, s, `{"messaging_product":"whatsapp","to":"16315551001","type":"document","document":{"id":"`+cloudID+`"}}`)
	if send.status == http.StatusOK {
		t.Fatalf("a send by an expired media ID was accepted: %s", send.body)
	}
	if len(s.Media()) != 1 || s.Media()[0].ID != onPremID {
		t.Fatalf("live media %v, want only the On-Premises one", s.Media())
	}
	if r := do(t, http.MethodPost, s.URL()+"/_sandbox/advance-clock", strings.NewReader(`{"by":"-1h"}`), nil); r.status != http.StatusBadRequest {
		t.Fatalf("a negative advance: %d, want 400", r.status)
	}
}

// TestCloudMediaUploadedAfterTheClockMovedLives: media uploaded after the
// clock moved counts its 30 days from its own upload.
func TestCloudMediaUploadedAfterTheClockMovedLives(t *testing.T) {
	s := start(t, Options{})
	s.AdvanceClock(31 * 24 * time.Hour)
	id := cloudUpload(t, s, "application/pdf", []byte("%PDF-1.4 later"))
	if r := do(t, http.MethodGet, s.URL()+"/v23.0/"+id, nil, bearer(testToken)); r.status != http.StatusOK {
		t.Fatalf("GET %d %s, want 200", r.status, r.body)
	}
}
