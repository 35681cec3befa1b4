package mediafile_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

func TestClassify(t *testing.T) {
	t.Parallel()
	const (
		KB = whatsapp.KB
		MB = whatsapp.MB
	)
	const (
		cloud  = whatsapp.Cloud
		onPrem = whatsapp.OnPremises
	)
	tests := []struct {
		api      whatsapp.Flavor
		ct       string
		size     int64
		animated bool
		want     string   // message type; "" means an error
		errHas   []string // substrings of the error
	}{
		{cloud, "image/jpeg", 5 * MB, false, "image", nil},
		{cloud, "image/png", 5*MB + 1, false, "", []string{"f.bin", "image/png", "5 MB (5242880 bytes)", "5242881 bytes", "images"}},
		{onPrem, "image/png", 8 * MB, false, "document", nil},
		{cloud, "image/webp", 100 * KB, false, "sticker", nil},
		{cloud, "image/webp", 100*KB + 1, false, "", []string{"image/webp", "100 KB (102400 bytes)", "static WebP stickers"}},
		{onPrem, "image/webp", 100*KB + 1, false, "document", nil},
		{cloud, "image/webp", 500 * KB, true, "sticker", nil},
		{cloud, "image/webp", 500*KB + 1, true, "", []string{"500 KB (512000 bytes)", "animated WebP stickers"}},
		{onPrem, "image/webp", 10 * KB, true, "document", nil},
		{cloud, "audio/mpeg", 16 * MB, false, "audio", nil},
		{cloud, "audio/ogg", 16*MB + 1, false, "", []string{"audio/ogg", "16 MB (16777216 bytes)"}},
		{onPrem, "audio/ogg", 16*MB + 1, false, "document", nil},
		{cloud, "audio/aac", 1, false, "audio", nil},
		{cloud, "audio/amr", 1, false, "audio", nil},
		{cloud, "audio/mp4", 1, false, "audio", nil},
		{cloud, "video/mp4", 16 * MB, false, "video", nil},
		{cloud, "video/3gpp", 1 * MB, false, "video", nil},
		{cloud, "video/mp4", 16*MB + 1, false, "", []string{"video/mp4", "videos"}},
		{onPrem, "video/mp4", 17 * MB, false, "document", nil},
		{cloud, "application/pdf", 100 * MB, false, "document", nil},
		{cloud, "text/plain; charset=utf-8", 10, false, "document", nil},
		{cloud, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", 10, false, "document", nil},
		{cloud, "application/vnd.ms-excel", 10, false, "document", nil},
		{cloud, "application/vnd.ms-powerpoint", 10, false, "document", nil},
		{cloud, "application/zip", 10, false, "", []string{"f.bin", `"application/zip"`, "does not accept"}},
		{onPrem, "application/zip", 10, false, "document", nil},
		{onPrem, "application/pdf", 100*MB + 1, false, "", []string{"f.bin", "100 MB (104857600 bytes)", "104857601 bytes"}},
		{cloud, "application/pdf", 100*MB + 1, false, "", []string{"100 MB (104857600 bytes)"}},
		{cloud, "image/png", 0, false, "", []string{"f.bin is empty"}},
	}
	for _, tc := range tests {
		c, err := mediafile.Classify(tc.api, "f.bin", tc.ct, tc.size, tc.animated)
		got := c.Type
		if tc.want != "" {
			if err != nil || got != tc.want {
				t.Errorf("Classify(%s, %s, %d, animated=%v) = %q, %v; want %q", tc.api, tc.ct, tc.size, tc.animated, got, err, tc.want)
			}
			continue
		}
		if err == nil {
			t.Errorf("Classify(%s, %s, %d, animated=%v) = %q; want an error", tc.api, tc.ct, tc.size, tc.animated, got)
			continue
		}
		for _, w := range tc.errHas {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("Classify(%s, %s, %d) error %q does not mention %q", tc.api, tc.ct, tc.size, err, w)
			}
		}
	}
}

func TestRefusedErrorByType(t *testing.T) {
	t.Parallel()
	_, err := mediafile.Classify(whatsapp.Cloud, "a.zip", "application/zip", 10, false)
	var re *mediafile.RefusedError
	if !errors.As(err, &re) || !re.ByType {
		t.Fatalf("err = %v; want a *RefusedError by type", err)
	}
	_, err = mediafile.Classify(whatsapp.Cloud, "a.png", "image/png", 6*whatsapp.MB, false)
	if !errors.As(err, &re) || re.ByType || re.Limit != 5*whatsapp.MB {
		t.Fatalf("err = %v; want a *RefusedError by size with limit 5 MB", err)
	}
}

func TestFormatSize(t *testing.T) {
	t.Parallel()
	for n, want := range map[int64]string{
		12:                "12 bytes",
		2048:              "2 KB (2048 bytes)",
		1536:              "1.5 KB (1536 bytes)",
		5 * whatsapp.MB:   "5 MB (5242880 bytes)",
		5*whatsapp.MB + 1: "5.0 MB (5242881 bytes)",
		100 * whatsapp.MB: "100 MB (104857600 bytes)",
	} {
		if got := mediafile.FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestDocumentFallback: On-Premises takes an image, video or audio file that is
// too large for its kind, and an animated sticker, only as a document; the
// classification says why and names the limit. Files that fit, and Cloud
// (which refuses them), get no fallback.
func TestDocumentFallback(t *testing.T) {
	over := mediafile.FallbackOverLimit
	for _, tc := range []struct {
		api      whatsapp.Flavor
		ct       string
		size     int64
		animated bool
		want     *mediafile.DocumentFallback // nil: no fallback
	}{
		{whatsapp.OnPremises, "image/png", 20 * whatsapp.MB, false,
			&mediafile.DocumentFallback{Reason: over, ContentType: "image/png", Size: 20 * whatsapp.MB, Limit: 5 * whatsapp.MB, Kind: "images"}},
		{whatsapp.OnPremises, "video/mp4", 17 * whatsapp.MB, false,
			&mediafile.DocumentFallback{Reason: over, ContentType: "video/mp4", Size: 17 * whatsapp.MB, Limit: 16 * whatsapp.MB, Kind: "videos"}},
		{whatsapp.OnPremises, "image/webp", 200 * whatsapp.KB, true,
			&mediafile.DocumentFallback{Reason: mediafile.FallbackAnimatedSticker, ContentType: "image/webp", Size: 200 * whatsapp.KB}},
		{whatsapp.OnPremises, "image/png", 1 * whatsapp.MB, false, nil},
		{whatsapp.OnPremises, "application/zip", 20 * whatsapp.MB, false, nil},
		{whatsapp.Cloud, "image/png", 20 * whatsapp.MB, false, nil},
	} {
		c, _ := mediafile.Classify(tc.api, "f.bin", tc.ct, tc.size, tc.animated)
		if tc.want == nil && c.Fallback != nil || tc.want != nil && (c.Fallback == nil || *c.Fallback != *tc.want) {
			t.Errorf("Classify(%s, %s, %d, animated=%v).Fallback = %+v, want %+v", tc.api, tc.ct, tc.size, tc.animated, c.Fallback, tc.want)
		}
		if tc.want != nil && c.Type != whatsapp.TypeDocument {
			t.Errorf("Classify(%s, %s, %d) = %q with a fallback, want document", tc.api, tc.ct, tc.size, c.Type)
		}
	}
}
