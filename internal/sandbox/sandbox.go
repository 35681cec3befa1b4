// Package sandbox is a faithful stand-in for the WhatsApp Business API, serving
// both flavors on loopback: the On-Premises "v1" API under /v1/... and the Cloud
// API under /{version}/{phone-number-id}/... and /{version}/{media-id}.
//
// It applies the documented request checks (auth, the message field table,
// MIME types and size limits, exactly one of id/link, http(s) links, unknown
// media IDs) and answers with the documented bodies, including error bodies.
// It keeps what it received so tests can assert on it, and injects faults on
// demand. It is not a mock of our client: it is built from the API reference
// (internal/whatsapp/API.md) and imports nothing from the client package; only
// its tests do (facts_test.go), to hold its tables to the client's.
//
// Files: server.go routes and records requests; onprem.go, media_providers.go and
// cloud.go serve the two flavors; phone_numbers.go serves the Cloud phone
// number's fields; messages.go checks message bodies;
// upload.go streams uploads; mediatypes.go holds the MIME and size tables;
// errors.go writes each flavor's error body; faults.go injects faults;
// control.go serves /_sandbox/; inbox.go, inbox_view.go and inbox.html serve
// the inbox page at / for people; store.go keeps the state; ids.go makes IDs;
// chaos.go and chaos_control.go inject seeded faults at scale; ratelimit.go
// limits the throughput of message sends as a gateway does; tls.go serves
// https with a CA of its own; speccheck.go applies Meta's OpenAPI patterns in
// strict mode (Options.Strict);
// statuses.go decides each accepted message's statuses, webhook_delivery.go
// posts them, webhooks.go keeps where they go (and makes Cloud's verification
// challenge), statuses_control.go serves them on the control API; window.go keeps each
// customer's 24-hour window; templates.go keeps the message templates,
// template_messages.go checks template sends against them and template_api.go
// serves template management and the Resumable Upload API; business_profile.go
// serves the business profile and its photo.
package sandbox

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

// Options configure a sandbox. Zero values get the defaults shown.
type Options struct {
	Addr          string // listen address, default "127.0.0.1:0"
	Username      string // On-Premises login user, default "admin"
	Password      string // On-Premises login password, default "secret"
	AccessToken   string // Cloud token, and a static On-Premises token, default "sandbox-token"
	AuthHeader    string // if set, On-Premises also accepts AccessToken raw in this header (BSP style)
	PhoneNumberID string // Cloud phone number ID, default "106540352242922"
	// TemplateNamespace is the On-Premises template namespace, default DefaultTemplateNamespace.
	TemplateNamespace string
	// BusinessAccountID (the WABA ID, for /message_templates) and AppID (for the
	// Resumable Upload API), defaults DefaultBusinessAccountID and DefaultAppID.
	BusinessAccountID string
	AppID             string
	TokenTTL          time.Duration // On-Premises login token lifetime, default 7 days

	// DiscardMediaBytes keeps only size, SHA-256 and content type of uploads,
	// so upload benchmarks do not make the sandbox hold 100 MB files. Reads of
	// such media serve zero bytes of the right length.
	DiscardMediaBytes bool

	// TLS serves https with a certificate from a CA made for this run
	// (CACertPEM); the CA is in no trust store (tls.go).
	TLS bool

	// Strict also refuses Cloud requests that break patterns Meta's OpenAPI
	// spec declares but the Graph API does not enforce: a User-Agent outside
	// the spec's pattern, a phone-number-ID segment that is not all digits
	// (speccheck.go). It is for testing a client's conformance, as this
	// provider's own tests do; leave it off to accept what WhatsApp accepts.
	Strict bool

	// Statuses (statuses.go, webhooks.go, webhook_delivery.go).
	AppSecret    string         // signs Cloud webhook payloads (X-Hub-Signature-256), default "sandbox-app-secret"
	WABAID       string         // the WhatsApp Business Account ID in Cloud payloads, default "102290129340398"
	WebhookURL   string         // the Cloud app's callback URL (set in the App Dashboard on the real API); default none
	Statuses     StatusSchedule // when sent, delivered and read happen; zero: DefaultStatusSchedule
	WebhookRetry WebhookRetry   // how hard a status is delivered; zero: DefaultWebhookRetry
}

// Defaults, exported so tests and the command can print what a zero Options means.
const (
	DefaultAddr          = "127.0.0.1:0"
	DefaultUsername      = "admin"
	DefaultPassword      = "secret"
	DefaultAccessToken   = "sandbox-token"
	DefaultPhoneNumberID = "106540352242922"
	DefaultTokenTTL      = 7 * 24 * time.Hour
	DefaultAppSecret     = "sandbox-app-secret"
	DefaultWABAID        = "102290129340398"
)

