package receiver

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

var errTooLarge = errors.New("body too large")

// readAllLimited reads r into buf; more than limit bytes is errTooLarge.
func readAllLimited(r io.Reader, buf []byte, limit int64) ([]byte, error) {
	b := bytes.NewBuffer(buf)
	n, err := b.ReadFrom(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if n > limit {
		return nil, errTooLarge
	}
	return b.Bytes(), nil
}

// isJSONObject: valid JSON whose top level is an object, as both payloads are.
func isJSONObject(body []byte) bool {
	body = bytes.TrimLeft(body, " \t\r\n")
	return len(body) > 0 && body[0] == '{' && json.Valid(body)
}
