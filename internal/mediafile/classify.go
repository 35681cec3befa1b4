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
	// Configured is true when the content type was given (content_type),
	// not detected: the advice is then to correct it, not to set it.
	Configured bool
}

func (e *RefusedError) Error() string {
	switch {
	case e.Limit == whatsapp.MaxUploadSize && e.Kind == "":
		return fmt.Sprintf("%s is %s, over the %s limit of WhatsApp uploads: make it smaller.",
			e.Name, FormatSize(e.Size), FormatSize(whatsapp.MaxUploadSize))
	case e.ByType:
		advice := "Convert the file to one of them (or, if the detection is wrong, set content_type)."
		if e.Configured {
			advice = "Correct content_type, or leave it out to have it detected from the file."
		}
		return fmt.Sprintf("%s has content type %q, which the Cloud API does not accept. Accepted types: %s. %s",
			e.Name, e.ContentType, strings.Join(whatsapp.CloudContentTypes(), ", "), advice)
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
// up to 100 MB as a document (DocumentFallback says when that surprises);
// on Cloud a file that fits no row is refused.
// name only appears in errors; contentType may carry parameters.
func Classify(flavor whatsapp.Flavor, name, contentType string, size int64, animatedWebP bool) (string, error) {
	if size > whatsapp.MaxUploadSize {
		return "", tooLarge(name, size)
	}
	if size == 0 {
		return "", fmt.Errorf("%s is empty: WhatsApp does not accept empty media", name)
	}
	kind, overLimit := firstFit(flavor, name, BaseType(contentType), size, animatedWebP)
	switch {
	case kind != "":
		return kind, nil
	case flavor == whatsapp.OnPremises:
		return whatsapp.TypeDocument, nil
	case overLimit != nil:
		return "", overLimit
	}
	return "", &RefusedError{Name: name, Flavor: flavor, ContentType: BaseType(contentType), Size: size, ByType: true}
}

// DocumentFallback says why On-Premises will take a file only as a document
// although its type is an image, video, audio or sticker one (too large for
// that kind, or an animated sticker, which On-Premises does not have), or ""
// when there is nothing to say.
func DocumentFallback(flavor whatsapp.Flavor, name, contentType string, size int64, animatedWebP bool) string {
	if flavor != whatsapp.OnPremises || size <= 0 || size > whatsapp.MaxUploadSize {
		return ""
	}
	ct := BaseType(contentType)
	kind, overLimit := firstFit(flavor, name, ct, size, animatedWebP)
	switch {
	case kind != "":
		return ""
	case overLimit != nil:
		return fmt.Sprintf("%s (%s) is %s, over the %s the On-Premises API accepts for %s, so it can only be "+
			"sent as a document: media_type is \"document\", and recipients get a file to download instead of "+
			"seeing it in the chat. Make it smaller to send it as one of the %s.", name, ct, FormatSize(size),
			FormatSize(overLimit.Limit), overLimit.Kind, overLimit.Kind)
	case animatedWebP && whatsapp.StaticStickerMedia.Accepts(ct):
		return fmt.Sprintf("%s is an animated WebP, and the On-Premises API has no animated stickers, so it can "+
			"only be sent as a document: media_type is \"document\".", name)
	}
	return ""
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
