package mediafile_test

import (
	"bytes"
	"encoding/base64"
	"io"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile/mediafiletest"
)

// A retry rewinds the body: the hash must then cover one full pass, not two.
func TestHashingReaderRewind(t *testing.T) {
	t.Parallel()
	data := mediafiletest.MP4(10_000, 2)
	h := mediafile.NewHashingReader(bytes.NewReader(data))
	if _, err := h.Seek(0, io.SeekCurrent); err != nil {
		t.Fatal(err)
	}
	if _, err := io.CopyN(io.Discard, h, 3000); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(io.Discard, h); err != nil {
		t.Fatal(err)
	}
	sha, size, ok := h.Sum()
	if !ok || sha != hexSHA(data) || size != int64(len(data)) {
		t.Fatalf("Sum = %s, %d, %v; want %s, %d, true", sha, size, ok, hexSHA(data), len(data))
	}
	if _, err := h.Seek(5, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := h.Sum(); ok {
		t.Fatal("Sum ok after seeking into the middle")
	}
}

func TestOpenBase64(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 1, 2, 3, 4, 5, 100, 5000} {
		data := mediafiletest.MP4(n, byte(n))[:8+n] // any length
		enc := base64.StdEncoding.EncodeToString(data)
		if got := mediafile.DecodedLen(enc); got != int64(len(data)) {
			t.Errorf("DecodedLen(%d bytes) = %d", len(data), got)
		}
		src := mediafile.OpenBase64(enc)
		first, err := io.ReadAll(io.LimitReader(src, 7))
		if err != nil {
			t.Fatal(err)
		}
		if pos, _ := src.Seek(0, io.SeekCurrent); pos != int64(len(first)) {
			t.Errorf("position %d after reading %d bytes", pos, len(first))
		}
		if _, err := src.Seek(0, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		all, err := io.ReadAll(src)
		if err != nil || !bytes.Equal(all, data) {
			t.Fatalf("after rewind read %d bytes, err %v; want the %d original bytes", len(all), err, len(data))
		}
		if _, err := src.Seek(3, io.SeekStart); err == nil {
			t.Error("seek into the middle of base64 content succeeded")
		}
	}
}
