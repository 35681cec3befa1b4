package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// One message to many recipients. Each send is an ordinary SendMediaMessage:
// the same at-most-once retry policy and the client's shared pace (pace.go),
// so max_messages_per_second and the adaptive pace hold for a broadcast as for
// single messages. SendToEach only adds bounded concurrency and two ways to
// stop early, so that a broken token or a dead API costs a few requests, not
// one per recipient.

// BroadcastResult is what became of the send to one recipient.
type BroadcastResult struct {
	To   string       // the recipient as given to SendToEach
	Sent *SentMessage // the API's answer when it accepted the message
	// Err says why there is no Sent. IsOutcomeUnknown(Err) means the
	// message may have been taken; errors.Is(Err, ErrNotAttempted) means no
	// request was made for this recipient. Any other error is an answer or
	// a failure that proves the message was not taken.
	Err error
	At  time.Time // when the answer (or the failure) came
}

// ErrNotAttempted is wrapped by the error of a recipient SendToEach never sent
// to: the context ended, or an earlier failure would have hit every send.
var ErrNotAttempted = errors.New("not attempted")

// MaxFailuresInARow is how many sends in a row may fail (refused or
// unanswered) before SendToEach stops: one recipient's problem (not on
// WhatsApp, outside the 24-hour window) rarely repeats that often, a broken
// API or account does.
const MaxFailuresInARow = 25

// BroadcastHooks are SendToEach's calls out to its caller; any may be nil.
// They run on the goroutine that makes the send, concurrently with the calls
// for other recipients.
type BroadcastHooks struct {
	// Before runs just before each attempt of the send to a recipient is
	// written, after its wait for the pace (SendHooks.BeforeAttempt): a
	// caller records there what it is about to send. An error would hit
	// every send: the broadcast stops, and this send and every later one are
	// not attempted.
	Before func(to string) error
	// NotTaken runs after an attempt the API proved it did not take and
	// that will be tried again (SendHooks.NotTaken).
	NotTaken func(to string)
	// After runs with each recipient's result, the not attempted included.
	After func(BroadcastResult)
}

// SendToEach sends m to each recipient (m.To is ignored), at most
// concurrency at a time, with the hooks around each send. It returns one
// result per recipient, in the order given.
func (c *Client) SendToEach(ctx context.Context, m MediaMessage, recipients []string, concurrency int,
	hooks BroadcastHooks) []BroadcastResult {
	return c.SendEach(ctx, len(recipients), func(i int) MediaMessage {
		msg := m
		msg.To = recipients[i]
		return msg
	}, concurrency, hooks)
}

// SendEach sends n messages, message(i) for i in [0, n), each to its own
// recipient (a campaign's personalised messages), as SendToEach does: the
// same pace, concurrency, hooks and early stops. message is called once per
// send, on the goroutine that makes it, so the n messages need not all be
// in memory at once. It returns one result per message, in order.
func (c *Client) SendEach(ctx context.Context, n int, message func(i int) MediaMessage, concurrency int,
	hooks BroadcastHooks) []BroadcastResult {
	if concurrency < 1 {
		concurrency = 1
	}
	results := make([]BroadcastResult, n)
	var (
		mu      sync.Mutex
		stopErr error // set once: every later recipient is not attempted
		inARow  int
	)
	record := func(i int, r BroadcastResult) {
		mu.Lock()
		defer mu.Unlock()
		results[i] = r
		switch {
		case r.Err == nil:
			inARow = 0
		case errors.Is(r.Err, ErrNotAttempted):
		default:
			inARow++
			if stopErr == nil && AffectsEverySend(r.Err) {
				stopErr = fmt.Errorf("an earlier send failed in a way every send would: %w", r.Err)
			} else if stopErr == nil && inARow >= MaxFailuresInARow {
				stopErr = fmt.Errorf("%d sends in a row failed; the last one: %w", inARow, r.Err)
			}
		}
	}
	stopWith := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if stopErr == nil {
			stopErr = err
		}
	}
	stopped := func() error {
		mu.Lock()
		defer mu.Unlock()
		if stopErr != nil {
			return stopErr
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("the apply was interrupted: %w", err)
		}
		return nil
	}

	next := make(chan int)
	var wg sync.WaitGroup
	for range min(concurrency, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				msg := message(i)
				r := BroadcastResult{To: msg.To}
				if err := stopped(); err != nil {
					r.Err = fmt.Errorf("%w: %w", ErrNotAttempted, err)
				} else {
					var refused error
					r.Sent, r.Err = c.SendMediaMessageWith(ctx, msg, hooks.forRecipient(msg.To, &refused))
					switch {
					case refused != nil:
						stopWith(refused)
					case r.Err != nil && !IsOutcomeUnknown(r.Err) && !errors.Is(r.Err, ErrNotAttempted) && ctx.Err() != nil:
						// Cancelled before the request was written: nothing was sent.
						r.Err = fmt.Errorf("%w: the apply was interrupted: %w", ErrNotAttempted, r.Err)
					}
				}
				r.At = time.Now().UTC()
				if hooks.After != nil {
					hooks.After(r)
				}
				record(i, r)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}

// forRecipient is the send hooks of one recipient's send; refused is set to
// Before's error when it stops the send.
func (h BroadcastHooks) forRecipient(to string, refused *error) SendHooks {
	var sh SendHooks
	if h.Before != nil {
		sh.BeforeAttempt = func() error {
			*refused = h.Before(to)
			return *refused
		}
	}
	if h.NotTaken != nil {
		sh.NotTaken = func() { h.NotTaken(to) }
	}
	return sh
}

// AffectsEverySend reports whether a failed send failed for a reason that
// has nothing to do with its recipient, so every other send of the same
// message would fail the same way: the API could not be reached, the token
// or its permissions were refused, the account is restricted or locked, the
// template or its parameters were refused, or the request itself could not
// be built. An unknown outcome never does: the next send may well pass.
func AffectsEverySend(err error) bool {
	if err == nil || IsOutcomeUnknown(err) || errors.Is(err, ErrNotAttempted) {
		return false
	}
	var unreachable *UnreachableError
	if errors.As(err, &unreachable) {
		return true
	}
	var ae *APIError
	if !errors.As(err, &ae) {
		// Not an answer: a request that could not be built, a refused
		// certificate. The next request meets the same.
		return true
	}
	switch {
	case ae.HTTPStatus == http.StatusUnauthorized, ae.HTTPStatus == http.StatusForbidden:
		return true
	case senderWideCodes[ae.Code], templateCodes[ae.Code]:
		return true
	case ae.Code >= 200 && ae.Code <= 299: // Graph's permission errors
		return true
	}
	return false
}

// senderWideCodes are the error codes about the sender, not the recipient:
// Cloud 190 (access token invalid or expired), 10 (permission denied), 368
// (account restricted), 131031 (account locked); On-Premises 1005 (access
// denied).
var senderWideCodes = map[int]bool{190: true, 10: true, 368: true, 131031: true, 1005: true}

// templateCodes are the errors about a template send's template and its
// parameters (API.md, "Template messages"): Cloud 132000 (parameter count),
// 132001 (no such approved template), 132012 (parameter format, e.g. the
// header's media), 132015 (paused), 132016 (disabled); On-Premises 2000,
// 2001 and 2012. A broadcast sends every recipient the same template with
// the same parameters, so each of them would fail every send.
var templateCodes = map[int]bool{132000: true, 132001: true, 132012: true, 132015: true, 132016: true,
	2000: true, 2001: true, 2012: true}
