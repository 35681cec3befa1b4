package sandbox

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Chaos is a probabilistic fault plan for message sends, for runs at scale
// where arming one Fault per request is not practical. Each send is decided by
// a random source seeded from Seed, the recipient and how many sends to that
// recipient came before, so the same seed gives every recipient the same
// sequence of answers whatever order parallel requests arrive in.
//
// The shares are fractions of sends (0 to 1, summing to at most 1):
//   - ThrottleShare is answered with a throttling error and not taken: HTTP 429
//     code 1015 on On-Premises; on Cloud one of 130429 (HTTP 429), 131056 and
//     4 (HTTP 400), the codes the docs call safe to retry.
//   - ErrorAfterShare is taken (the message is stored), then answered 500.
//   - DropAfterShare is taken, then the connection is closed without an answer.
//
// ExpireTokensAfter > 0 expires every On-Premises login token once, right
// after that many messages were taken under this plan: a token running out in
// the middle of an apply.
type Chaos struct {
	Seed              int64
	ThrottleShare     float64
	ErrorAfterShare   float64
	DropAfterShare    float64
	ExpireTokensAfter int
	// ExpireTokensWhenInFlight > 0 holds sends before they are looked at
	// (auth included) until that many are held at once, then expires every
	// login token and lets them all go: every one of them meets the expired
	// token. If that many never arrive, the expiry fires after
	// maxExpiryHold anyway, so a run with fewer sends does not hang.
	ExpireTokensWhenInFlight int
	// SendLatency holds every send this long before it is looked at.
	SendLatency time.Duration
}

// maxExpiryHold bounds how long ExpireTokensWhenInFlight holds a send.
const maxExpiryHold = 10 * time.Second

// ChaosStats says what a Chaos plan did since it was set.
type ChaosStats struct {
	Sends     int // send requests the plan decided on
	Throttled int // answered with a throttling error, not taken
	Taken     int // messages stored, whatever the answer
	// ErrorsAfterTaking and DropsAfterTaking are the messages stored whose
	// success never reached the client; Unanswered holds their IDs.
	ErrorsAfterTaking int
	DropsAfterTaking  int
	Unanswered        []string
	// LoginsAtExpiry is Logins() when ExpireTokensAfter or
	// ExpireTokensWhenInFlight fired, -1 before; HeldAtExpiry is how many
	// sends ExpireTokensWhenInFlight held when it fired.
	LoginsAtExpiry int
	HeldAtExpiry   int
}

// chaosState is the Server's current plan; the zero value is "no plan".
type chaosState struct {
	mu       sync.Mutex
	on       bool
	plan     Chaos
	attempts map[string]int // recipient -> sends decided so far
	stats    ChaosStats
	held     int           // sends held for ExpireTokensWhenInFlight
	release  chan struct{} // closed when they may go
	fired    bool          // the expiry happened
}

// SetChaos replaces the plan (and zeroes its stats). A zero Chaos turns it off.
func (s *Server) SetChaos(c Chaos) error {
	if err := validChaos(c); err != nil {
		return err
	}
	s.chaos.mu.Lock()
	defer s.chaos.mu.Unlock()
	s.chaos.on = c != Chaos{}
	s.chaos.plan = c
	s.chaos.attempts = map[string]int{}
	s.chaos.stats = ChaosStats{LoginsAtExpiry: -1}
	if s.chaos.release != nil && !s.chaos.fired {
		close(s.chaos.release) // a new plan frees whatever the old one held
	}
	s.chaos.held, s.chaos.release, s.chaos.fired = 0, nil, false
	return nil
}

// ChaosStats returns a copy of what the current plan did.
func (s *Server) ChaosStats() ChaosStats {
	s.chaos.mu.Lock()
	defer s.chaos.mu.Unlock()
	st := s.chaos.stats
	st.Unanswered = append([]string{}, st.Unanswered...)
	return st
}

