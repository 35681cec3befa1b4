// Package receiver is the webhook receiver: it takes WhatsApp's posts
// (statuses of sent messages, messages customers send), commits each to its
// store before it answers 200, then reads them, keeps per message its
// highest status and first failure, passes every post on to the consumers it
// is configured with, and serves what it stored to the provider (a read API
// behind a token) and to people (a page of counts per label).
//
// The flow of one post: handler checks (size, signature or credential, JSON)
// -> accept.go commits it in a batch with others -> 200; process.go parses it
// later; forward.go delivers it to each consumer from the outbox.
package receiver

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Config is what the receiver is started with.
type Config struct {
	// Store is where posts are kept (Open).
	Store Store
	// AppSecret checks X-Hub-Signature-256 on Cloud posts. Required for the
	// Cloud endpoint.
	AppSecret string
	// VerifyToken is what Meta's challenge must carry in hub.verify_token.
	VerifyToken string
	// OnPremisesToken authenticates On-Premises posts, which WhatsApp does
	// not sign: as the last path segment (/webhook/on-premises/<token>) or
	// as the password of HTTP Basic. Empty: the On-Premises endpoint refuses
	// every post.
	OnPremisesToken string
	// ReadToken guards the read API (bearer) and the page (bearer or the
	// password of HTTP Basic). Required.
	ReadToken string
	// MaxBody is the largest body accepted; larger gets 413. Default 3 MiB:
	// WhatsApp batches statuses, and Meta documents posts of up to 3 MB.
	MaxBody int64
	// Forward lists consumers that get every post as received, re-signed
	// with ForwardSecret.
	Forward       []string
	ForwardSecret string
	// ForwardRetry bounds the forwarder's backoff: the first retry after
	// Min, doubling up to Max; after GiveUp since the post arrived it stops.
	ForwardRetry ForwardRetry
	// Retention is how long posts, statuses and inbound messages are kept:
	// at least MinRetention (WhatsApp retries for 7 days; a replay is
	// recognised as long as its post is kept). Default 30 days.
	Retention time.Duration
	// ProcessEvery is how often a replica looks for posts another replica
	// stored (its own it processes at once). Default 500 ms.
	ProcessEvery time.Duration
	Logger       *slog.Logger
}

// ForwardRetry is how the forwarder retries a consumer.
type ForwardRetry struct {
	Min, Max, GiveUp time.Duration
}

// Defaults.
const (
	DefaultMaxBody   = 3 << 20
	DefaultRetention = 30 * 24 * time.Hour
	// MinRetention is longer than WhatsApp's 7 days of retries.
	MinRetention = 8 * 24 * time.Hour
)

// DefaultForwardRetry: a consumer down for hours still gets every post.
var DefaultForwardRetry = ForwardRetry{Min: 5 * time.Second, Max: 10 * time.Minute, GiveUp: 7 * 24 * time.Hour}

// Server is one replica of the receiver.
type Server struct {
	cfg     Config
	store   Store
	m       *metrics
	log     *slog.Logger
	accept  *acceptor
	wake    chan struct{} // a post was stored: process now
	wakeFwd chan struct{}
	mux     *http.ServeMux
	stop    context.CancelFunc
	wg      sync.WaitGroup
}

