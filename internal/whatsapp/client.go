// Package whatsapp is a client for the WhatsApp Business API in its two flavors:
// the On-Premises "v1" API (still spoken by BSP gateways) and the Cloud API.
//
// It knows nothing of Terraform. It owns authentication (static tokens, custom
// key headers, On-Premises login with token refresh), the retry policy that keeps
// message sends at-most-once, streaming uploads, and decoding of both error bodies
// into one *APIError.
package whatsapp

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Defaults applied by New when a Config field is zero.
const (
	DefaultCloudBaseURL   = "https://graph.facebook.com"
	DefaultAPIVersion     = "v23.0"
	DefaultRequestTimeout = 60 * time.Second
	DefaultMaxRetries     = 4
	// MaxRetriesLimit is the most retries a configuration may ask for.
	MaxRetriesLimit   = 20
	DefaultMinBackoff = 1 * time.Second
	DefaultMaxBackoff = 30 * time.Second
	DefaultUserAgent  = "terraform-provider-whatsapp/0.0.0;dev" // matches UserAgentPattern
)

// Config holds everything needed to talk to one WhatsApp API endpoint.
type Config struct {
	// Flavor is Cloud or OnPremises. Empty means FlavorFor(BaseURL,
	// PhoneNumberID): Cloud when a phone number ID is set, when there is no
	// base URL or when it is Meta's host; OnPremises for any other base URL.
	Flavor        Flavor
	BaseURL       string // scheme://host[:port][/prefix]; no trailing slash needed
	APIVersion    string // Cloud only, e.g. "v23.0"
	PhoneNumberID string // Cloud only

	// AccessToken is a Cloud token, or a ready On-Premises/BSP token. When set it
	// is used as is and the client never logs in.
	AccessToken string
	// Username and Password let the On-Premises client log in (POST /v1/users/login)
	// and log in again when the token nears expiry or a call gets 401.
	Username string
	Password string
	// AuthHeader, when set, sends AccessToken raw in this header instead of
	// "Authorization: Bearer" (BSP gateways such as "D360-API-KEY").
	AuthHeader string

	CACertPEM          string        // extra trusted CA, PEM
	InsecureSkipVerify bool          // skip TLS verification (self-signed test setups only)
	RequestTimeout     time.Duration // per HTTP attempt; for uploads, the longest pause in sending the body
	// MaxRetries is the number of retries after the first attempt, for calls the
	// policy allows. 0 means no retries; a negative value means DefaultMaxRetries.
	MaxRetries int

	// MinBackoff and MaxBackoff bound the jittered exponential backoff between
	// retries (defaults 1s and 30s). A Retry-After header overrides the backoff.
	MinBackoff time.Duration
	MaxBackoff time.Duration

	UserAgent string // e.g. "terraform-provider-whatsapp/1.2.3"

	// BusinessAccountID is the WhatsApp Business Account ID whose templates
	// the client manages (Cloud); AppID is the Meta app whose Resumable
	// Upload API takes template header examples (Cloud).
	BusinessAccountID string
	AppID             string

	// TemplateNamespace is the On-Premises template namespace a template
	// message uses when it names none itself. Cloud takes none.
	TemplateNamespace string

	// MaxMessagesPerSecond caps message sends of this client (0: no cap).
	// Below it, sends follow the pace the API's throttling answers show.
	MaxMessagesPerSecond float64

	// HTTPClient replaces the client New builds (TLS settings are then ignored).
	HTTPClient *http.Client
	// Logger receives one entry per HTTP attempt. It never receives tokens,
	// passwords or request bodies. Nil means no logging.
	Logger Logger
}

// Logger is the client's only logging hook, so callers can route entries to
// their own logging system (the provider sends them to tflog).
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
}

// ConfigError is returned by New for a Config that cannot work. Field names the
// Config field at fault so callers can attach the message to their own setting.
type ConfigError struct {
	Field   string // Config field name, e.g. "BaseURL"
	Message string // what is wrong and what to do
}

func (e *ConfigError) Error() string {
	return fmt.Sprintf("invalid WhatsApp client configuration (%s): %s", e.Field, e.Message)
}

