package whatsapp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/textproto"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// uploadBody streams an Upload, once per attempt, without ever holding the
// file in memory. For Cloud it frames the file with a small multipart prefix
// and suffix built up front, so the exact Content-Length is known when Size is.
//
// It may be sent again only when that cannot send a corrupted or partial
// file: the source is an io.Seeker (rewound first), or not a single byte of
// it was read.
type uploadBody struct {
	src    io.Reader
	seeker io.Seeker
	start  int64 // seeker offset at the beginning of the upload
	size   int64 // bytes in src, -1 unknown
	prefix []byte
	suffix []byte

	read atomic.Int64 // bytes taken from src since the last rewind
	cur  *attemptBody // the body handed to the last attempt
}

func newUploadBody(u Upload, prefix, suffix []byte) *uploadBody {
	b := &uploadBody{src: u.Body, size: u.Size, prefix: prefix, suffix: suffix}
	if s, ok := u.Body.(io.Seeker); ok {
		off, err := s.Seek(0, io.SeekCurrent)
		if err == nil {
			b.seeker, b.start = s, off
		}
	}
	return b
}

// contentLength is the full request body length, or -1 when Size is unknown.
func (b *uploadBody) contentLength() int64 {
	if b.size < 0 {
		return -1
	}
	return int64(len(b.prefix)) + b.size + int64(len(b.suffix))
}

// released waits until net/http is done with the previous attempt's body.
// RoundTrip may still read it after returning (an early error answer), and
// it closes the body when done; rewinding before that would race.
func (b *uploadBody) released(ctx context.Context) bool {
	if b.cur == nil {
		return true
	}
	t := time.NewTimer(10 * time.Second)
	defer t.Stop()
	select {
	case <-b.cur.closed:
		return true
	case <-ctx.Done():
		return false
	case <-t.C:
		return false
	}
}

// replayable reports whether another attempt can send the whole file.
func (b *uploadBody) replayable(ctx context.Context) bool {
	if !b.released(ctx) {
		return false
	}
	return b.read.Load() == 0 || b.seeker != nil
}

// open returns the body for the next attempt, rewinding the source if needed.
func (b *uploadBody) open(ctx context.Context, progress func()) (io.ReadCloser, int64, error) {
	if b.cur != nil {
		if !b.released(ctx) {
			return nil, 0, errNotReplayable
		}
		if b.read.Load() > 0 {
			if b.seeker == nil {
				return nil, 0, errNotReplayable
			}
			if _, err := b.seeker.Seek(b.start, io.SeekStart); err != nil {
				return nil, 0, fmt.Errorf("rewind the upload body to send it again: %w", err)
			}
			b.read.Store(0)
		}
	}
	src := &countingReader{r: b.src, n: &b.read}
	var r io.Reader = src
	if len(b.prefix) > 0 || len(b.suffix) > 0 {
		r = io.MultiReader(bytes.NewReader(b.prefix), src, bytes.NewReader(b.suffix))
	}
	b.cur = &attemptBody{r: &progressReader{r: r, progress: progress}, closed: make(chan struct{})}
	return b.cur, b.contentLength(), nil
}

// attemptBody is one attempt's view of the upload; Close tells uploadBody
// that net/http no longer reads it. It never closes the caller's reader.
type attemptBody struct {
	r      io.Reader
	once   sync.Once
	closed chan struct{}
}

func (a *attemptBody) Read(p []byte) (int, error) { return a.r.Read(p) }
func (a *attemptBody) Close() error {
	a.once.Do(func() { close(a.closed) })
	return nil
}

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

var quoteEscaper = strings.NewReplacer("\\", "\\\\", `"`, "\\\"", "\r", "", "\n", "")

// cloudMultipart builds everything of the Cloud upload body except the file
// bytes: messaging_product, type, and the file part's header (prefix), then the
// closing boundary (suffix). It returns the request's Content-Type too.
func cloudMultipart(contentType, filename string) (prefix, suffix []byte, formType string, err error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if err := w.WriteField("messaging_product", "whatsapp"); err != nil {
		return nil, nil, "", err
	}
	if err := w.WriteField("type", contentType); err != nil {
		return nil, nil, "", err
	}
	h := make(textproto.MIMEHeader)
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename="%s"`, quoteEscaper.Replace(filename)))
	h.Set("Content-Type", contentType)
	if _, err := w.CreatePart(h); err != nil {
		return nil, nil, "", err
	}
	prefix = bytes.Clone(buf.Bytes())
	if err := w.Close(); err != nil {
		return nil, nil, "", err
	}
	suffix = bytes.Clone(buf.Bytes()[len(prefix):])
	return prefix, suffix, w.FormDataContentType(), nil
}

// checkUpload rejects an Upload that cannot be sent.
func checkUpload(u Upload) error {
	switch {
	case u.Body == nil:
		return errors.New("upload media: no body to upload")
	case strings.TrimSpace(u.ContentType) == "":
		return errors.New("upload media: the content type is empty; give the file's MIME type, e.g. application/pdf")
	case strings.ContainsAny(u.ContentType, "\r\n"):
		return fmt.Errorf("upload media: %q is not a MIME type", u.ContentType)
	}
	return nil
}
