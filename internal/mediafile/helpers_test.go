package mediafile_test

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile/mediafiletest"
)

func benchData() []byte {
	data := make([]byte, benchSize)
	copy(data, mediafiletest.PDF(1))
	return data
}

func hexSHA(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
