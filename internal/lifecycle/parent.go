package lifecycle

import (
	"os"
	"time"
)

// Terraform starts its provider plugins as child processes. When Terraform
// dies without stopping them (SIGKILL, an OOM kill), the plugin is handed to
// another parent (init, or a subreaper such as a container's init or a CI
// agent): its parent process ID changes. go-plugin's server does not notice
// (it serves until the client calls its shutdown), and terraform-plugin-go
// only cancels the calls of the closed connection, so the plugin would wait
// forever for the next call.

// Orphaned reports, once it can tell, that the process that started this one
// is gone. It polls the parent process ID every interval; the channel is
// closed the first time it differs from parent. On Windows the parent ID
// never changes, and the channel never closes.
func Orphaned(parent int, interval time.Duration) <-chan struct{} {
	return orphaned(parent, interval, os.Getppid)
}

func orphaned(parent int, interval time.Duration, getppid func() int) <-chan struct{} {
	gone := make(chan struct{})
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for range t.C {
			if getppid() != parent {
				close(gone)
				return
			}
		}
	}()
	return gone
}

// EndWhenOrphaned runs for the life of the plugin: once the parent is gone
// it stops s (nothing new is sent; requests already written get their
// answer, which the provider records), waits up to limit for its calls to
// return, and calls exit. It returns only after calling exit.
func EndWhenOrphaned(s *Server, gone <-chan struct{}, limit time.Duration, exit func()) {
	<-gone
	s.Stop()
	s.Wait(limit)
	exit()
}
