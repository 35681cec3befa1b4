package mediafile

import (
	"fmt"
	"strings"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// RefusedError says why an API would refuse a file. It names the file, its
// type, the limit and the actual size (or the accepted types).
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
	case e.Limit == whatsapp.MaxUploadSize && e.Kind == "":
		return fmt.Sprintf("%s is %s, over the %s limit of WhatsApp uploads: make it smaller.",
			e.Name, FormatSize(e.Size), FormatSize(whatsapp.MaxUploadSize))
	case e.ByType:
		return fmt.Sprintf("%s has content type %q, which the Cloud API does not accept. Accepted types: %s. "+
			"Convert the file to one of them (or, if the detection is wrong, set content_type).",
			e.Name, e.ContentType, strings.Join(whatsapp.CloudContentTypes(), ", "))
	default:
		return fmt.Sprintf("%s (%s) is %s, but the %s API accepts %s only up to %s: make it smaller.",
			e.Name, e.ContentType, FormatSize(e.Size), e.Flavor.Name(), e.Kind, FormatSize(e.Limit))
	}
}

func tooLarge(name string, size int64) *RefusedError {
	return &RefusedError{Name: name, Size: size, Limit: whatsapp.MaxUploadSize}
}

// Classify returns the message type (image, sticker, audio, video, document)
// a file can be sent as on flavor, following the "Media types and sizes" table:
// the first row whose type and size fit wins. On-Premises takes anything else
// up to 100 MB as a document; on Cloud a file that fits no row is refused.
// name only appears in errors; contentType may carry parameters.
func Classify(flavor whatsapp.Flavor, name, contentType string, size int64, animatedWebP bool) (string, error) {
	ct := BaseType(contentType)
	if size > whatsapp.MaxUploadSize {
		return "", tooLarge(name, size)
	}
	if size == 0 {
		return "", fmt.Errorf("%s is empty: WhatsApp does not accept empty media", name)
	}

	var overLimit *RefusedError
	try := func(k whatsapp.MediaKind) (string, bool) {
		if !k.Accepts(ct) {
			return "", false
		}
		if size <= k.MaxSize {
			return k.Type, true
		}
		overLimit = &RefusedError{Name: name, Flavor: flavor, ContentType: ct, Size: size, Limit: k.MaxSize, Kind: k.Plural}
		return "", false
	}

	stickerKind := whatsapp.StaticStickerMedia
	if animatedWebP {
		stickerKind = whatsapp.AnimatedStickerMedia
	}
	if flavor == whatsapp.OnPremises && animatedWebP {
		// No animated stickers on On-Premises: such a WebP can only be a document.
		stickerKind = whatsapp.MediaKind{}
	}
	for _, k := range []whatsapp.MediaKind{whatsapp.ImageMedia, stickerKind, whatsapp.AudioMedia, whatsapp.VideoMedia} {
		if t, ok := try(k); ok {
			return t, nil
		}
	}
	if flavor == whatsapp.OnPremises {
		return whatsapp.TypeDocument, nil
	}
	if t, ok := try(whatsapp.CloudDocumentMedia); ok {
		return t, nil
	}
	if overLimit != nil {
		return "", overLimit
	}
	return "", &RefusedError{Name: name, Flavor: flavor, ContentType: ct, Size: size, ByType: true}
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
