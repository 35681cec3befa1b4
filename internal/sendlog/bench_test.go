package sendlog

import (
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
)

// BenchmarkSend is what the record adds to one message send: the intent and
// the answer, each flushed to disk, from parallel senders as Terraform's
// -parallelism makes them (go test -bench Send -cpu 1,10).
func BenchmarkSend(b *testing.B) {
	r, err := Open(filepath.Join(b.TempDir(), "sends.log"), 0)
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = r.Close() }()
	var n atomic.Int64
	b.SetParallelism(10)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			key := fmt.Sprint(n.Add(1))
			in, err := r.Intend("s", key, "4917012345", nil)
			if err == nil {
				err = in.Accepted("wamid." + key)
			}
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
}