// Client talks to one WhatsApp API endpoint. It is safe for concurrent use.
type Client struct {
	cfg  Config
	base *url.URL // parsed BaseURL, no trailing slash in Path
	http *http.Client
	auth tokenCache
	pace *pacer // shared by every message send (pace.go)
	// clock follows the API's Date header (server_clock.go).
	clock serverClock
}

// New validates cfg, applies defaults and returns a client. It makes no request.
func New(cfg Config) (*Client, error) {
	if cfg.Flavor == "" {
		cfg.Flavor = FlavorFor(cfg.BaseURL, cfg.PhoneNumberID)
	}
	switch cfg.Flavor {
	case Cloud:
		if cfg.PhoneNumberID == "" {
			return nil, &ConfigError{"PhoneNumberID", "the Cloud API needs the phone number ID (find it in the WhatsApp Manager or App Dashboard)"}
		}
		if CheckPhoneNumberID(cfg.PhoneNumberID) != NoProblem {
			return nil, &ConfigError{"PhoneNumberID", fmt.Sprintf("%q is not a phone number ID (digits only)", cfg.PhoneNumberID)}
		}
		if cfg.BaseURL == "" {
			cfg.BaseURL = DefaultCloudBaseURL
		}
		if cfg.APIVersion == "" {
			cfg.APIVersion = DefaultAPIVersion
		}
		if !APIVersionPattern.MatchString(cfg.APIVersion) {
			return nil, &ConfigError{"APIVersion", fmt.Sprintf("%q is not a Graph API version; use the form %q", cfg.APIVersion, DefaultAPIVersion)}
		}
		if cfg.AccessToken == "" {
			return nil, &ConfigError{"AccessToken", "the Cloud API needs an access token (a system-user token); username and password work only on the On-Premises API"}
		}
	case OnPremises:
		if cfg.BaseURL == "" {
			return nil, &ConfigError{"BaseURL", "the On-Premises API needs the base URL of its host, e.g. https://wa.example.com:9090"}
		}
		if cfg.AccessToken == "" && (cfg.Username == "" || cfg.Password == "") {
			return nil, &ConfigError{"AccessToken", "set an access token, or both username and password so the client can log in"}
		}
		if cfg.AccessToken == "" && strings.Contains(cfg.Username, ":") {
			// The login sends HTTP Basic credentials, "user:password": the
			// server splits them at the first colon, so every login would fail.
			return nil, &ConfigError{"Username", fmt.Sprintf("%q holds a colon, which HTTP Basic authentication (the login) cannot carry in a user name", cfg.Username)}
		}
	default:
		return nil, &ConfigError{"Flavor", fmt.Sprintf("unknown API flavor %q; use %q or %q", cfg.Flavor, Cloud, OnPremises)}
	}

	base, err := parseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, &ConfigError{"BaseURL", err.Error()}
	}
	if problem := checkBaseURLPath(cfg.Flavor, base.Path); problem != "" {
		return nil, &ConfigError{"BaseURL", fmt.Sprintf("%q: %s.", cfg.BaseURL, problem)}
	}
	if i := strings.IndexFunc(cfg.AccessToken, isControl); i >= 0 {
		// It goes in a header, where net/http would refuse it on every request.
		return nil, &ConfigError{"AccessToken", fmt.Sprintf("holds a control character (%q at byte %d), such as the "+
			"final newline of a file it was read from: remove it", cfg.AccessToken[i], i)}
	}
	if cfg.AuthHeader != "" && !validHeaderName(cfg.AuthHeader) {
		return nil, &ConfigError{"AuthHeader", fmt.Sprintf("%q is not a valid HTTP header name", cfg.AuthHeader)}
	}

	switch {
	case cfg.RequestTimeout < 0:
		return nil, &ConfigError{"RequestTimeout", "must not be negative"}
	case cfg.RequestTimeout == 0:
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.MaxRetries < 0 {
		cfg.MaxRetries = DefaultMaxRetries
	}
	if cfg.MinBackoff < 0 || cfg.MaxBackoff < 0 {
		return nil, &ConfigError{"MinBackoff", "backoff durations must not be negative"}
	}
	if cfg.MinBackoff == 0 {
		cfg.MinBackoff = DefaultMinBackoff
	}
	if cfg.MaxBackoff == 0 {
		cfg.MaxBackoff = DefaultMaxBackoff
	}
	if cfg.MinBackoff > cfg.MaxBackoff {
		return nil, &ConfigError{"MaxBackoff", fmt.Sprintf("max backoff %s is shorter than min backoff %s", cfg.MaxBackoff, cfg.MinBackoff)}
	}
	if cfg.MaxMessagesPerSecond < 0 || math.IsNaN(cfg.MaxMessagesPerSecond) {
		return nil, &ConfigError{"MaxMessagesPerSecond", "must be more than 0 (or 0 for no ceiling)"}
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}

	hc := cfg.HTTPClient
	if hc == nil {
		hc, err = newHTTPClient(cfg)
		if err != nil {
			return nil, err
		}
	}
	c := &Client{cfg: cfg, base: base, http: hc, pace: newPacer(cfg.MaxMessagesPerSecond)}
	c.auth.init()
	return c, nil
}