// New checks cfg and starts the receiver's workers; Close stops them.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("no store: open one with receiver.Open")
	}
	if cfg.ReadToken == "" {
		return nil, errors.New("a read token is required: the read API and the page refuse everyone without one")
	}
	if cfg.AppSecret == "" && cfg.OnPremisesToken == "" {
		return nil, errors.New("set the app secret (Cloud posts) or the On-Premises token (On-Premises posts), or both: without either every post is refused")
	}
	if len(cfg.Forward) > 0 && cfg.ForwardSecret == "" {
		return nil, errors.New("forwarding needs a forward secret: consumers check X-Hub-Signature-256 with it")
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.Retention == 0 {
		cfg.Retention = DefaultRetention
	}
	if cfg.Retention < MinRetention {
		return nil, fmt.Errorf("retention %s is shorter than %s: WhatsApp retries a post for 7 days, and a replay is only recognised while its post is kept", cfg.Retention, MinRetention)
	}
	if cfg.ProcessEvery <= 0 {
		cfg.ProcessEvery = 500 * time.Millisecond
	}
	r := cfg.ForwardRetry
	if r.Min <= 0 {
		r.Min = DefaultForwardRetry.Min
	}
	if r.Max <= 0 {
		r.Max = max(DefaultForwardRetry.Max, r.Min)
	}
	if r.GiveUp <= 0 {
		r.GiveUp = DefaultForwardRetry.GiveUp
	}
	cfg.ForwardRetry = r
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	ctx, stop := context.WithCancel(context.Background())
	s := &Server{cfg: cfg, store: cfg.Store, m: newMetrics(), log: cfg.Logger, stop: stop,
		wake: make(chan struct{}, 1), wakeFwd: make(chan struct{}, 1)}
	s.accept = newAcceptor(s)
	s.routes()
	writers := 1
	if w, ok := cfg.Store.(interface{ writers() int }); ok {
		writers = w.writers()
	}
	for range writers {
		s.wg.Add(1)
		go func() { defer s.wg.Done(); s.accept.run(ctx) }()
	}
	s.wg.Add(3)
	go func() { defer s.wg.Done(); s.processLoop(ctx) }()
	go func() { defer s.wg.Done(); s.forwardLoop(ctx) }()
	go func() { defer s.wg.Done(); s.pruneLoop(ctx) }()
	return s, nil
}

// Close stops the workers. Posts not yet processed or forwarded stay in the
// store for the next start (or another replica).
func (s *Server) Close() {
	s.stop()
	s.wg.Wait()
}

// Handler serves every endpoint.
func (s *Server) Handler() http.Handler { return s.mux }

// Endpoints.
const (
	PathWebhook           = "/webhook"
	PathOnPremisesWebhook = "/webhook/on-premises"
	PathHealth            = "/healthz"
	PathMetrics           = "/metrics"
	PathPage              = "/"
)

func (s *Server) routes() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+PathWebhook, s.challenge)
	mux.HandleFunc("POST "+PathWebhook, s.postCloud)
	mux.HandleFunc("POST "+PathOnPremisesWebhook, s.postOnPremises)
	mux.HandleFunc("POST "+PathOnPremisesWebhook+"/{token}", s.postOnPremises)
	mux.HandleFunc("GET "+PathHealth, s.health)
	mux.Handle("GET "+PathMetrics, promhttp.HandlerFor(s.m.reg, promhttp.HandlerOpts{}))
	s.readRoutes(mux) // read.go
	s.mux = mux
}

