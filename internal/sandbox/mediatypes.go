package sandbox

import (
	"fmt"
	"mime"
	"strings"
)

const mib = 1 << 20

// onPremMaxUpload is the On-Premises upload limit (100 MB; older versions had 64 MB).
const onPremMaxUpload = 100 * mib

// cloudMediaLimits is Cloud's accepted MIME list with each type's size limit
// (internal/whatsapp/API.md, "Media types and sizes"). Limits use MiB, the lenient
// reading of "MB". image/webp gets the animated sticker limit, because the
// sandbox does not decode WebP to tell static from animated.
var cloudMediaLimits = map[string]int64{
	"audio/aac":  16 * mib,
	"audio/amr":  16 * mib,
	"audio/mpeg": 16 * mib,
	"audio/mp4":  16 * mib,
	"audio/ogg":  16 * mib,

	"text/plain":                    100 * mib,
	"application/pdf":               100 * mib,
	"application/msword":            100 * mib,
	"application/vnd.ms-excel":      100 * mib,
	"application/vnd.ms-powerpoint": 100 * mib,
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document":   100 * mib,
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         100 * mib,
	"application/vnd.openxmlformats-officedocument.presentationml.presentation": 100 * mib,

	"image/jpeg": 5 * mib,
	"image/png":  5 * mib,
	"image/webp": 500 * 1024,

	"video/mp4":  16 * mib,
	"video/3gpp": 16 * mib,
}

// cloudTypeList is the order Cloud's "Param file must be a file with one of
// the following types" message lists the types in.
var cloudTypeList = []string{
	"audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg",
	"text/plain", "application/pdf", "application/msword", "application/vnd.ms-excel",
	"application/vnd.ms-powerpoint",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"application/vnd.openxmlformats-officedocument.presentationml.presentation",
	"image/jpeg", "image/png", "image/webp", "video/mp4", "video/3gpp",
}

// baseMediaType returns the lower-case "type/subtype" of a Content-Type value
// ("audio/ogg; codecs=opus" -> "audio/ogg"), or "" if it is not a valid MIME type.
func baseMediaType(v string) string {
	mt, _, err := mime.ParseMediaType(v)
	if err != nil {
		return ""
	}
	slash := strings.IndexByte(mt, '/')
	if slash <= 0 || slash == len(mt)-1 || strings.Contains(mt[slash+1:], "/") {
		return ""
	}
	return mt
}

// formatLimit names a byte limit the way a user reads it, e.g. "5 MB (5242880 bytes)".
func formatLimit(n int64) string {
	if n%mib == 0 {
		return fmt.Sprintf("%d MB (%d bytes)", n/mib, n)
	}
	return fmt.Sprintf("%d KB (%d bytes)", n/1024, n)
}