// parseBaseURL accepts scheme://host[:port][/prefix] with an http(s) scheme.
func parseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	switch CheckHTTPURL(strings.TrimSpace(raw)) {
	case URLNotParsed:
		return nil, fmt.Errorf("%q is not a URL: %v", raw, err)
	case URLNotHTTP:
		return nil, fmt.Errorf("%q must start with https:// (or http:// for a local test server)", raw)
	case URLNoHost:
		return nil, fmt.Errorf("%q has no host", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("%q must not contain user info, a query or a fragment", raw)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

func validHeaderName(name string) bool {
	for _, r := range name {
		if !isTokenChar(r) {
			return false
		}
	}
	return name != ""
}

// isControl reports whether r is an ASCII control character, which no header value may hold.
func isControl(r rune) bool { return r < 0x20 && r != '\t' || r == 0x7f }

// isTokenChar reports whether r may appear in an HTTP header name (an RFC 9110 token).
func isTokenChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("!#$%&'*+-.^_`|~", r)
}

// Flavor reports which API this client speaks.
func (c *Client) Flavor() Flavor { return c.cfg.Flavor }

// BusinessAccountID is the configured WhatsApp Business Account ID, or "".
func (c *Client) BusinessAccountID() string { return c.cfg.BusinessAccountID }

// AppID is the configured Meta app ID, or "".
func (c *Client) AppID() string { return c.cfg.AppID }

// TemplateNamespace is the configured On-Premises template namespace, or "".
func (c *Client) TemplateNamespace() string { return c.cfg.TemplateNamespace }

// Sender names who sends this client's messages: the API flavor, its address
// and, on Cloud, the business phone number ID. Two clients with the same
// Sender send as the same business; a message sent by one is not the other's.
func (c *Client) Sender() string {
	return string(c.cfg.Flavor) + " " + c.base.String() + " " + c.cfg.PhoneNumberID
}

// PhoneNumberID is the Cloud phone number ID the client sends from ("" On-Premises).
func (c *Client) PhoneNumberID() string { return c.cfg.PhoneNumberID }

// endpoint joins the base URL and escaped path segments. Segments are escaped
// one by one so an ID or name can never add path levels or a query.
func (c *Client) endpoint(segments ...string) string {
	var b strings.Builder
	b.WriteString(c.base.Scheme)
	b.WriteString("://")
	b.WriteString(c.base.Host)
	b.WriteString(c.base.EscapedPath())
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}

// cloudURL is {base}/{version}/{segments...}.
func (c *Client) cloudURL(segments ...string) string {
	return c.endpoint(append([]string{c.cfg.APIVersion}, segments...)...)
}

// onPremURL is {base}/v1/{segments...}.
func (c *Client) onPremURL(segments ...string) string {
	return c.endpoint(append([]string{"v1"}, segments...)...)
}
