package mediafile

import (
	"errors"
	"io"
	"strings"
)

// HashingReader hashes the bytes an upload reads, so the caller can prove the
// bytes sent are the bytes planned without reading the file a second time.
// It stays an io.Seeker so the client can rewind it for a retry; rewinding to
// the start restarts the hash, any other seek makes Sum report !ok.
type HashingReader struct {
	src   io.ReadSeeker
	d     *Digest
	valid bool
}

// NewHashingReader wraps src, which must be positioned at its start.
func NewHashingReader(src io.ReadSeeker) *HashingReader {
	return &HashingReader{src: src, d: NewDigest(), valid: true}
}

func (h *HashingReader) Read(p []byte) (int, error) {
	n, err := h.src.Read(p)
	_, _ = h.d.Write(p[:n])
	return n, err
}

func (h *HashingReader) Seek(offset int64, whence int) (int64, error) {
	pos, err := h.src.Seek(offset, whence)
	if err != nil {
		h.valid = false
		return pos, err
	}
	if whence == io.SeekCurrent && offset == 0 {
		return pos, nil // only asks where we are
	}
	if pos == 0 {
		h.d, h.valid = NewDigest(), true
	} else {
		h.valid = false
	}
	return pos, nil
}

// Sum returns the hex SHA-256 and size of the bytes read since the start;
// ok is false when a seek made that unknowable.
func (h *HashingReader) Sum() (sha string, size int64, ok bool) {
	return h.d.Sum(), h.d.Size(), h.valid
}

// OpenBase64 streams the bytes content encodes, as an io.ReadSeeker that can
// rewind to the start (for an upload retry) without decoding everything.
func OpenBase64(content string) io.ReadSeeker {
	return &base64Source{content: content, r: Base64Reader(content)}
}

type base64Source struct {
	content string
	r       io.Reader
	pos     int64
}

func (b *base64Source) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.pos += int64(n)
	return n, err
}

func (b *base64Source) Seek(offset int64, whence int) (int64, error) {
	switch {
	case whence == io.SeekCurrent && offset == 0:
		return b.pos, nil
	case whence == io.SeekStart && offset == 0:
		b.r, b.pos = Base64Reader(b.content), 0
		return 0, nil
	}
	return b.pos, errors.New("base64 content can only be rewound to its start")
}

// DecodedLen is the exact number of bytes standard base64 content decodes
// to, assuming it is valid; it ignores the line breaks the decoder skips.
func DecodedLen(content string) int64 {
	n := int64(len(content) - strings.Count(content, "\n") - strings.Count(content, "\r"))
	return n/4*3 - trailingPadding(content)
}
