package mediafile

import (
	"fmt"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// RefusedError says why an API would refuse a file. It names the file, its
// type, the limit and the actual size (or that the type is refused); the
// provider words what to do about it.
type RefusedError struct {
	Name        string
	Flavor      whatsapp.Flavor
	ContentType string
	Size        int64
	Limit       int64 // 0 when the type, not the size, is the problem
	Kind        string
	// ByType is true when no size would help: the content type is refused.
	ByType bool
}

func (e *RefusedError) Error() string {
	switch {
	case e.UploadLimit():
		return fmt.Sprintf("%s is %s, over the %s limit of WhatsApp uploads", e.Name, FormatSize(e.Size), FormatSize(e.Limit))
	case e.ByType:
		return fmt.Sprintf("%s has content type %q, which the Cloud API does not accept", e.Name, e.ContentType)
	default:
		return fmt.Sprintf("%s (%s) is %s, over the %s API's limit for %s of %s",
			e.Name, e.ContentType, FormatSize(e.Size), e.Flavor.Name(), e.Kind, FormatSize(e.Limit))
	}
}

// UploadLimit reports whether the file is over the limit of every upload,
// whatever its type.
func (e *RefusedError) UploadLimit() bool { return e.Limit == whatsapp.MaxUploadSize && e.Kind == "" }

// EmptyError is a file without bytes, which WhatsApp does not accept.
type EmptyError struct{ Name string }

func (e *EmptyError) Error() string { return e.Name + " is empty" }

// Classification is what Classify found: the message type a file can be sent
// as and, when On-Premises takes it only as a document although its type is
// an image, video, audio or sticker one, why.
type Classification struct {
	Type     string
	Fallback *DocumentFallback // nil when the file is sent as what its type says
}

// FallbackReason is why On-Premises takes a file only as a document.
type FallbackReason int

const (
	// FallbackOverLimit: the file is too large for its kind (Kind, Limit).
	FallbackOverLimit FallbackReason = iota + 1
	// FallbackAnimatedSticker: an animated WebP; On-Premises has no animated stickers.
	FallbackAnimatedSticker
)

// DocumentFallback is a file On-Premises takes only as a document.
type DocumentFallback struct {
	Reason      FallbackReason
	ContentType string
	Size        int64
	Limit       int64  // with FallbackOverLimit: the kind's size limit
	Kind        string // with FallbackOverLimit: the kind, plural ("images")
}

func tooLarge(name string, size int64) *RefusedError {
	return &RefusedError{Name: name, Size: size, Limit: whatsapp.MaxUploadSize}
}

// Classify returns the message type (image, sticker, audio, video, document)
// a file can be sent as on flavor, following the "Media types and sizes" table:
// the first row whose type and size fit wins. On-Premises takes anything else
// up to 100 MB as a document (Classification.Fallback says when that
// surprises); on Cloud a file that fits no row is refused.
// name only appears in errors; contentType may carry parameters.
func Classify(flavor whatsapp.Flavor, name, contentType string, size int64, animatedWebP bool) (Classification, error) {
	if size > whatsapp.MaxUploadSize {
		return Classification{}, tooLarge(name, size)
	}
	if size == 0 {
		return Classification{}, &EmptyError{Name: name}
	}
	ct := BaseType(contentType)
	kind, overLimit := firstFit(flavor, name, ct, size, animatedWebP)
	switch {
	case kind != "":
		return Classification{Type: kind}, nil
	case flavor == whatsapp.OnPremises:
		c := Classification{Type: whatsapp.TypeDocument}
		switch {
		case overLimit != nil:
			c.Fallback = &DocumentFallback{Reason: FallbackOverLimit, ContentType: ct, Size: size,
				Limit: overLimit.Limit, Kind: overLimit.Kind}
		case animatedWebP && whatsapp.StaticStickerMedia.Accepts(ct):
			c.Fallback = &DocumentFallback{Reason: FallbackAnimatedSticker, ContentType: ct, Size: size}
		}
		return c, nil
	case overLimit != nil:
		return Classification{}, overLimit
	}
	return Classification{}, &RefusedError{Name: name, Flavor: flavor, ContentType: ct, Size: size, ByType: true}
}

// firstFit returns the first row of the table (before documents) that takes a
// file of content type ct and size on flavor; when none does, the refusal of
// a row that took its type but not its size, if any.
func firstFit(flavor whatsapp.Flavor, name, ct string, size int64, animatedWebP bool) (string, *RefusedError) {
	var overLimit *RefusedError
	stickerKind := whatsapp.StaticStickerMedia
	if animatedWebP {
		stickerKind = whatsapp.AnimatedStickerMedia
	}
	if flavor == whatsapp.OnPremises && animatedWebP {
		// No animated stickers on On-Premises: such a WebP can only be a document.
		stickerKind = whatsapp.MediaKind{}
	}
	kinds := []whatsapp.MediaKind{whatsapp.ImageMedia, stickerKind, whatsapp.AudioMedia, whatsapp.VideoMedia}
	if flavor == whatsapp.Cloud {
		kinds = append(kinds, whatsapp.CloudDocumentMedia)
	}
	for _, k := range kinds {
		if !k.Accepts(ct) {
			continue
		}
		if size <= k.MaxSize {
			return k.Type, nil
		}
		if overLimit == nil || k.Type == whatsapp.TypeDocument {
			overLimit = &RefusedError{Name: name, Flavor: flavor, ContentType: ct, Size: size, Limit: k.MaxSize, Kind: k.Plural}
		}
	}
	return "", overLimit
}

// FormatSize renders a byte count for people: "8.0 MB (8388608 bytes)".
func FormatSize(n int64) string {
	const kb, mb = whatsapp.KB, whatsapp.MB
	switch {
	case n >= mb && n%mb == 0:
		return fmt.Sprintf("%d MB (%d bytes)", n/mb, n)
	case n >= kb && n < mb && n%kb == 0:
		return fmt.Sprintf("%d KB (%d bytes)", n/kb, n)
	case n >= mb:
		return fmt.Sprintf("%.1f MB (%d bytes)", float64(n)/mb, n)
	case n >= kb:
		return fmt.Sprintf("%.1f KB (%d bytes)", float64(n)/kb, n)
	}
	return fmt.Sprintf("%d bytes", n)
}
