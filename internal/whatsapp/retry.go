package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/cenkalti/backoff/v5"
)

// The retry policy. WhatsApp has no idempotency key, so a repeated send is a
// second message. Calls are therefore split in two:
//
//   - Non-idempotent calls (send, upload) are repeated only when the API proved
//     it did not take the request: a throttling answer, a connection that was
//     never made, or a 401 that a fresh login answers.
//   - Idempotent calls (GET, DELETE, provider set, login) are also repeated on
//     5xx, transient codes, resets and timeouts.
//
// Anything else on a non-idempotent call that may have reached the API (5xx,
// reset or timeout after writing) is an *OutcomeUnknownError.

// Cloud error codes that mean "temporary failure": the request may or may not
// have been acted on, so only idempotent calls repeat them.
var cloudTransientCodes = map[int]bool{1: true, 2: true, 131000: true, 131016: true}

// maxRetryAfter bounds how long a Retry-After header can make us wait; a
// longer request is returned as the error instead of hanging an apply.
const maxRetryAfter = 10 * time.Minute

type verdict int

const (
	fail    verdict = iota // return the error
	retry                  // wait, then try again (counts against MaxRetries)
	relogin                // log in again, then try again at once (once per call)
)

// classify decides what to do after a failed attempt and which error to
// return if no further attempt is made.
func (c *Client) classify(ctx context.Context, cl *call, res attemptResult) (verdict, error) {
	if res.err != nil {
		if res.authErr {
			return fail, res.err
		}
		err := res.err
		if isCertificateError(err) {
			// Asking again gets the same certificate.
			return fail, fmt.Errorf("%w (for a self-hosted API with a private CA, set ca_cert_pem to its CA certificate; for a throwaway test host only, insecure_skip_verify = true)", err)
		}
		if ctx.Err() != nil {
			// The caller gave up. Whether the request got through is unknown
			// once it was written.
			if res.written && !cl.idempotent {
				return fail, &OutcomeUnknownError{Err: err}
			}
			if !res.written {
				return fail, interrupted(err) // nothing reached the API
			}
			return fail, err
		}
		if !res.written {
			return retry, err // proven not taken: nothing reached the API
		}
		if cl.idempotent {
			return retry, err
		}
		return fail, &OutcomeUnknownError{Err: err}
	}

	ae := res.apiErr
	switch {
	case ae.HTTPStatus == http.StatusUnauthorized && res.loginToken != "":
		return relogin, ae
	case c.provenNotTaken(ae):
		return retry, ae
	case cl.idempotent && c.transient(ae):
		return retry, ae
	case !cl.idempotent && c.transient(ae):
		// A server error on a send or upload says nothing about whether it
		// was carried out.
		return fail, &OutcomeUnknownError{Err: ae}
	}
	return fail, ae
}

// provenNotTaken: throttling answers, which the API gives instead of acting.
func (c *Client) provenNotTaken(ae *APIError) bool {
	if ae.HTTPStatus == http.StatusTooManyRequests {
		return true
	}
	if c.cfg.Flavor == OnPremises {
		return ae.HTTPStatus == http.StatusServiceUnavailable
	}
	return isCloudThrottled(ae.Code)
}

// transient: server-side failures worth repeating for idempotent calls.
func (c *Client) transient(ae *APIError) bool {
	if ae.HTTPStatus >= 500 || ae.HTTPStatus == http.StatusRequestTimeout {
		return true
	}
	return c.cfg.Flavor == Cloud && cloudTransientCodes[ae.Code]
}

// do runs cl until it succeeds, the policy says stop, retries run out, or ctx
// ends. On success the response is 2xx and the caller closes its body. When
// no attempt could connect, the error is an *UnreachableError saying where
// and for how long it tried.
func (c *Client) do(ctx context.Context, cl *call) (*http.Response, error) {
	start := time.Now()
	attempts := 0
	resp, err := c.attempts(ctx, cl, &attempts)
	var already *UnreachableError
	if err != nil && ctx.Err() == nil && isDialError(err) && !errors.As(err, &already) {
		host := cl.url
		if u, perr := url.Parse(cl.url); perr == nil {
			host = u.Host
		}
		return nil, &UnreachableError{Host: host, OnBaseURL: host == c.base.Host, Attempts: attempts,
			Elapsed: time.Since(start), Err: err}
	}
	return resp, err
}

// attempts is do's loop; it counts the attempts it makes in *n.
func (c *Client) attempts(ctx context.Context, cl *call, count *int) (*http.Response, error) {
	bo := &backoff.ExponentialBackOff{
		InitialInterval:     c.cfg.MinBackoff,
		RandomizationFactor: 0.5,
		Multiplier:          2,
		MaxInterval:         c.cfg.MaxBackoff,
	}
	bo.Reset()
	retries := 0
	reloggedIn := false
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return nil, interrupted(err)
		}
		*count = n
		ticket, err := c.paceBefore(ctx, cl)
		if err != nil {
			if ctx.Err() != nil {
				return nil, interrupted(err)
			}
			return nil, err // gave up waiting for the pace: nothing was sent
		}
		if cl.hooks.BeforeAttempt != nil {
			if err := cl.hooks.BeforeAttempt(); err != nil {
				return nil, fmt.Errorf("%w: %w", ErrNotAttempted, err)
			}
		}
		res := c.attempt(ctx, cl, n)
		c.paceAfter(ticket, res)
		if res.resp != nil {
			return res.resp, nil
		}
		v, err := c.classify(ctx, cl, res)
		switch v {
		case relogin:
			if reloggedIn {
				return nil, err
			}
			reloggedIn = true
			if !c.replayable(ctx, cl) {
				return nil, err
			}
			cl.hooks.notTaken() // a 401 answer: the request was refused
			if lerr := c.refreshLogin(ctx, res.loginToken); lerr != nil {
				return nil, fmt.Errorf("%w (logging in again after it failed: %w)", err, lerr)
			}
			continue
		case retry:
			if retries >= c.cfg.MaxRetries || !c.replayable(ctx, cl) {
				return nil, err
			}
			wait := c.backoffWait(bo)
			if res.apiErr != nil && res.hasRetryAfter {
				if res.retryAfter > maxRetryAfter {
					return nil, err
				}
				wait = res.retryAfter
			}
			if dl, ok := ctx.Deadline(); ok && time.Now().Add(wait).After(dl) {
				return nil, err // no time left to wait and try again
			}
			cl.hooks.notTaken() // only answers that prove it are retried
			if serr := sleep(ctx, wait); serr != nil {
				return nil, err
			}
			retries++
			continue
		default:
			return nil, err
		}
	}
}

// backoffWait is the next jittered exponential wait, kept within
// [MinBackoff, MaxBackoff] (the jitter alone could step outside).
func (c *Client) backoffWait(bo *backoff.ExponentialBackOff) time.Duration {
	d := bo.NextBackOff()
	if d < c.cfg.MinBackoff {
		d = c.cfg.MinBackoff
	}
	if d > c.cfg.MaxBackoff {
		d = c.cfg.MaxBackoff
	}
	return d
}

// replayable reports whether cl's body can be sent again.
func (c *Client) replayable(ctx context.Context, cl *call) bool {
	if cl.upload == nil {
		return true
	}
	return cl.upload.replayable(ctx)
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// errNotReplayable explains why an upload was not repeated.
var errNotReplayable = errors.New("the upload body was already partly sent and cannot be rewound (it is not an io.Seeker)")
