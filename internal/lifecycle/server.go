// Package lifecycle is what the provider's plugin process does when the
// Terraform that started it is gone (SIGKILL, an OOM kill, a CI runner
// cancelling the job): without it the plugin lives on, orphaned, and nothing
// says what became of the sends it had started.
//
// Server wraps the provider's protocol server: it counts the calls that may
// send (ApplyResourceChange and InvokeAction) and can stop them all. Once
// stopped, every running call's context is cancelled, which the client
// (internal/whatsapp) reads as "start nothing new, but let a request already
// written get its answer, within request_timeout"; the provider then writes
// that answer to the record of sends before the call returns. A call that
// arrives after the stop is refused. WatchParent notices the parent process
// is gone and, once the calls have returned, ends the process.
//
// It knows nothing of WhatsApp; it knows Terraform's plugin protocol only.
package lifecycle

import (
	"context"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// ProviderServer is the protocol server the framework builds for this
// provider: the base protocol, list resources and actions. Wrapping only the
// base interface would hide the other two from Terraform.
type ProviderServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
}

// Server is a ProviderServer whose sending calls are counted and can be
// stopped.
type Server struct {
	ProviderServer

	refusal *tfprotov6.Diagnostic // the answer to a call after Stop

	mu      sync.Mutex
	running int
	idle    chan struct{} // closed while running == 0, replaced when a call starts
	stopped context.Context
	stop    context.CancelFunc
}

// NewServer wraps inner; refusal is what a call that arrives after Stop
// gets (nobody should read it, Terraform is gone, but a call needs an answer;
// its words are the provider's).
func NewServer(inner ProviderServer, refusal *tfprotov6.Diagnostic) *Server {
	idle := make(chan struct{})
	close(idle)
	stopped, stop := context.WithCancel(context.Background())
	return &Server{ProviderServer: inner, refusal: refusal, idle: idle, stopped: stopped, stop: stop}
}

// Stop cancels the context of every running sending call and refuses new
// ones. It returns at once; Idle tells when the calls have returned.
func (s *Server) Stop() { s.stop() }

// Idle is closed while no sending call is running. Take it again after it
// fires: a new call replaces it.
func (s *Server) Idle() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.idle
}

// Running is how many sending calls are running now.
func (s *Server) Running() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.running
}

// Wait waits until no sending call runs, or until limit has passed; it
// reports whether they had all returned.
func (s *Server) Wait(limit time.Duration) bool {
	deadline := time.Now().Add(limit)
	for {
		idle := s.Idle()
		if s.Running() == 0 {
			return true
		}
		left := time.Until(deadline)
		if left <= 0 {
			return false
		}
		timer := time.NewTimer(left)
		select {
		case <-idle:
			timer.Stop()
		case <-timer.C:
			return s.Running() == 0
		}
	}
}

// begin counts a sending call and gives it a context Stop cancels; it
// returns false once stopped, and the call must not run.
func (s *Server) begin(ctx context.Context) (context.Context, func(), bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped.Err() != nil {
		return ctx, func() {}, false
	}
	if s.running == 0 {
		s.idle = make(chan struct{})
	}
	s.running++
	ctx, cancel := context.WithCancel(ctx)
	unhook := context.AfterFunc(s.stopped, cancel)
	var once sync.Once
	return ctx, func() {
		once.Do(func() {
			unhook()
			cancel()
			s.mu.Lock()
			defer s.mu.Unlock()
			s.running--
			if s.running == 0 {
				close(s.idle)
			}
		})
	}, true
}

// ApplyResourceChange creates, updates and deletes: it sends messages.
func (s *Server) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	ctx, end, ok := s.begin(ctx)
	defer end()
	if !ok {
		return &tfprotov6.ApplyResourceChangeResponse{Diagnostics: []*tfprotov6.Diagnostic{s.refusal}}, nil
	}
	return s.ProviderServer.ApplyResourceChange(ctx, req)
}

// InvokeAction runs an action (the send action sends a message). The work
// runs while Terraform's server reads the returned events, so the call ends
// when they are read out.
func (s *Server) InvokeAction(ctx context.Context, req *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	ctx, end, ok := s.begin(ctx)
	if !ok {
		end()
		return &tfprotov6.InvokeActionServerStream{Events: func(push func(tfprotov6.InvokeActionEvent) bool) {
			push(tfprotov6.InvokeActionEvent{Type: tfprotov6.CompletedInvokeActionEventType{
				Diagnostics: []*tfprotov6.Diagnostic{s.refusal}}})
		}}, nil
	}
	stream, err := s.ProviderServer.InvokeAction(ctx, req)
	if err != nil || stream == nil || stream.Events == nil {
		end()
		return stream, err
	}
	events := stream.Events
	stream.Events = func(push func(tfprotov6.InvokeActionEvent) bool) {
		defer end()
		events(push)
	}
	return stream, nil
}
