package mediafile

import (
	"errors"
	"io"
)

// errTruncatedBase64 replaces the io.ErrUnexpectedEOF that encoding/base64's
// streaming decoder returns for content whose length is not a multiple of
// four or that has stray "=" at its end ("QQ", "QQ==="). Left as it is,
// Inspect's io.ReadFull could not tell it from a short file and took such
// content as valid (found by FuzzBase64SizeMatchesContent).
var errTruncatedBase64 = errors.New("the content ends in the middle of a 4-character group (missing or extra '=' padding?)")

// strictBase64 is a base64 decoder whose truncation error is not an EOF.
type strictBase64 struct{ r io.Reader }

func (s strictBase64) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if errors.Is(err, io.ErrUnexpectedEOF) {
		err = errTruncatedBase64
	}
	return n, err
}

// trailingPadding counts the "=" at the end of content, skipping the line
// breaks the decoder skips wherever they are ("QQ=\n=" has two).
func trailingPadding(content string) int64 {
	var pad int64
	for i := len(content) - 1; i >= 0; i-- {
		switch content[i] {
		case '\r', '\n':
		case '=':
			pad++
		default:
			return pad
		}
	}
	return pad
}
