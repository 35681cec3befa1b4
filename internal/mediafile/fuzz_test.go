package mediafile

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"testing"
)

// Fuzz targets for what users hand the provider as media: content_base64
// (checked at plan time, then streamed at apply with a size announced in
// advance) and the bytes sniffed for a type. The seeds run as ordinary tests;
// `make fuzz` runs each for FUZZTIME.

// The size an upload announces (DecodedLen) must be the number of bytes the
// stream then gives (what Inspect counted at plan time): a Content-Length
// that is off breaks the upload.
func FuzzBase64SizeMatchesContent(f *testing.F) {
	for _, s := range []string{"", "QQ==", "QUI=", "QUJD", "QUJD\nREVG", "QUJD\r\nREVG\r\n", "QQ=\n=", "QQ\n==", "!!!!", "QQ", "QQ===",
		base64.StdEncoding.EncodeToString([]byte("RIFF\x00\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x02\x00\x00\x00"))} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, content string) {
		info, err := InspectBase64(content, "")
		if err != nil {
			return
		}
		if n := DecodedLen(content); n != info.Size {
			t.Fatalf("content %q: DecodedLen %d, but it decodes to %d bytes", content, n, info.Size)
		}
		streamed, err := io.ReadAll(OpenBase64(content))
		if err != nil || int64(len(streamed)) != info.Size {
			t.Fatalf("content %q: OpenBase64 gave %d bytes (%v), Inspect counted %d", content, len(streamed), err, info.Size)
		}
	})
}

// Whatever the bytes, Inspect counts and hashes them all and names a type.
func FuzzInspect(f *testing.F) {
	f.Add([]byte("\x89PNG\r\n\x1a\n"), "a.png")
	f.Add([]byte("%PDF-1.7"), "")
	f.Add([]byte("RIFF\x00\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x02\x00\x00\x00"), "s.webp")
	f.Add([]byte("OggS"), "voice.ogg")
	f.Add([]byte{}, "empty.M4A")
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		info, err := Inspect(bytes.NewReader(data), name)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		if info.Size != int64(len(data)) || info.SHA256 != hex.EncodeToString(sum[:]) || info.ContentType == "" {
			t.Fatalf("Inspect(%d bytes) = %+v", len(data), info)
		}
		if info.ContentType != BaseType(info.ContentType) {
			t.Fatalf("content type %q has parameters or capitals", info.ContentType)
		}
	})
}
