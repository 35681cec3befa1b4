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

// ErrInterrupted is wrapped, with ErrNotAttempted, by the error of a call
// whose context ended (Ctrl-C) before its request was written: nothing of it
// reached the API. A request already written runs to its answer instead.
var ErrInterrupted = errors.New("interrupted before the request was written")

// interrupted is the error of a call stopped by its context's end (cause)
// before its request was written.
func interrupted(cause error) error {
	return fmt.Errorf("%w: %w: %w", ErrNotAttempted, ErrInterrupted, cause)
}

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
	// CallbackData gives the biz_opaque_callback_data of the send to a
	// recipient (Cloud), in place of the message's own: a caller that labels
	// each send (a label names the recipient) sets it.
	CallbackData func(to string) string
}

// SendToEach sends m to each recipient (m.To is ignored), at most
// concurrency at a time, with the hooks around each send. It returns one
// result per recipient, in the order given (SendEach does the work).
//
// The first send goes alone: a failure that would hit every send (a template
// refused, a token revoked) then costs one request, not one per send in
// flight. After it, a send checks whether the broadcast stopped at the last
// moment before its request is written (after its wait for the pace), so a
// stop leaves at most the requests already on the wire.
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
			return fmt.Errorf("%w: %w", ErrInterrupted, err)
		}
		return nil
	}

	send := func(i int) {
		msg := message(i)
		if hooks.CallbackData != nil {
			msg.CallbackData = hooks.CallbackData(msg.To)
		}
		r := BroadcastResult{To: msg.To}
		if err := stopped(); err != nil {
			r.Err = fmt.Errorf("%w: %w", ErrNotAttempted, err)
		} else {
			var refused, stop error
			r.Sent, r.Err = c.SendMediaMessageWith(ctx, msg, hooks.forRecipient(msg.To, stopped, &stop, &refused))
			switch {
			case stop != nil:
				r.Err = fmt.Errorf("%w: %w", ErrNotAttempted, stop)
			case refused != nil:
				stopWith(refused)
			case r.Err != nil && !IsOutcomeUnknown(r.Err) && !errors.Is(r.Err, ErrNotAttempted) && ctx.Err() != nil &&
				!errors.As(r.Err, new(*APIError)):
				// Cancelled before the request was written: nothing was sent. An
				// answer of the API's (a refusal that came back after Ctrl-C) keeps
				// its own code: that request was written.
				r.Err = interrupted(r.Err)
			}
		}
		r.At = time.Now().UTC()
		if hooks.After != nil {
			hooks.After(r)
		}
		record(i, r)
	}
	if n == 0 {
		return results
	}
	send(0) // alone: see SendToEach

	next := make(chan int)
	var wg sync.WaitGroup
	for range min(concurrency, n-1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				send(i)
			}
		}()
	}
	for i := 1; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}

// forRecipient is the send hooks of one recipient's send. Just before each
// attempt is written it asks stopped whether the broadcast stopped meanwhile
// (then *stop is set and nothing is written), then runs Before; refused is
// set to Before's error when it stops the send.
func (h BroadcastHooks) forRecipient(to string, stopped func() error, stop, refused *error) SendHooks {
	sh := SendHooks{BeforeAttempt: func() error {
		if *stop = stopped(); *stop != nil {
			return *stop
		}
		if h.Before != nil {
			*refused = h.Before(to)
		}
		return *refused
	}}
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
	case senderWideCodes[ae.Code], isTemplateCode(ae.Code):
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

// isTemplateCode reports whether code is one of the errors about a template
// send's template and its parameters (API.md, "Template messages"): Cloud's
// 132000-132016 (132000 parameter count, 132001 no such approved template,
// 132005 translated text too long, 132007 format character policy, 132012
// parameter format, 132015 paused, 132016 disabled, ...) and On-Premises'
// 2000-2013. A broadcast sends every recipient the same template with the
// same parameters, so each of them would fail every send.
func isTemplateCode(code int) bool {
	return code >= 132000 && code <= 132016 || code >= 2000 && code <= 2013
}
