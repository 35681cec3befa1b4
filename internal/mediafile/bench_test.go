package mediafile_test

import (
	"crypto/rand"
	"os"
	"path/filepath"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile"
)

// BenchmarkInspectFile measures the plan-time pass over a source file (hash,
// size, sniffed type). `make bench` turns B/op into bytes allocated per byte
// read: it must stay far below 1, since plans hash files up to 100 MB.
func BenchmarkInspectFile(b *testing.B) {
	const size = 16 << 20
	path := filepath.Join(b.TempDir(), "video.mp4")
	data := make([]byte, size)
	if _, err := rand.Read(data); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		info, err := mediafile.InspectFile(path)
		if err != nil || info.Size != size {
			b.Fatalf("InspectFile = %+v, %v", info, err)
		}
	}
}
