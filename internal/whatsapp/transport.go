package whatsapp

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"sync/atomic"
	"time"
)

// newHTTPClient builds the client New uses when Config.HTTPClient is nil:
// the system roots plus CACertPEM, and no overall timeout (each attempt gets
// its own deadline, see attempt).
func newHTTPClient(cfg Config) (*http.Client, error) {
	roots, err := x509.SystemCertPool()
	if err != nil || roots == nil {
		roots = x509.NewCertPool()
	}
	if cfg.CACertPEM != "" {
		if !roots.AppendCertsFromPEM([]byte(cfg.CACertPEM)) {
			return nil, &ConfigError{"CACertPEM", "holds no PEM certificate; give the CA certificate(s) as -----BEGIN CERTIFICATE----- blocks"}
		}
	}
	tr := http.DefaultTransport.(*http.Transport).Clone() //nolint:forcetypeassert // always true unless a program replaces DefaultTransport; this one never does
	tr.IdleConnTimeout = idleConnTimeout
	// Keep a connection per parallel sender (net/http keeps 2 per host):
	// Terraform's -parallelism defaults to 10, and a new connection per send
	// costs a handshake (a TLS one against the real API).
	tr.MaxIdleConnsPerHost = maxIdleConnsPerHost
	tr.TLSClientConfig = &tls.Config{
		MinVersion:         tls.VersionTLS12,
		RootCAs:            roots,
		InsecureSkipVerify: cfg.InsecureSkipVerify, //nolint:gosec // the user asked for it, for self-signed test hosts
	}
	return &http.Client{Transport: tr, CheckRedirect: redirectPolicy(cfg.AuthHeader)}, nil
}

// idleConnTimeout is how long an unused connection is kept for reuse. Servers
// close idle keep-alive connections on their own schedule (2 s for gunicorn,
// 5 s for Node and Apache); a request sent on a connection the server is
// closing at that moment gets EOF or a reset after it was written, which for
// a send means "may have been sent" although the server never read it.
// Never reusing a connection idle for longer than this keeps clear of those
// timeouts, at the price of a new handshake after a pause.
const idleConnTimeout = 1 * time.Second

// maxIdleConnsPerHost covers -parallelism up to 64 without closing
// connections between one send and the next.
const maxIdleConnsPerHost = 64

// redirectPolicy follows redirects for reads only. A redirected send or
// upload comes back as the 3xx answer (an *APIError, not retried): following
// a 301/302/303 would turn the POST into a GET and read that reply as the
// send's, and a 307/308 would post the message to a host we were not
// configured for. A custom key header is dropped when a redirect leaves the
// host, as net/http already does for Authorization.
func redirectPolicy(authHeader string) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		first := via[0]
		if first.Method != http.MethodGet && first.Method != http.MethodHead {
			return http.ErrUseLastResponse
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		if authHeader != "" && req.URL.Host != first.URL.Host {
			req.Header.Del(authHeader)
		}
		return nil
	}
}

// call is one logical API operation; do runs it as one or more attempts.
type call struct {
	method      string
	url         string
	contentType string
	body        []byte      // replayable body; nil means none (unless upload is set)
	upload      *uploadBody // streamed body, replayable only under conditions
	idempotent  bool        // repeating it cannot do harm (GET, DELETE, provider set, login)
	paced       bool        // a message send: waits for the shared pace (pace.go)
	// finishOnStop: once the request is handed to the HTTP transport, a
	// canceled ctx (Terraform's StopProvider on Ctrl-C, a closed connection)
	// no longer cuts it off: it runs to its answer within RequestTimeout, so
	// the outcome is known. Before that, a canceled ctx stops it (nothing was
	// sent).
	finishOnStop bool
	basicAuth    bool // the login call: Basic credentials instead of a token
	streamResp   bool // the caller reads the body later; the attempt deadline ends at the headers
	// foreignHost: the URL is not on BaseURL's host (Cloud media download);
	// auth is sent only over https so a token never crosses the network in clear.
	foreignHost bool
	// header holds extra request headers (the Resumable Upload API's
	// file_offset); oauth sends the token as "OAuth <token>", the scheme
	// Meta's Resumable Upload pages show.
	header map[string]string
	oauth  bool
	// appToken, when set, is sent as "Bearer <app-id>|<app-secret>" instead of
	// the configured token: the app's own endpoints (/{app-id}/subscriptions)
	// take only an app access token (app_subscriptions.go).
	appToken string
	// anonymous sends no credentials (a QR image on Meta's CDN needs none).
	anonymous bool
	// hooks tell a message send's caller when an attempt is about to be
	// written and when one was proven not taken (SendHooks).
	hooks SendHooks
}

