//go:build unix

package mediafile_test

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile"
)

// A named pipe is refused from its mode: opening it would block the plan until
// something wrote to it.
func TestInspectFileNamedPipe(t *testing.T) {
	t.Parallel()
	fifo := filepath.Join(t.TempDir(), "pipe.pdf")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := mediafile.InspectFile(fifo)
	if err == nil || !strings.Contains(err.Error(), "pipe.pdf is not a regular file") {
		t.Fatalf("InspectFile(named pipe) = %v; want a not-a-regular-file error", err)
	}
}
