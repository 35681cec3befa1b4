package mediafile_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile/mediafiletest"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

func TestInspectKinds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		file     string
		data     []byte
		wantType string
		animated bool
		cloud    string // message type on Cloud
		onPrem   string // message type on On-Premises
	}{
		{"png", "logo.png", mediafiletest.PNG(32, 32, 1), "image/png", false, "image", "image"},
		{"jpeg", "photo.jpg", mediafiletest.JPEG(32, 32, 1), "image/jpeg", false, "image", "image"},
		{"static webp", "sticker.webp", mediafiletest.WebP(200, 1), "image/webp", false, "sticker", "sticker"},
		{"animated webp", "wave.webp", mediafiletest.AnimatedWebP(200, 1), "image/webp", true, "sticker", "document"},
		{"mp3", "jingle.mp3", mediafiletest.MP3(4, 1), "audio/mpeg", false, "audio", "audio"},
		{"mp4", "intro.mp4", mediafiletest.MP4(256, 1), "video/mp4", false, "video", "video"},
		{"pdf", "brochure.pdf", mediafiletest.PDF(1), "application/pdf", false, "document", "document"},
		{"text drops charset", "notes.txt", []byte("release notes\n"), "text/plain", false, "document", "document"},
		{"unknown bytes fall back to the extension", "report.pdf", []byte{0x00, 0x01, 0x02, 0x03, 0xfe}, "application/pdf", false, "document", "document"},
		{"unknown bytes, unknown extension", "blob.qqq", []byte{0x00, 0x01, 0x02, 0x03, 0xfe}, "application/octet-stream", false, "", "document"},
		{"zip", "notes.zip", mediafiletest.ZIP(1), "application/zip", false, "", "document"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), tc.file)
			if err := os.WriteFile(path, tc.data, 0o600); err != nil {
				t.Fatal(err)
			}
			want := mediafile.Info{SHA256: hexSHA(tc.data), Size: int64(len(tc.data)), ContentType: tc.wantType, AnimatedWebP: tc.animated}

			got, err := mediafile.InspectFile(path)
			if err != nil {
				t.Fatalf("InspectFile: %v", err)
			}
			if got != want {
				t.Fatalf("InspectFile = %+v, want %+v", got, want)
			}
			got, err = mediafile.InspectBase64(base64.StdEncoding.EncodeToString(tc.data), tc.file)
			if err != nil {
				t.Fatalf("InspectBase64: %v", err)
			}
			if got != want {
				t.Fatalf("InspectBase64 = %+v, want %+v", got, want)
			}

			for api, wantKind := range map[whatsapp.Flavor]string{whatsapp.Cloud: tc.cloud, whatsapp.OnPremises: tc.onPrem} {
				c, err := mediafile.Classify(api, path, got.ContentType, got.Size, got.AnimatedWebP)
				kind := c.Type
				if wantKind == "" {
					var re *mediafile.RefusedError
					if !errors.As(err, &re) || !re.ByType {
						t.Errorf("%s: Classify = %q, %v; want a refusal by type", api, kind, err)
					}
					continue
				}
				if err != nil || kind != wantKind {
					t.Errorf("%s: Classify = %q, %v; want %q", api, kind, err, wantKind)
				}
			}
		})
	}
}

// A file larger than the sniffing window is hashed whole, not just its head.
func TestInspectHashesBeyondTheHead(t *testing.T) {
	t.Parallel()
	data := mediafiletest.MP4(300_000, 7)
	got, err := mediafile.Inspect(bytes.NewReader(data), "")
	if err != nil {
		t.Fatal(err)
	}
	if got.SHA256 != hexSHA(data) || got.Size != int64(len(data)) || got.ContentType != "video/mp4" {
		t.Fatalf("Inspect = %+v, want sha %s size %d video/mp4", got, hexSHA(data), len(data))
	}
}

func TestInspectFileErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	huge := filepath.Join(dir, "huge.mp4")
	if err := os.WriteFile(huge, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	// Sparse: costs no disk and, because the size is checked first, no reading.
	if err := os.Truncate(huge, whatsapp.MaxUploadSize+1); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		path string
		want []string
	}{
		{"missing", filepath.Join(dir, "nope.png"), []string{"nope.png", "does not exist"}},
		{"directory", dir, []string{dir, "not a regular file"}},
		{"over 100 MB", huge, []string{"huge.mp4", "100 MB (104857600 bytes)", "104857601 bytes"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := mediafile.InspectFile(tc.path)
			if err == nil {
				t.Fatal("InspectFile succeeded; want an error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestInspectBase64Invalid(t *testing.T) {
	t.Parallel()
	_, err := mediafile.InspectBase64("not base64!!", "")
	var b64 *mediafile.Base64Error
	if !errors.As(err, &b64) || !strings.Contains(err.Error(), "not valid base64") {
		t.Fatalf("InspectBase64 error = %v; want a *Base64Error", err)
	}
}

func TestIsAnimatedWebP(t *testing.T) {
	t.Parallel()
	if mediafile.IsAnimatedWebP(mediafiletest.WebP(10, 1)) {
		t.Error("static WebP reported as animated")
	}
	if !mediafile.IsAnimatedWebP(mediafiletest.AnimatedWebP(10, 1)) {
		t.Error("animated WebP not recognised")
	}
	if mediafile.IsAnimatedWebP(mediafiletest.PNG(4, 4, 1)) {
		t.Error("PNG reported as animated WebP")
	}
}

// The digest used while uploading agrees with Inspect.
func TestDigest(t *testing.T) {
	t.Parallel()
	data := mediafiletest.PDF(3)
	d := mediafile.NewDigest()
	_, _ = d.Write(data[:10])
	_, _ = d.Write(data[10:])
	if d.Sum() != hexSHA(data) || d.Size() != int64(len(data)) {
		t.Fatalf("digest = %s/%d, want %s/%d", d.Sum(), d.Size(), hexSHA(data), len(data))
	}
}