// attemptResult is what one HTTP exchange produced.
type attemptResult struct {
	resp          *http.Response // set only for 2xx; body open, caller closes
	apiErr        *APIError      // non-2xx answer
	retryAfter    time.Duration  // from a Retry-After header on apiErr, when hasRetryAfter
	hasRetryAfter bool
	err           error  // transport failure (or auth failure before sending)
	written       bool   // some of the request reached the connection
	authErr       bool   // err came from obtaining a token, not from this request
	loginToken    string // the login token used, "" for static or basic auth
}

// attemptTimeoutError is the cause when RequestTimeout cuts an attempt short.
type attemptTimeoutError struct{ d time.Duration }

func (e *attemptTimeoutError) Error() string {
	return fmt.Sprintf("no answer within the request timeout of %s (raise request_timeout if the API is slow)", e.d)
}
func (e *attemptTimeoutError) Timeout() bool { return true }

// attempt performs one HTTP exchange with its own deadline, tracing whether
// the request was written (the line between "not taken" and "outcome unknown"),
// and logs one entry.
func (c *Client) attempt(ctx context.Context, cl *call, n int) attemptResult {
	var res attemptResult
	start := time.Now()

	var wrote atomic.Bool
	base := ctx
	if cl.finishOnStop {
		base = context.WithoutCancel(ctx)
	}
	actx, cancel := context.WithCancelCause(base)
	actx = httptrace.WithClientTrace(actx, &httptrace.ClientTrace{
		WroteHeaders: func() { wrote.Store(true) },
	})
	timeout := c.cfg.RequestTimeout
	var timer *time.Timer // started once the request is ready to go

	req, err := c.newRequest(actx, cl, func() { timer.Reset(timeout) })
	if err == nil {
		// A login (with its own attempts and backoff) may run here; it must
		// not eat into this request's timeout.
		res.loginToken, err = c.authorize(ctx, cl, req)
		if err != nil {
			res.authErr = true
		}
	}
	if err != nil {
		if req != nil && req.Body != nil {
			_ = req.Body.Close()
		}
		cancel(nil)
		res.err = err
		c.logAttempt(ctx, cl, n, start, 0, res)
		return res
	}
	timer = time.AfterFunc(timeout, func() { cancel(&attemptTimeoutError{timeout}) })
	finish := func() {
		timer.Stop()
		cancel(nil)
	}

	if cl.finishOnStop && ctx.Err() != nil {
		// Stopped before the request was handed to the transport: nothing was
		// sent. Once it is handed over, a stop no longer cuts it off: cancelling
		// it while its first bytes are being written could leave the API with
		// a request whose outcome nobody knows.
		finish()
		if req.Body != nil {
			_ = req.Body.Close()
		}
		res.err = ctx.Err()
		c.logAttempt(ctx, cl, n, start, 0, res)
		return res
	}
	resp, err := c.http.Do(req)
	res.written = wrote.Load()
	if err == nil {
		c.clock.observe(resp.Header)
	}
	if err != nil {
		if cause := context.Cause(actx); ctx.Err() == nil && cause != nil && !errors.Is(err, cause) {
			var te *attemptTimeoutError
			if errors.As(cause, &te) {
				err = fmt.Errorf("%w: %w", cause, err)
			}
		}
		finish()
		if isDialError(err) {
			res.written = false // nothing can have reached the API
		}
		res.err = sanitizeURLError(err)
		c.logAttempt(ctx, cl, n, start, 0, res)
		return res
	}

	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		res.resp = resp
		if cl.streamResp {
			// The caller reads at its own pace under ctx; only the wait for
			// the headers was bounded.
			timer.Stop()
		}
		resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: finish}
		c.logAttempt(ctx, cl, n, start, resp.StatusCode, res)
		return res
	}

	// Error answers are small; read a bounded amount to decode them, so a
	// misbehaving proxy cannot make us buffer an endless page.
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	finish()
	res.apiErr = c.redactSecrets(decodeAPIError(resp.StatusCode, body), res.loginToken, cl.appToken)
	res.retryAfter, res.hasRetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	c.logAttempt(ctx, cl, n, start, resp.StatusCode, res)
	return res
}

