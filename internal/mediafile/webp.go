package mediafile

import "bytes"

// IsAnimatedWebP reports whether head starts an extended WebP ("VP8X" first
// chunk) with the animation flag set. Only the first 21 bytes matter: RIFF
// header (12), chunk tag and size (8), then the flags byte, where bit 1 is
// "Animation" (https://developers.google.com/speed/webp/docs/riff_container).
func IsAnimatedWebP(head []byte) bool {
	if len(head) < 21 {
		return false
	}
	if !bytes.Equal(head[0:4], []byte("RIFF")) || !bytes.Equal(head[8:12], []byte("WEBP")) {
		return false
	}
	if !bytes.Equal(head[12:16], []byte("VP8X")) {
		return false // simple lossy (VP8) or lossless (VP8L) files cannot animate
	}
	return head[20]&0x02 != 0
}
