package sandbox

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strconv"
)

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// received is one upload as read off the wire.
type received struct {
	data []byte // nil when bytes are discarded or the upload was over the limit
	size int64  // bytes read, counting past the limit when drained
	sum  string // hex SHA-256; empty when over the limit
	over bool   // more than limit bytes arrived
}

// receiveUpload streams r, hashing as it goes and keeping the bytes only when
// keep is set, so memory stays at the file's size (or nothing) rather than a
// parsed form's copies. Past limit it stops storing and only counts what is
// left, so the client still gets a readable answer instead of a broken pipe.
func receiveUpload(r io.Reader, limit int64, keep bool) (received, error) {
	h := sha256.New()
	var buf bytes.Buffer
	var dst io.Writer = h
	if keep {
		dst = io.MultiWriter(h, &buf)
	}
	n, err := io.Copy(dst, io.LimitReader(r, limit+1))
	if err != nil {
		return received{size: n}, err
	}
	if n > limit {
		// A read error while draining (the body cap, a client hanging up)
		// changes nothing: the answer is "too large" either way.
		rest, _ := io.Copy(io.Discard, r)
		return received{size: n + rest, over: true}, nil
	}
	rec := received{size: n, sum: hex.EncodeToString(h.Sum(nil))}
	if keep {
		rec.data = buf.Bytes()
		if rec.data == nil {
			rec.data = []byte{}
		}
	}
	return rec, nil
}

// zeroContent stands in for discarded bytes: reads give size zero bytes, and
// it seeks, so http.ServeContent can answer Range and HEAD requests.
type zeroContent struct{ size, off int64 }

func (z *zeroContent) Read(p []byte) (int, error) {
	if z.off >= z.size {
		return 0, io.EOF
	}
	n := int64(len(p))
	if rest := z.size - z.off; n > rest {
		n = rest
	}
	clear(p[:n])
	z.off += n
	return int(n), nil
}

func (z *zeroContent) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
		z.off = offset
	case io.SeekCurrent:
		z.off += offset
	case io.SeekEnd:
		z.off = z.size + offset
	}
	return z.off, nil
}

// mediaContent is what GET serves for stored media.
func mediaContent(m StoredMedia) io.ReadSeeker {
	if m.Data == nil {
		return &zeroContent{size: m.Size}
	}
	return bytes.NewReader(m.Data)
}