// newRequest builds the attempt's request with a fresh body.
func (c *Client) newRequest(ctx context.Context, cl *call, progress func()) (*http.Request, error) {
	var (
		body io.Reader
		size int64
	)
	switch {
	case cl.upload != nil:
		rc, sz, err := cl.upload.open(ctx, progress)
		if err != nil {
			return nil, err
		}
		body, size = rc, sz
	case cl.body != nil:
		// A bytes.Reader lets net/http replay the body itself in the one
		// case it knows is safe: nothing was written on a reused connection.
		body = bytes.NewReader(cl.body)
		size = int64(len(cl.body))
	}
	req, err := http.NewRequestWithContext(ctx, cl.method, cl.url, body)
	if err != nil {
		if closer, ok := body.(io.Closer); ok {
			_ = closer.Close()
		}
		return nil, fmt.Errorf("build %s request: %w", cl.method, err)
	}
	if body != nil {
		req.ContentLength = size
		if size == 0 {
			// net/http reads ContentLength 0 with a body as "unknown"; an
			// empty body must be NoBody to be sent as Content-Length: 0.
			if closer, ok := body.(io.Closer); ok {
				_ = closer.Close()
			}
			req.Body = http.NoBody
		}
	}
	if cl.upload != nil {
		// A streamed body can be read only once; keep net/http from trying to
		// replay it itself.
		req.GetBody = nil
	}
	if cl.contentType != "" {
		req.Header.Set("Content-Type", cl.contentType)
	}
	if !cl.streamResp {
		// Media downloads answer with the media's own type; a strict
		// gateway could refuse them with 406 if we asked for JSON.
		req.Header.Set("Accept", "application/json")
	}
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	for k, v := range cl.header {
		req.Header.Set(k, v)
	}
	return req, nil
}

// isDialError is true when the connection was never established, so no byte
// of the request can have reached the API.
func isDialError(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// isCertificateError is true when the server's TLS certificate was refused.
func isCertificateError(err error) bool {
	var cv *tls.CertificateVerificationError
	var ua x509.UnknownAuthorityError
	var hn x509.HostnameError
	var ci x509.CertificateInvalidError
	return errors.As(err, &cv) || errors.As(err, &ua) || errors.As(err, &hn) || errors.As(err, &ci)
}

// sanitizeURLError drops the query string from a *url.Error's URL: Cloud
// media download URLs carry signatures that do not belong in logs or state.
func sanitizeURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = stripQuery(ue.URL)
	}
	return err
}

func stripQuery(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	u.RawQuery = ""
	u.Fragment = ""
	u.User = nil
	return u.String()
}

// parseRetryAfter reads delta-seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		// Clamp both ways: a huge value would overflow into a negative wait.
		secs = min(max(secs, 0), int64(maxRetryAfter/time.Second)+1)
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

// logAttempt writes the one debug entry per attempt: never headers, tokens,
// bodies or query strings.
func (c *Client) logAttempt(ctx context.Context, cl *call, n int, start time.Time, status int, res attemptResult) {
	if c.cfg.Logger == nil {
		return
	}
	path := cl.url
	if u, err := url.Parse(cl.url); err == nil {
		path = u.Path
	}
	fields := map[string]any{
		"method":      cl.method,
		"url_path":    path,
		"status":      status,
		"duration_ms": time.Since(start).Milliseconds(),
	}
	if n > 1 { // a first attempt is the norm; only retries are news
		fields["attempt"] = n
	}
	if res.apiErr != nil {
		fields["error_code"] = res.apiErr.Code
		if res.apiErr.Subcode != 0 {
			fields["error_subcode"] = res.apiErr.Subcode
		}
		if res.apiErr.FBTraceID != "" {
			fields["fbtrace_id"] = res.apiErr.FBTraceID
		}
	}
	if res.err != nil {
		fields["error"] = res.err.Error()
		fields["request_written"] = res.written
	}
	c.cfg.Logger.Debug(ctx, "WhatsApp API request", fields)
}

// cancelOnClose ends the attempt's context when the caller is done with the body.
type cancelOnClose struct {
	io.ReadCloser
	cancel func()
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// progressReader reports each read so the attempt deadline measures stalls
// in sending rather than the total time of a large upload.
type progressReader struct {
	r        io.Reader
	progress func()
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 && p.progress != nil {
		p.progress()
	}
	return n, err
}
