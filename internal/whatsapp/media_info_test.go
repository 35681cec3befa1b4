package whatsapp_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// zeros is an endless reader of zero bytes, so the test server can offer a
// large file without holding it.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// On-Premises GetMedia learns type and size from the status and headers and
// hangs up: of a 256 MiB file the server gets to send little more than what
// the sockets' buffers hold before its writes fail.
func TestGetMedia_onPremisesDoesNotDownload(t *testing.T) {
	const size = 256 << 20
	written := make(chan int64, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/media/m1" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "video/mp4")
		w.Header().Set("Content-Length", strconv.Itoa(size))
		n, _ := io.CopyN(w, zeros{}, size)
		written <- n
	}))
	defer srv.Close()

	info, err := mustNew(t, fastConfig(whatsapp.OnPremises, srv.URL)).GetMedia(context.Background(), "m1")
	if err != nil {
		t.Fatal(err)
	}
	if info.MimeType != "video/mp4" || info.FileSize != size || info.SHA256 != "" || info.URL != "" {
		t.Fatalf("info %+v", *info)
	}
	if n := <-written; n >= size/2 {
		t.Fatalf("the server sent %d of %d bytes: the client read the body", n, size)
	}
}
