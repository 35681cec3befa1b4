package whatsapp_test

import (
	"context"
	"io"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// patternReader yields size bytes of a PDF-looking stream without holding
// them, so the benchmark measures the client, not the test's buffers.
type patternReader struct{ left, off int64 }

func (p *patternReader) Read(b []byte) (int, error) {
	if p.left <= 0 {
		return 0, io.EOF
	}
	if int64(len(b)) > p.left {
		b = b[:p.left]
	}
	const sig = "%PDF-1.4\n"
	for i := range b {
		if p.off < int64(len(sig)) {
			b[i] = sig[p.off]
		} else {
			b[i] = byte(p.off)
		}
		p.off++
	}
	p.left -= int64(len(b))
	return len(b), nil
}

// BenchmarkUploadMedia uploads an 8 MiB document per op to a sandbox that discards the bytes. The allocations per op stay a few KiB:
// far below one byte allocated per byte uploaded, so files are streamed.
func BenchmarkUploadMedia(b *testing.B) {
	const size = 8 << 20
	for _, fl := range flavors {
		b.Run(string(fl), func(b *testing.B) {
			sb := startSandbox(b, sandbox.Options{DiscardMediaBytes: true})
			c := sandboxClient(b, sb, fl, nil)
			ctx := context.Background()
			b.ReportAllocs()
			b.SetBytes(size)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				_, err := c.UploadMedia(ctx, whatsapp.Upload{Body: &patternReader{left: size}, Size: size, ContentType: "application/pdf", Filename: "bench.pdf"})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
