package sandbox

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"
)

// IDs come from crypto/rand so that parallel tests never collide and nobody
// builds on a predictable sequence the real API does not have.

func randomBytes(n int) []byte {
	b := make([]byte, n)
	// crypto/rand.Read never returns an error on supported platforms (Go 1.24+).
	_, _ = rand.Read(b)
	return b
}

// newUUID returns a version 4 UUID, the shape of On-Premises media IDs.
func newUUID() string {
	b := randomBytes(16)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// newNumericID returns a 16-digit decimal string without a leading zero, the
// shape of Cloud media IDs.
func newNumericID() string {
	n, _ := rand.Int(rand.Reader, big.NewInt(9e15))
	return fmt.Sprint(n.Int64() + 1e15)
}

// newOnPremMessageID mimics the "gBEG..." IDs of the On-Premises API.
func newOnPremMessageID() string {
	return "gBEG" + strings.ToUpper(hex.EncodeToString(randomBytes(12)))
}

// newCloudMessageID mimics Cloud's base64 "wamid." IDs.
func newCloudMessageID() string {
	return "wamid." + base64.StdEncoding.EncodeToString(randomBytes(33))
}

func newToken() string { return base64.RawURLEncoding.EncodeToString(randomBytes(32)) }

func newTraceID() string { return base64.RawURLEncoding.EncodeToString(randomBytes(9)) }
