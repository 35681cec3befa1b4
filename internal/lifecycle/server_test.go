package lifecycle

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

var stopping = &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityError, Summary: "stopping"}

// fakeServer's ApplyResourceChange blocks until its context ends or release
// is closed, and says which came first.
type fakeServer struct {
	ProviderServer
	started  chan struct{}
	release  chan struct{}
	calls    atomic.Int32
	canceled atomic.Int32
}

func (f *fakeServer) ApplyResourceChange(ctx context.Context, _ *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	f.calls.Add(1)
	f.started <- struct{}{}
	select {
	case <-ctx.Done():
		f.canceled.Add(1)
		<-f.release // a send on the wire still finishes before the call returns
	case <-f.release:
	}
	return &tfprotov6.ApplyResourceChangeResponse{}, nil
}

func TestServerStopCancelsRunningCallsAndRefusesNewOnes(t *testing.T) {
	f := &fakeServer{started: make(chan struct{}, 2), release: make(chan struct{})}
	s := NewServer(f, stopping)
	if !s.Wait(0) {
		t.Fatal("a server with no call running is not idle")
	}
	done := make(chan struct{})
	go func() {
		_, _ = s.ApplyResourceChange(context.Background(), &tfprotov6.ApplyResourceChangeRequest{})
		close(done)
	}()
	<-f.started
	if s.Running() != 1 || s.Wait(50*time.Millisecond) {
		t.Fatalf("running %d, and Wait returned true while a call runs", s.Running())
	}
	s.Stop()
	deadline := time.Now().Add(5 * time.Second)
	for f.canceled.Load() != 1 {
		if time.Now().After(deadline) {
			t.Fatal("Stop did not cancel the running call's context")
		}
		time.Sleep(time.Millisecond)
	}
	// After Stop a new call runs nothing and says why.
	resp, err := s.ApplyResourceChange(context.Background(), &tfprotov6.ApplyResourceChangeRequest{})
	if err != nil || len(resp.Diagnostics) != 1 || resp.Diagnostics[0] != stopping || f.calls.Load() != 1 {
		t.Fatalf("a call after Stop: %+v, %v, %d calls reached the provider; want a refusal and 1 call", resp, err, f.calls.Load())
	}
	// The running call is waited for until it returns.
	if s.Wait(50 * time.Millisecond) {
		t.Fatal("Wait returned true before the stopped call returned")
	}
	close(f.release)
	if !s.Wait(5 * time.Second) {
		t.Fatal("Wait did not see the call return")
	}
	<-done
}

// InvokeAction's work runs while its events are read; the call ends then.
type fakeActions struct {
	ProviderServer
	read chan struct{}
}

func (f *fakeActions) InvokeAction(ctx context.Context, _ *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	return &tfprotov6.InvokeActionServerStream{Events: func(push func(tfprotov6.InvokeActionEvent) bool) {
		<-f.read
		push(tfprotov6.InvokeActionEvent{Type: tfprotov6.CompletedInvokeActionEventType{}})
	}}, nil
}

func TestServerCountsAnActionUntilItsEventsAreRead(t *testing.T) {
	f := &fakeActions{read: make(chan struct{})}
	s := NewServer(f, stopping)
	stream, err := s.InvokeAction(context.Background(), &tfprotov6.InvokeActionRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Running() != 1 {
		t.Fatalf("running %d after InvokeAction returned its stream, want 1 until the events are read", s.Running())
	}
	go close(f.read)
	n := 0
	for range stream.Events {
		n++
	}
	if n != 1 || !s.Wait(time.Second) {
		t.Fatalf("%d events; idle after reading them: %v", n, s.Running() == 0)
	}
}

func TestOrphanedWhenTheParentChanges(t *testing.T) {
	var ppid atomic.Int32
	ppid.Store(4242)
	gone := orphaned(4242, time.Millisecond, func() int { return int(ppid.Load()) })
	select {
	case <-gone:
		t.Fatal("orphaned while the parent is still there")
	case <-time.After(50 * time.Millisecond):
	}
	ppid.Store(1) // the parent died; init adopted the process
	select {
	case <-gone:
	case <-time.After(5 * time.Second):
		t.Fatal("not orphaned after the parent changed")
	}
}

func TestEndWhenOrphanedStopsWaitsThenExits(t *testing.T) {
	f := &fakeServer{started: make(chan struct{}, 1), release: make(chan struct{})}
	s := NewServer(f, stopping)
	go func() { _, _ = s.ApplyResourceChange(context.Background(), &tfprotov6.ApplyResourceChangeRequest{}) }()
	<-f.started
	gone := make(chan struct{})
	exited := make(chan time.Time, 1)
	go EndWhenOrphaned(s, gone, time.Minute, func() { exited <- time.Now() })
	close(gone)
	time.Sleep(50 * time.Millisecond)
	if len(exited) != 0 || f.canceled.Load() != 1 {
		t.Fatalf("exited %d time(s) and canceled %d call(s) before the running call returned; want 0 and 1", len(exited), f.canceled.Load())
	}
	returned := time.Now()
	close(f.release)
	select {
	case at := <-exited:
		if at.Before(returned) {
			t.Fatal("exited before the running call returned")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("did not exit after the running call returned")
	}
}
