package whatsapp_test

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// With a known Size the upload has an exact Content-Length (no chunking);
// the Cloud form carries messaging_product, type and the file part.
func TestUploadWireFormat(t *testing.T) {
	data := []byte("%PDF-1.4 hello")
	for _, fl := range flavors {
		for _, size := range []int64{int64(len(data)), -1} {
			t.Run(string(fl)+map[bool]string{true: " known size", false: " unknown size"}[size >= 0], func(t *testing.T) {
				var (
					contentLength int64
					fields        = map[string]string{}
					fileCT, name  string
					fileBytes     []byte
				)
				api := newFakeAPI(t, func(_ int, w http.ResponseWriter, r *http.Request) {
					contentLength = r.ContentLength
					if fl == whatsapp.OnPremises {
						fileCT = r.Header.Get("Content-Type")
						fileBytes, _ = io.ReadAll(r.Body)
						writeJSON(w, 201, `{"media":[{"id":"abc"}]}`)
						return
					}
					_, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
					mr := multipart.NewReader(r.Body, params["boundary"])
					for {
						p, err := mr.NextPart()
						if err != nil {
							break
						}
						b, _ := io.ReadAll(p)
						if p.FormName() == "file" {
							fileCT, name, fileBytes = p.Header.Get("Content-Type"), p.FileName(), b
						} else {
							fields[p.FormName()] = string(b)
						}
					}
					writeJSON(w, 200, `{"id":"abc"}`)
				})
				c := mustNew(t, fastConfig(fl, api.URL))
				id, err := c.UploadMedia(context.Background(), whatsapp.Upload{Body: bytes.NewReader(data), Size: size, ContentType: "application/pdf", Filename: "a.pdf"})
				if err != nil || id != "abc" {
					t.Fatalf("id=%q err=%v", id, err)
				}
				if size >= 0 && contentLength <= 0 || size < 0 && contentLength != -1 {
					t.Errorf("Content-Length = %d for size %d", contentLength, size)
				}
				if fl == whatsapp.OnPremises && size >= 0 && contentLength != size {
					t.Errorf("Content-Length = %d, want %d", contentLength, size)
				}
				if !bytes.Equal(fileBytes, data) || fileCT != "application/pdf" {
					t.Errorf("file %q (%s)", fileBytes, fileCT)
				}
				if fl == whatsapp.Cloud {
					if fields["messaging_product"] != "whatsapp" || fields["type"] != "application/pdf" || name != "a.pdf" {
						t.Errorf("fields %v name %q", fields, name)
					}
				}
			})
		}
	}
}

// An upload of zero bytes is sent with Content-Length 0, not chunked.
func TestUploadEmpty(t *testing.T) {
	var cl int64 = -2
	api := newFakeAPI(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		cl = r.ContentLength
		writeJSON(w, 201, `{"media":[{"id":"e"}]}`)
	})
	_, err := mustNew(t, fastConfig(whatsapp.OnPremises, api.URL)).UploadMedia(context.Background(), whatsapp.Upload{Body: strings.NewReader(""), Size: 0, ContentType: "text/plain"})
	if err != nil || cl != 0 {
		t.Fatalf("err=%v content-length=%d", err, cl)
	}
}