// challenge answers Meta's verification: GET with hub.mode=subscribe,
// hub.verify_token and hub.challenge, answered 200 with the challenge alone.
func (s *Server) challenge(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("hub.mode") != "subscribe" || q.Get("hub.challenge") == "" {
		http.Error(w, "expected hub.mode=subscribe with hub.verify_token and hub.challenge", http.StatusBadRequest)
		return
	}
	if s.cfg.VerifyToken == "" || !equalSecret(q.Get("hub.verify_token"), s.cfg.VerifyToken) {
		http.Error(w, "hub.verify_token is not the verify token this receiver was started with", http.StatusForbidden)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write([]byte(q.Get("hub.challenge")))
}

func equalSecret(got, want string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// SignatureHeader carries "sha256=" and the hex HMAC-SHA256 of the raw body.
const SignatureHeader = "X-Hub-Signature-256"

// Sign returns the X-Hub-Signature-256 value of body under secret.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// validSignature compares in constant time, on the decoded MAC.
func validSignature(secret string, body []byte, header string) bool {
	got, ok := strings.CutPrefix(header, "sha256=")
	if !ok {
		return false
	}
	gotMAC, err := hex.DecodeString(got)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hmac.Equal(gotMAC, mac.Sum(nil))
}

func (s *Server) postCloud(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	s.m.received.WithLabelValues(FlavorCloud).Inc()
	body, ok := s.readBody(w, r, start)
	if !ok {
		return
	}
	// The signature is checked on the raw bytes before anything reads them.
	sig := r.Header.Get(SignatureHeader)
	switch {
	case s.cfg.AppSecret == "":
		s.refuse(w, start, reasonUnauthorized, http.StatusForbidden, "this receiver takes no Cloud posts: it was started without an app secret")
		return
	case sig == "":
		s.refuse(w, start, reasonNoSignature, http.StatusUnauthorized, "missing "+SignatureHeader)
		return
	case !validSignature(s.cfg.AppSecret, body, sig):
		s.refuse(w, start, reasonBadSignature, http.StatusForbidden, SignatureHeader+" does not match the body under the app secret")
		return
	}
	s.store1(w, r, start, FlavorCloud, body)
}

func (s *Server) postOnPremises(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	s.m.received.WithLabelValues(FlavorOnPremises).Inc()
	body, ok := s.readBody(w, r, start)
	if !ok {
		return
	}
	cred := r.PathValue("token")
	if cred == "" {
		if _, pass, ok := r.BasicAuth(); ok {
			cred = pass
		} else if bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
			cred = bearer
		}
	}
	if s.cfg.OnPremisesToken == "" || cred == "" || !equalSecret(cred, s.cfg.OnPremisesToken) {
		s.refuse(w, start, reasonUnauthorized, http.StatusUnauthorized,
			"On-Premises posts need the receiver's On-Premises token as the last path segment, a bearer token or the HTTP Basic password")
		return
	}
	s.store1(w, r, start, FlavorOnPremises, body)
}

// readBody reads at most MaxBody bytes; a larger body is refused with 413
// without being read to its end.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request, start time.Time) ([]byte, bool) {
	if r.ContentLength > s.cfg.MaxBody {
		s.refuse(w, start, reasonTooLarge, http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is larger than %d bytes", s.cfg.MaxBody))
		return nil, false
	}
	buf := make([]byte, 0, min(max(r.ContentLength, 512), s.cfg.MaxBody)+1)
	body, err := readAllLimited(r.Body, buf, s.cfg.MaxBody)
	if errors.Is(err, errTooLarge) {
		s.refuse(w, start, reasonTooLarge, http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is larger than %d bytes", s.cfg.MaxBody))
		return nil, false
	}
	if err != nil {
		s.refuse(w, start, reasonMalformedJSON, http.StatusBadRequest, "reading the body: "+err.Error())
		return nil, false
	}
	return body, true
}

func (s *Server) refuse(w http.ResponseWriter, start time.Time, reason string, code int, msg string) {
	s.m.refused.WithLabelValues(reason).Inc()
	if code == http.StatusRequestEntityTooLarge {
		w.Header().Set("Connection", "close") // the rest of the body is not read
	}
	http.Error(w, msg, code)
	s.observe(start, code)
}

func (s *Server) observe(start time.Time, code int) {
	s.m.answer.WithLabelValues(fmt.Sprint(code)).Observe(time.Since(start).Seconds())
}

// store1 checks the body is a JSON object, commits it and answers 200 only
// once it is committed.
func (s *Server) store1(w http.ResponseWriter, r *http.Request, start time.Time, flavor string, body []byte) {
	if !isJSONObject(body) {
		s.refuse(w, start, reasonMalformedJSON, http.StatusBadRequest, "the body is not a JSON object")
		return
	}
	dup, err := s.accept.submit(r.Context(), Post{Flavor: flavor, Body: body, ReceivedAt: start})
	if err != nil {
		s.log.Error("storing a post failed; answered 503 so WhatsApp retries", "error", err)
		s.refuse(w, start, reasonStoreFailed, http.StatusServiceUnavailable, "the post could not be stored; retry")
		return
	}
	if dup {
		s.m.duplicates.WithLabelValues(flavor).Inc()
	} else {
		s.m.accepted.WithLabelValues(flavor).Inc()
	}
	w.WriteHeader(http.StatusOK)
	s.observe(start, http.StatusOK)
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		http.Error(w, "the store does not answer: "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write([]byte("ok\n"))
}

// pruneLoop deletes what is older than the retention, hourly.
func (s *Server) pruneLoop(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if err := s.store.Prune(ctx, time.Now().Add(-s.cfg.Retention)); err != nil && ctx.Err() == nil {
			s.log.Error("pruning failed", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