func validChaos(c Chaos) error {
	for name, v := range map[string]float64{"throttle_share": c.ThrottleShare, "error_after_share": c.ErrorAfterShare, "drop_after_share": c.DropAfterShare} {
		if !(v >= 0 && v <= 1) { // NaN too
			return fmt.Errorf("%s is %v; use a fraction from 0 to 1, e.g. 0.2 for 20%% of sends", name, v)
		}
	}
	if sum := c.ThrottleShare + c.ErrorAfterShare + c.DropAfterShare; sum > 1+1e-9 {
		return fmt.Errorf("the shares add up to %v; together they can cover at most every send (1)", sum)
	}
	if c.SendLatency < 0 {
		return fmt.Errorf("send_latency must not be negative")
	}
	if c.ExpireTokensWhenInFlight < 0 {
		return fmt.Errorf("expire_tokens_when_in_flight must be 0 (never) or a number of sends")
	}
	if c.ExpireTokensAfter < 0 {
		return fmt.Errorf("expire_tokens_after must be 0 (never) or a number of messages")
	}
	return nil
}

type chaosOutcome int

const (
	chaosPass chaosOutcome = iota
	chaosThrottle
	chaosErrorAfter
	chaosDropAfter
)

// decide picks the outcome of the next send to recipient.
func (cs *chaosState) decide(recipient string) (chaosOutcome, uint64) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	n := cs.attempts[recipient]
	cs.attempts[recipient] = n + 1
	cs.stats.Sends++
	h := fnv.New64a()
	_ = binary.Write(h, binary.LittleEndian, cs.plan.Seed)
	_, _ = io.WriteString(h, recipient)
	_ = binary.Write(h, binary.LittleEndian, int64(n))
	rng := rand.New(rand.NewPCG(h.Sum64(), uint64(cs.plan.Seed))) //nolint:gosec // reproducible test faults, not security
	p := rng.Float64()
	switch p0 := cs.plan.ThrottleShare; {
	case p < p0:
		cs.stats.Throttled++
		return chaosThrottle, rng.Uint64()
	case p < p0+cs.plan.ErrorAfterShare:
		return chaosErrorAfter, 0
	case p < p0+cs.plan.ErrorAfterShare+cs.plan.DropAfterShare:
		return chaosDropAfter, 0
	}
	return chaosPass, 0
}

func (cs *chaosState) latency() time.Duration {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return cs.plan.SendLatency
}

// holdForExpiry counts a send in for ExpireTokensWhenInFlight and returns
// what to wait on, or nil when there is nothing to wait for.
func (s *Server) holdForExpiry() <-chan struct{} {
	s.chaos.mu.Lock()
	want := s.chaos.plan.ExpireTokensWhenInFlight
	if want == 0 || s.chaos.fired {
		s.chaos.mu.Unlock()
		return nil
	}
	s.chaos.held++
	if s.chaos.release == nil {
		s.chaos.release = make(chan struct{})
	}
	release, full := s.chaos.release, s.chaos.held >= want
	s.chaos.mu.Unlock()
	if full {
		s.fireExpiry()
	}
	return release
}

// fireExpiry expires every login token once and lets held sends go.
func (s *Server) fireExpiry() {
	s.chaos.mu.Lock()
	defer s.chaos.mu.Unlock()
	if s.chaos.fired {
		return
	}
	s.chaos.fired = true
	s.chaos.stats.LoginsAtExpiry = s.st.loginCount()
	s.chaos.stats.HeldAtExpiry = s.chaos.held
	s.st.expireTokens()
	if s.chaos.release != nil {
		close(s.chaos.release)
	}
}

// taken counts a stored message and reports whether tokens expire now.
func (cs *chaosState) taken(id string, outcome chaosOutcome) (expire bool) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.stats.Taken++
	switch outcome {
	case chaosErrorAfter:
		cs.stats.ErrorsAfterTaking++
		cs.stats.Unanswered = append(cs.stats.Unanswered, id)
	case chaosDropAfter:
		cs.stats.DropsAfterTaking++
		cs.stats.Unanswered = append(cs.stats.Unanswered, id)
	}
	return cs.plan.ExpireTokensAfter > 0 && cs.stats.Taken == cs.plan.ExpireTokensAfter
}

