package mediafile_test

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile"
)

// benchSize is the file each op hashes at plan time: large enough that holding
// it in memory would show as about one byte allocated per byte hashed.
const benchSize = 8 << 20

// BenchmarkInspectFile is the plan-time pass over a source file: hash, size and
// sniffed type in one stream. A few KiB per op, whatever the size: streamed.
func BenchmarkInspectFile(b *testing.B) {
	path := filepath.Join(b.TempDir(), "bench.pdf")
	if err := os.WriteFile(path, benchData(), 0o600); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(benchSize)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := mediafile.InspectFile(path); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInspectBase64 is the same pass over content_base64, decoded as it
// streams (the encoded string itself is part of the configuration).
func BenchmarkInspectBase64(b *testing.B) {
	content := base64.StdEncoding.EncodeToString(benchData())
	b.ReportAllocs()
	b.SetBytes(benchSize)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := mediafile.InspectBase64(content, "bench.pdf"); err != nil {
			b.Fatal(err)
		}
	}
}
