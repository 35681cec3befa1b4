package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A throughput limit on message sends, as an API gateway enforces it: a token
// bucket of Burst sends refilled at Rate per second. A send that finds the
// bucket empty is answered 429 before anything else happens (the message is
// not taken), by default bare: no body and no Retry-After, the way gateways
// answer. The sandbox counts accepted and rejected sends so tests and the
// benchmark can see how close a client came to the limit without going over.

// RateLimit configures the limit. A zero Rate turns it off.
type RateLimit struct {
	Rate       float64 // sends per second
	Burst      int     // bucket size; 0 means one second's worth (at least 1)
	RetryAfter string  // Retry-After header on each 429, e.g. "1"; empty sends none
	ErrorBody  bool    // answer with the flavor's throttling error body instead of a bare 429
}

// RateLimitStats counts sends since the limit was last set.
type RateLimitStats struct {
	Accepted      int       // sends the limit let through
	Rejected      int       // sends answered 429 by the limit
	FirstAccepted time.Time // zero until one was let through
	LastAccepted  time.Time
}

type rateLimiter struct {
	mu     sync.Mutex
	cfg    RateLimit
	tokens float64
	at     time.Time
	stats  RateLimitStats
}

func (l RateLimit) withDefaults() RateLimit {
	if l.Burst <= 0 {
		l.Burst = max(1, int(math.Ceil(l.Rate)))
	}
	return l
}

func (l RateLimit) validate() error {
	switch {
	case l.Rate < 0 || math.IsNaN(l.Rate) || math.IsInf(l.Rate, 0):
		return fmt.Errorf("rate %v must be a number of sends per second, 0 to turn the limit off", l.Rate)
	case l.Burst < 0:
		return fmt.Errorf("burst %d must be 0 (one second's worth) or more", l.Burst)
	case l.RetryAfter != "" && !validRetryAfter(l.RetryAfter):
		return fmt.Errorf("retry_after %q must be a number of seconds or an HTTP date", l.RetryAfter)
	}
	return nil
}

func validRetryAfter(v string) bool {
	if n, err := strconv.Atoi(v); err == nil {
		return n >= 0
	}
	_, err := http.ParseTime(v)
	return err == nil
}

// SetRateLimit applies a limit (zero Rate: none) with a full bucket and
// zeroed counters.
func (s *Server) SetRateLimit(l RateLimit) error {
	if err := l.validate(); err != nil {
		return err
	}
	l = l.withDefaults()
	s.limit.mu.Lock()
	defer s.limit.mu.Unlock()
	s.limit.cfg = l
	s.limit.tokens = float64(l.Burst)
	s.limit.at = time.Now()
	s.limit.stats = RateLimitStats{}
	return nil
}

// RateLimitStats reports the counts since SetRateLimit.
func (s *Server) RateLimitStats() RateLimitStats {
	s.limit.mu.Lock()
	defer s.limit.mu.Unlock()
	return s.limit.stats
}

// allow takes a token for a send; false means throttle it.
func (l *rateLimiter) allow(now time.Time) (bool, RateLimit) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cfg.Rate == 0 {
		return true, l.cfg
	}
	l.tokens = math.Min(float64(l.cfg.Burst), l.tokens+now.Sub(l.at).Seconds()*l.cfg.Rate)
	l.at = now
	if l.tokens < 1 {
		l.stats.Rejected++
		return false, l.cfg
	}
	l.tokens--
	l.stats.Accepted++
	if l.stats.FirstAccepted.IsZero() {
		l.stats.FirstAccepted = now
	}
	l.stats.LastAccepted = now
	return true, l.cfg
}

// isSend: the limit applies to message sends only (both flavors).
func isSend(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/messages")
}

// throttleSend is the hook in serveHTTP: it answers a send over the limit
// and reports whether it did.
func (s *Server) throttleSend(w http.ResponseWriter, r *http.Request, flavor string) bool {
	if !isSend(r) {
		return false
	}
	ok, cfg := s.limit.allow(time.Now())
	if ok {
		return false
	}
	if cfg.ErrorBody {
		writeFaultStatus(w, flavor, Fault{Status: http.StatusTooManyRequests, RetryAfter: cfg.RetryAfter})
		return true
	}
	if cfg.RetryAfter != "" {
		w.Header().Set("Retry-After", cfg.RetryAfter)
	}
	w.WriteHeader(http.StatusTooManyRequests)
	return true
}

// rateLimitJSON is the control API's view: the limit and its counts.
type rateLimitJSON struct {
	Rate          float64 `json:"rate"`
	Burst         int     `json:"burst"`
	RetryAfter    string  `json:"retry_after,omitempty"`
	ErrorBody     bool    `json:"error_body,omitempty"`
	Accepted      int     `json:"accepted"`
	Rejected      int     `json:"rejected"`
	FirstAccepted string  `json:"first_accepted,omitempty"` // RFC 3339 with nanoseconds
	LastAccepted  string  `json:"last_accepted,omitempty"`
}

func (s *Server) rateLimitView() rateLimitJSON {
	s.limit.mu.Lock()
	defer s.limit.mu.Unlock()
	c, st := s.limit.cfg, s.limit.stats
	out := rateLimitJSON{Rate: c.Rate, Burst: c.Burst, RetryAfter: c.RetryAfter, ErrorBody: c.ErrorBody,
		Accepted: st.Accepted, Rejected: st.Rejected}
	if !st.FirstAccepted.IsZero() {
		out.FirstAccepted = st.FirstAccepted.UTC().Format(time.RFC3339Nano)
		out.LastAccepted = st.LastAccepted.UTC().Format(time.RFC3339Nano)
	}
	return out
}

// controlGetRateLimit: GET /_sandbox/ratelimit.
func (s *Server) controlGetRateLimit(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.rateLimitView())
}

// controlSetRateLimit: POST /_sandbox/ratelimit {"rate":20,"burst":20,"retry_after":"1"}.
func (s *Server) controlSetRateLimit(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxJSONBody))
	if err != nil {
		controlError(w, http.StatusBadRequest, "could not read the body: "+err.Error())
		return
	}
	var in struct {
		Rate       float64 `json:"rate"`
		Burst      int     `json:"burst"`
		RetryAfter string  `json:"retry_after"`
		ErrorBody  bool    `json:"error_body"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		controlError(w, http.StatusBadRequest, `the body must be a limit like {"rate":20,"burst":20,"retry_after":"1"} (rate 0 turns it off): `+err.Error())
		return
	}
	if err := s.SetRateLimit(RateLimit(in)); err != nil {
		controlError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, s.rateLimitView())
}