func (o Options) withDefaults() Options {
	if o.Addr == "" {
		o.Addr = DefaultAddr
	}
	if o.Username == "" {
		o.Username = DefaultUsername
	}
	if o.Password == "" {
		o.Password = DefaultPassword
	}
	if o.AccessToken == "" {
		o.AccessToken = DefaultAccessToken
	}
	if o.PhoneNumberID == "" {
		o.PhoneNumberID = DefaultPhoneNumberID
	}
	if o.BusinessAccountID == "" {
		o.BusinessAccountID = DefaultBusinessAccountID
	}
	if o.AppID == "" {
		o.AppID = DefaultAppID
	}
	if o.TemplateNamespace == "" {
		o.TemplateNamespace = DefaultTemplateNamespace
	}
	if o.TokenTTL <= 0 {
		o.TokenTTL = DefaultTokenTTL
	}
	if o.AppSecret == "" {
		o.AppSecret = DefaultAppSecret
	}
	if o.WABAID == "" {
		o.WABAID = DefaultWABAID
	}
	return o
}

// Server is a running sandbox.
type Server struct {
	opts    Options
	st      *store
	phone   phoneState  // the Cloud phone number's fields (phone_numbers.go)
	limit   rateLimiter // throughput limit on sends (ratelimit.go)
	handler http.Handler
	routes  routes
	ln      net.Listener
	srv     *http.Server
	url     string
	chaos   chaosState // chaos.go
	caPEM   string     // tls.go
	// customers holds when each customer last wrote (window.go).
	customers customers
	templates templates    // the business's message templates (templates.go)
	profile   profileState // the business profile (business_profile.go)
	account   accountState // subscription, QR codes, automation (account.go)

	statuses statusEngine  // statuses.go
	hooks    webhookConfig // webhooks.go

	// inFlight counts API requests being served: a test counts what a
	// stopped client sent only once none is open.
	inFlight atomic.Int64
}

