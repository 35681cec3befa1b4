package provider

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// Of many concurrent callers in one run, exactly one is first; another run
// (a new client) and another key each have their own first.
func TestFirstThisRun(t *testing.T) {
	run1, run2 := &whatsapp.Client{}, &whatsapp.Client{}
	var firsts atomic.Int32
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if firstThisRun(run1, "warning") {
				firsts.Add(1)
			}
		}()
	}
	wg.Wait()
	if n := firsts.Load(); n != 1 {
		t.Fatalf("%d of 50 callers were first, want 1", n)
	}
	if !firstThisRun(run2, "warning") {
		t.Error("a new run did not get its own first")
	}
	if !firstThisRun(run1, "another warning") {
		t.Error("another key did not get its own first")
	}
}
