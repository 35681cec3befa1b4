package sandbox

import (
	"net/http"
	"strconv"
	"testing"
)

// HEAD /v1/media/{id} tells type and length without the bytes, so a client can
// check media without downloading it; unknown media is a bare 404.
func TestOnPremMediaHead(t *testing.T) {
	s := start(t, Options{})
	data := []byte("\x89PNG\r\n\x1a\n fake png")
	id := onPremUpload(t, s, "image/png", data)

	r := do(t, http.MethodHead, s.URL()+"/v1/media/"+id, nil, bearer(testToken))
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "image/png" ||
		r.header.Get("Content-Length") != strconv.Itoa(len(data)) || len(r.body) != 0 {
		t.Fatalf("HEAD: %d %v body %q", r.status, r.header, r.body)
	}
	if r := do(t, http.MethodHead, s.URL()+"/v1/media/no-such-id", nil, bearer(testToken)); r.status != http.StatusNotFound {
		t.Fatalf("HEAD of unknown media: %d, want 404", r.status)
	}
}
