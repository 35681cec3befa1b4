package mediafile

import (
	"fmt"
	"sort"
	"strings"
)

// API is the WhatsApp API flavor an upload goes to; the two accept different
// files (On-Premises takes any type as a document, Cloud only a fixed list).
type API string

const (
	Cloud      API = "cloud"
	OnPremises API = "on_premises"
)

// Message types a media file can be sent as.
const (
	Image    = "image"
	Sticker  = "sticker"
	Audio    = "audio"
	Video    = "video"
	Document = "document"
)

// Sizes are binary (1 KB = 1024 bytes), as WhatsApp's documentation lists them.
const (
	KB = 1024
	MB = 1024 * KB

	// MaxUploadSize is the largest file either API accepts, whatever its type.
	MaxUploadSize = 100 * MB
)

// kind is one row of the "Media types and sizes" table.
type kind struct {
	messageType string
	types       []string
	maxSize     int64
	what        string // how an error names the row
}

var (
	imageKind = kind{Image, []string{"image/jpeg", "image/png"}, 5 * MB, "images"}
	audioKind = kind{Audio, []string{"audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg"}, 16 * MB, "audio"}
	videoKind = kind{Video, []string{"video/mp4", "video/3gpp"}, 16 * MB, "videos"}
	// Stickers are WebP; the animated limit applies on Cloud only, because
	// On-Premises has no animated stickers.
	staticStickerKind   = kind{Sticker, []string{"image/webp"}, 100 * KB, "static WebP stickers"}
	animatedStickerKind = kind{Sticker, []string{"image/webp"}, 500 * KB, "animated WebP stickers"}
	// The Cloud API's documents: plain text, PDF and the Office formats.
	cloudDocumentKind = kind{Document, []string{
		"text/plain",
		"application/pdf",
		"application/msword",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"application/vnd.ms-excel",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"application/vnd.ms-powerpoint",
		"application/vnd.openxmlformats-officedocument.presentationml.presentation",
	}, MaxUploadSize, "documents"}
)

func (k kind) accepts(contentType string) bool {
	for _, t := range k.types {
		if t == contentType {
			return true
		}
	}
	return false
}

// CloudTypes lists every Content-Type the Cloud API accepts for upload, sorted.
func CloudTypes() []string {
	seen := map[string]bool{}
	var out []string
	for _, k := range []kind{imageKind, audioKind, videoKind, staticStickerKind, cloudDocumentKind} {
		for _, t := range k.types {
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	sort.Strings(out)
	return out
}

// RefusedError says why an API would refuse a file. It names the file, its
// type, the limit and the actual size (or the accepted types).
type RefusedError struct {
	Name        string
	API         API
	ContentType string
	Size        int64
	Limit       int64 // 0 when the type, not the size, is the problem
	Kind        string
	// ByType is true when no size would help: the content type is refused.
	ByType bool
}

func (e *RefusedError) Error() string {
	switch {
	case e.Limit == MaxUploadSize && e.Kind == "":
		return fmt.Sprintf("%s is %s, over the %s limit of WhatsApp uploads: make it smaller.",
			e.Name, FormatSize(e.Size), FormatSize(MaxUploadSize))
	case e.ByType:
		return fmt.Sprintf("%s has content type %q, which the Cloud API does not accept. Accepted types: %s. "+
			"Convert the file to one of them (or, if the detection is wrong, set content_type).",
			e.Name, e.ContentType, strings.Join(CloudTypes(), ", "))
	default:
		return fmt.Sprintf("%s (%s) is %s, but the %s API accepts %s only up to %s: make it smaller.",
			e.Name, e.ContentType, FormatSize(e.Size), apiName(e.API), e.Kind, FormatSize(e.Limit))
	}
}

func apiName(api API) string {
	if api == OnPremises {
		return "On-Premises"
	}
	return "Cloud"
}

func tooLarge(name string, size int64) *RefusedError {
	return &RefusedError{Name: name, Size: size, Limit: MaxUploadSize}
}

// Classify returns the message type (image, sticker, audio, video, document)
// a file can be sent as on api, following the "Media types and sizes" table:
// the first row whose type and size fit wins. On-Premises takes anything else
// up to 100 MB as a document; on Cloud a file that fits no row is refused.
// name only appears in errors; contentType may carry parameters.
func Classify(api API, name, contentType string, size int64, animatedWebP bool) (string, error) {
	ct := BaseType(contentType)
	if size > MaxUploadSize {
		return "", tooLarge(name, size)
	}
	if size == 0 {
		return "", fmt.Errorf("%s is empty: WhatsApp does not accept empty media", name)
	}

	var overLimit *RefusedError
	try := func(k kind) (string, bool) {
		if !k.accepts(ct) {
			return "", false
		}
		if size <= k.maxSize {
			return k.messageType, true
		}
		overLimit = &RefusedError{Name: name, API: api, ContentType: ct, Size: size, Limit: k.maxSize, Kind: k.what}
		return "", false
	}

	stickerKind := staticStickerKind
	if animatedWebP {
		stickerKind = animatedStickerKind
	}
	if api == OnPremises && animatedWebP {
		// No animated stickers on On-Premises: such a WebP can only be a document.
		stickerKind = kind{}
	}
	for _, k := range []kind{imageKind, stickerKind, audioKind, videoKind} {
		if t, ok := try(k); ok {
			return t, nil
		}
	}
	if api == OnPremises {
		return Document, nil
	}
	if t, ok := try(cloudDocumentKind); ok {
		return t, nil
	}
	if overLimit != nil {
		return "", overLimit
	}
	return "", &RefusedError{Name: name, API: api, ContentType: ct, Size: size, ByType: true}
}

// FormatSize renders a byte count for people: "8.0 MB (8388608 bytes)".
func FormatSize(n int64) string {
	switch {
	case n >= MB && n%MB == 0:
		return fmt.Sprintf("%d MB (%d bytes)", n/MB, n)
	case n >= KB && n < MB && n%KB == 0:
		return fmt.Sprintf("%d KB (%d bytes)", n/KB, n)
	case n >= MB:
		return fmt.Sprintf("%.1f MB (%d bytes)", float64(n)/MB, n)
	case n >= KB:
		return fmt.Sprintf("%.1f KB (%d bytes)", float64(n)/KB, n)
	}
	return fmt.Sprintf("%d bytes", n)
}