// New starts a sandbox on loopback. Call Close when done.
func New(opts Options) (*Server, error) {
	s := newServer(opts)
	ln, err := net.Listen("tcp", s.opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("sandbox: listen on %q: %w (pick a free address, or use 127.0.0.1:0)", s.opts.Addr, err)
	}
	s.ln = ln
	s.url = "http://" + ln.Addr().String()
	if s.opts.TLS {
		if ln, err = s.listenTLS(ln); err != nil {
			_ = s.ln.Close()
			return nil, err
		}
		s.url = "https://" + s.ln.Addr().String()
	}
	// ReadHeaderTimeout only: bodies may be 100 MB uploads on slow test machines.
	s.srv = &http.Server{Handler: s.handler, ReadHeaderTimeout: 30 * time.Second}
	// Serve only returns once Close ran or the listener broke; in both cases
	// there is no caller left to tell, and Close stays safe to call.
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

// newServer builds a sandbox without listening; New adds the listener.
func newServer(opts Options) *Server {
	s := &Server{opts: opts.withDefaults()}
	s.st = newStore(s.opts.Password)
	s.templates.reset(s.st.now())
	s.profile.reset()
	s.account.reset()
	s.statuses.init(s.opts.Statuses)
	s.hooks.set(WebhookSettings{CloudAppURL: s.opts.WebhookURL})
	s.routes = s.buildRoutes()
	s.handler = http.HandlerFunc(s.serveHTTP)
	return s
}

// URL is the base URL, e.g. "http://127.0.0.1:41234" (no trailing slash).
func (s *Server) URL() string { return s.url }

// Handler serves the sandbox's API (useful for httptest or a custom listener).
func (s *Server) Handler() http.Handler { return s.handler }

// Close stops the server.
func (s *Server) Close() {
	if s.srv != nil {
		_ = s.srv.Close()
	}
	s.statuses.stop(false) // pending statuses are dropped, not sent
}

// EffectiveOptions returns the options in use, defaults filled in.
func (s *Server) EffectiveOptions() Options { return s.opts }

// Flavor names as stored in records.
const (
	FlavorCloud      = "cloud"
	FlavorOnPremises = "on_premises"
)

// StoredMedia is one uploaded media object.
type StoredMedia struct {
	ID          string
	Flavor      string
	ContentType string
	Filename    string // Cloud multipart filename; empty on On-Premises
	Data        []byte // nil when Options.DiscardMediaBytes is set or the media is deleted
	Size        int64  // bytes received, kept even when Data is discarded
	SHA256      string // hex
	Deleted     bool
}

// ReceivedMessage is one accepted message send.
type ReceivedMessage struct {
	ID     string
	Flavor string
	Body   json.RawMessage // the request body exactly as received
	To     string
	Type   string
	// Received is when the sandbox accepted the message (set by the store).
	Received time.Time
	// Failure, set at accept time, makes failed the message's only status
	// (statuses.go); nil lets the world decide.
	Failure *Failure
}

// Request is one HTTP request the sandbox answered (auth headers are not kept).
// Status is 0 when the sandbox closed the connection without answering.
type Request struct {
	Method string
	Path   string
	Status int
	// To is the "to" of a send (a POST to .../messages) exactly as the body
	// wrote it, answered or not: what a gateway would have seen.
	To string
	// Arrived is when the request reached the sandbox (wall clock, not the
	// sandbox's advanceable clock): a test compares it with when it stopped
	// a client, to prove no request started after.
	Arrived time.Time
	// UserAgent is the request's User-Agent header: which client (which
	// build of it) sent it.
	UserAgent string
}

// MediaProvider is one On-Premises media provider entry as stored.
type MediaProvider struct {
	Name          string
	Type          string
	Bearer        string
	BasicUsername string
	BasicPassword string
}

// Inspection, for tests and the quickstart. All return copies.
func (s *Server) Media() []StoredMedia                    { return s.st.liveMedia() } // live media, upload order
func (s *Server) MediaByID(id string) (StoredMedia, bool) { return s.st.mediaByID(id) }
func (s *Server) Messages() []ReceivedMessage             { return s.st.messageList() }
func (s *Server) Requests() []Request                     { return s.st.requestList() }

// InFlight is how many API requests the sandbox is serving now (control API
// and inbox requests are not counted).
func (s *Server) InFlight() int                   { return int(s.inFlight.Load()) }
func (s *Server) Logins() int                     { return s.st.loginCount() } // successful POST /v1/users/login
func (s *Server) MediaProviders() []MediaProvider { return s.st.providerList() }

// Out-of-band changes, as if someone else acted on the account.
func (s *Server) DeleteMedia(id string) bool { return s.st.deleteMedia(id, "") }
func (s *Server) ExpireTokens()              { s.st.expireTokens() } // every issued login token now gets 401

// AdvanceClock moves the sandbox's clock forward by d: Cloud media uploaded
// more than 30 days before the new time has expired, as on the real API.
func (s *Server) AdvanceClock(d time.Duration)         { s.st.advanceClock(d) }
func (s *Server) PutMediaProvider(p MediaProvider)     { s.st.putProviders([]MediaProvider{withType(p)}) }
func (s *Server) RemoveMediaProvider(name string) bool { return s.st.removeProvider(name) }

// withType fills the only provider type there is, so entries put from Go
// read back like ones created over the API.
func withType(p MediaProvider) MediaProvider {
	if p.Type == "" {
		p.Type = "www"
	}
	return p
}

// FaultKind says how a fault answers.
type FaultKind string

const (
	FaultStatus      FaultKind = "status"       // answer Status with the flavor's error body (Code, Title); RetryAfter header if set
	FaultDropBefore  FaultKind = "drop_before"  // close the connection before reading the request; nothing is acted on
	FaultDropAfter   FaultKind = "drop_after"   // act on the request fully (store media/message), then close without answering
	FaultLatency     FaultKind = "latency"      // sleep Delay, then serve normally
	FaultExpireToken FaultKind = "expire_token" // answer 401 as for an expired token
)

// Fault is one injected misbehaviour. It matches requests by Method (empty: any)
// and PathSuffix (empty: any; e.g. "/messages", "/media", "/users/login"),
// fires Times times (0 means once), then disarms.
type Fault struct {
	Kind       FaultKind
	Method     string
	PathSuffix string
	Times      int
	Status     int
	Code       int    // error code in the body; default by flavor and status
	Title      string // error title/message in the body
	RetryAfter string // Retry-After header value, e.g. "1"
	Delay      time.Duration
}

// InjectFault arms a fault. Faults are checked in the order armed.
func (s *Server) InjectFault(f Fault) { s.st.armFault(f) }

// Reset clears media, messages, requests, faults, the chaos plan, providers,
// statuses (pending ones are dropped), the world and the webhook settings.
// Which customers wrote is forgotten (every 24-hour window is closed) and the
// templates go back to WelcomeTemplate alone, with the default review.
// It also sets the login count to zero and restores Options.Password and
// DefaultPhoneNumber; issued login tokens stay valid so a client that already
// logged in keeps working.
func (s *Server) Reset() {
	s.statuses.stop(true) // before the store forgets the statuses they would add to
	s.hooks.set(WebhookSettings{CloudAppURL: s.opts.WebhookURL})
	s.st.reset(s.opts.Password)
	s.phone.reset()
	s.customers.reset()
	s.templates.reset(s.st.now())
	s.profile.reset()
	s.account.reset()
	_ = s.SetChaos(Chaos{}) // a zero plan is always valid
}
