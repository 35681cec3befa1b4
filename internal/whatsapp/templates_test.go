package whatsapp_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// UploadHeaderExample follows Meta's Resumable Upload pages: a session on the
// app, then the bytes with "Authorization: OAuth" and file_offset: 0.
func TestUploadHeaderExampleRequests(t *testing.T) {
	data := []byte("\x89PNG\r\n\x1a\n example")
	api := newFakeAPI(t, func(n int, w http.ResponseWriter, r *http.Request) {
		switch n {
		case 1:
			q := r.URL.Query()
			if r.Method != http.MethodPost || r.URL.Path != "/v23.0/42/uploads" || q.Get("file_name") != "banner.png" ||
				q.Get("file_type") != "image/png" || q.Get("file_length") != "16" || r.Header.Get("Authorization") != "OAuth tok" {
				t.Errorf("start: %s %s %v", r.Method, r.URL, r.Header)
			}
			writeJSON(w, 200, `{"id":"upload:abc"}`)
		case 2:
			body, _ := io.ReadAll(r.Body)
			if r.URL.Path != "/v23.0/upload:abc" || r.Header.Get("file_offset") != "0" || r.Header.Get("Authorization") != "OAuth tok" ||
				!bytes.Equal(body, data) {
				t.Errorf("bytes: %s %v %q", r.URL, r.Header, body)
			}
			writeJSON(w, 200, `{"h":"4::handle"}`)
		default:
			t.Errorf("unexpected request %d: %s %s", n, r.Method, r.URL)
		}
	})
	cfg := fastConfig(whatsapp.Cloud, api.URL)
	cfg.AccessToken, cfg.BusinessAccountID, cfg.AppID = "tok", "7", "42"
	c := mustNew(t, cfg)
	h, err := c.UploadHeaderExample(context.Background(), whatsapp.Upload{Body: bytes.NewReader(data), Size: int64(len(data)),
		ContentType: "image/png", Filename: "banner.png"})
	if err != nil || h != "4::handle" {
		t.Fatalf("handle %q, %v", h, err)
	}
}

// Template calls need the Cloud API and the account IDs; without them nothing is sent.
func TestTemplateCallsNeedTheirSettings(t *testing.T) {
	api := newFakeAPI(t, func(n int, w http.ResponseWriter, r *http.Request) { t.Errorf("request %s %s", r.Method, r.URL) })
	c := mustNew(t, fastConfig(whatsapp.Cloud, api.URL))
	if _, err := c.CreateTemplate(context.Background(), whatsapp.MessageTemplate{Name: "x"}); err == nil || !strings.Contains(err.Error(), "Business Account ID") {
		t.Errorf("create without a WABA ID: %v", err)
	}
	cfg := fastConfig(whatsapp.Cloud, api.URL)
	cfg.BusinessAccountID = "7"
	c = mustNew(t, cfg)
	if _, err := c.UploadHeaderExample(context.Background(), whatsapp.Upload{Body: strings.NewReader("x"), Size: 1}); err == nil ||
		!strings.Contains(err.Error(), "app ID") {
		t.Errorf("upload without an app ID: %v", err)
	}
}