// applyChaos is serveHTTP's hook: it answers a send when a plan is on and
// reports whether it did. Other requests pass untouched.
func (s *Server) applyChaos(w *statusWriter, r *http.Request, flavor string) bool {
	s.chaos.mu.Lock()
	on := s.chaos.on
	s.chaos.mu.Unlock()
	if !on || r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/messages") {
		return false
	}
	if release := s.holdForExpiry(); release != nil {
		t := time.NewTimer(maxExpiryHold)
		select {
		case <-release:
		case <-t.C:
			s.fireExpiry()
		case <-r.Context().Done():
		}
		t.Stop()
	}
	outcome, pick := s.chaos.decide(recipientOf(r))
	if d := s.chaos.latency(); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			w.dropped = true // the client gave up; nothing was answered or acted on
			return true
		}
	}
	switch outcome {
	case chaosThrottle:
		writeFaultStatus(w, flavor, chaosThrottleFault(flavor, pick))
		return true
	case chaosPass:
		cw := &captureWriter{header: w.Header(), status: http.StatusOK}
		s.dispatch(cw, r, flavor)
		s.chaosTaken(cw, outcome)
		w.WriteHeader(cw.status)
		_, _ = w.Write(cw.body.Bytes())
		return true
	}
	cw := &captureWriter{header: http.Header{}, status: http.StatusOK}
	s.dispatch(cw, r, flavor)
	if !s.chaosTaken(cw, outcome) {
		// Not taken (the body was refused): the client must see why.
		for k, v := range cw.header {
			w.Header()[k] = v
		}
		w.WriteHeader(cw.status)
		_, _ = w.Write(cw.body.Bytes())
		return true
	}
	if outcome == chaosDropAfter {
		w.drop()
		return true
	}
	writeFaultStatus(w, flavor, Fault{Status: http.StatusInternalServerError})
	return true
}

// chaosTaken records a stored message, expiring tokens when the plan says so,
// and reports whether the send was taken at all.
func (s *Server) chaosTaken(cw *captureWriter, outcome chaosOutcome) bool {
	if cw.status < 200 || cw.status > 299 {
		return false
	}
	var reply struct {
		Messages []struct {
			ID string `json:"id"`
		} `json:"messages"`
	}
	if json.Unmarshal(cw.body.Bytes(), &reply) != nil || len(reply.Messages) == 0 {
		return false
	}
	if s.chaos.taken(reply.Messages[0].ID, outcome) {
		s.chaos.mu.Lock()
		s.chaos.stats.LoginsAtExpiry = s.st.loginCount()
		s.chaos.mu.Unlock()
		s.st.expireTokens()
	}
	return true
}

// chaosThrottleFault picks one of the flavor's throttling answers.
func chaosThrottleFault(flavor string, pick uint64) Fault {
	if flavor == FlavorOnPremises {
		return Fault{Status: http.StatusTooManyRequests}
	}
	switch pick % 3 {
	case 0:
		return Fault{Status: http.StatusTooManyRequests, Code: 130429, Title: "(#130429) Rate limit hit"}
	case 1:
		return Fault{Status: http.StatusBadRequest, Code: 131056, Title: "(#131056) (Business Account, Consumer Account) pair rate limit hit"}
	default:
		return Fault{Status: http.StatusBadRequest, Code: 4, Title: "(#4) Application request limit reached"}
	}
}

// recipientOf is the recipient of a send, its digits; "" when there is none.
func recipientOf(r *http.Request) string { return waID(sentTo(r)) }

// sentTo reads "to" from a send body as written, leaving the body for the
// handler to read; "" when there is none.
func sentTo(r *http.Request) string {
	if r.Body == nil {
		return ""
	}
	// Bounded: a send body over the limit is refused by the handler anyway,
	// and the rest of it stays in the stream for the handler to find.
	b, err := io.ReadAll(io.LimitReader(r.Body, maxJSONBody+1))
	r.Body = readCloser{io.MultiReader(bytes.NewReader(b), r.Body), r.Body}
	if err != nil {
		return ""
	}
	var m struct {
		To any `json:"to"`
	}
	_ = json.Unmarshal(b, &m)
	if to, ok := m.To.(string); ok {
		return to
	}
	return ""
}

// captureWriter keeps an answer so chaos can read it before (or instead of)
// sending it.
type captureWriter struct {
	header http.Header
	status int
	wrote  bool
	body   bytes.Buffer
}

func (c *captureWriter) Header() http.Header { return c.header }
func (c *captureWriter) WriteHeader(code int) {
	if !c.wrote {
		c.status, c.wrote = code, true
	}
}
func (c *captureWriter) Write(b []byte) (int, error) {
	c.wrote = true
	return c.body.Write(b)
}

type readCloser struct {
	io.Reader
	io.Closer
}
