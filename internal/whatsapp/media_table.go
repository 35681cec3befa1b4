package whatsapp

import (
	"slices"
	"sort"
	"strings"
)

// The "Media types and sizes" table (API.md): which content types each media
// message type takes, and up to which size. mediafile classifies files with
// it; the provider reads its limits.

// Sizes are binary (1 KB = 1024 bytes), as WhatsApp's documentation lists them.
const (
	KB = 1024
	MB = 1024 * KB

	// MaxUploadSize is the largest file either API accepts, whatever its type.
	MaxUploadSize = 100 * MB
)

// MediaKind is one row of the table.
type MediaKind struct {
	Type         string   // the message type a file of this row is sent as
	ContentTypes []string // the content types of the row
	MaxSize      int64    // in bytes
	Plural       string   // how an error names the row, e.g. "images"
}

// Accepts reports whether contentType (without parameters) belongs to the row.
func (k MediaKind) Accepts(contentType string) bool {
	return slices.Contains(k.ContentTypes, contentType)
}

// The rows. Stickers are WebP; the animated row applies on Cloud only,
// because On-Premises has no animated stickers. On-Premises takes any other
// file up to MaxUploadSize as a document; Cloud takes only CloudDocumentMedia.
var (
	ImageMedia           = MediaKind{TypeImage, []string{"image/jpeg", "image/png"}, 5 * MB, "images"}
	AudioMedia           = MediaKind{TypeAudio, []string{"audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg"}, 16 * MB, "audio"}
	VideoMedia           = MediaKind{TypeVideo, []string{"video/mp4", "video/3gpp"}, 16 * MB, "videos"}
	StaticStickerMedia   = MediaKind{TypeSticker, []string{"image/webp"}, 100 * KB, "static WebP stickers"}
	AnimatedStickerMedia = MediaKind{TypeSticker, []string{"image/webp"}, 500 * KB, "animated WebP stickers"}
	// The Cloud API's documents: plain text, PDF and the Office formats.
	CloudDocumentMedia = MediaKind{TypeDocument, []string{
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

// CloudContentTypes lists every Content-Type the Cloud API accepts for upload, sorted.
func CloudContentTypes() []string {
	seen := map[string]bool{}
	var out []string
	for _, k := range []MediaKind{ImageMedia, AudioMedia, VideoMedia, StaticStickerMedia, CloudDocumentMedia} {
		for _, t := range k.ContentTypes {
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	sort.Strings(out)
	return out
}

// StoredStickerIsAnimated tells, from its type and size alone, whether a
// stored WebP is an animated sticker: the API keeps only stickers it accepted,
// so a WebP over the static limit must be animated.
func StoredStickerIsAnimated(contentType string, size int64) bool {
	return StaticStickerMedia.Accepts(contentType) && size > StaticStickerMedia.MaxSize
}

// misspelledContentTypes maps content types people write, which are no
// registered MIME type, to the one they mean. Only names whose meaning is
// certain are listed: the file extension written as a subtype (jpg, mp3,
// mov) and old aliases of one format. The API refuses the left side
// (Cloud), or takes the file as a plain document (On-Premises).
var misspelledContentTypes = map[string]string{
	"image/jpg":         "image/jpeg",
	"image/pjpeg":       "image/jpeg",
	"audio/mp3":         "audio/mpeg",
	"audio/mpeg3":       "audio/mpeg",
	"audio/x-mp3":       "audio/mpeg",
	"audio/x-mpeg":      "audio/mpeg",
	"audio/m4a":         "audio/mp4",
	"audio/x-m4a":       "audio/mp4",
	"audio/x-aac":       "audio/aac",
	"video/mov":         "video/quicktime",
	"video/3gp":         "video/3gpp",
	"application/x-pdf": "application/pdf",
	"text/txt":          "text/plain",
}

// CorrectContentType returns the registered MIME type meant by a common
// misspelling of one (e.g. "image/jpeg" for "image/jpg"), or "" when
// contentType (without parameters, any case) is not a known misspelling.
func CorrectContentType(contentType string) string {
	return misspelledContentTypes[strings.ToLower(strings.TrimSpace(contentType))]
}
