package whatsapp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// tokenCache holds the On-Premises login token. One login runs at a time
// (sem), and callers that waited for it reuse its token: twenty goroutines
// that find no token cause exactly one login.
type tokenCache struct {
	sem chan struct{} // one slot, held while logging in

	mu        sync.Mutex
	token     string
	refreshAt time.Time // log in again from here on; zero: until a 401 says so
}

func (t *tokenCache) init() { t.sem = make(chan struct{}, 1) }

// current returns the cached token if it is still fresh enough to use.
func (t *tokenCache) current(now time.Time) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.token == "" || (!t.refreshAt.IsZero() && !now.Before(t.refreshAt)) {
		return ""
	}
	return t.token
}

func (t *tokenCache) lock(ctx context.Context) error {
	select {
	case t.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (t *tokenCache) unlock() { <-t.sem }

// usesLogin is true when calls carry a token from POST /v1/users/login.
func (c *Client) usesLogin() bool {
	return c.cfg.Flavor == OnPremises && c.cfg.AccessToken == ""
}

// authorize sets the request's credentials and returns the login token used
// ("" when the credentials are static).
func (c *Client) authorize(ctx context.Context, cl *call, req *http.Request) (string, error) {
	switch {
	case cl.basicAuth:
		req.SetBasicAuth(c.cfg.Username, c.cfg.Password)
		return "", nil
	case cl.anonymous:
		return "", nil
	case cl.appToken != "":
		req.Header.Set("Authorization", "Bearer "+cl.appToken)
		return "", nil
	case cl.foreignHost && req.URL.Scheme != "https" && req.URL.Host != c.base.Host:
		// Never send a token in clear text to a host we were not configured for.
		return "", nil
	case c.usesLogin():
		tok, err := c.loginToken(ctx)
		if err != nil {
			return "", err
		}
		req.Header.Set("Authorization", "Bearer "+tok)
		return tok, nil
	case c.cfg.AuthHeader != "":
		req.Header.Set(c.cfg.AuthHeader, c.cfg.AccessToken)
	case cl.oauth:
		req.Header.Set("Authorization", "OAuth "+c.cfg.AccessToken)
	default:
		req.Header.Set("Authorization", "Bearer "+c.cfg.AccessToken)
	}
	return "", nil
}

// loginToken returns a usable login token, logging in if there is none or it
// is about to expire.
func (c *Client) loginToken(ctx context.Context) (string, error) {
	if tok := c.auth.current(time.Now()); tok != "" {
		return tok, nil
	}
	if err := c.auth.lock(ctx); err != nil {
		return "", err
	}
	defer c.auth.unlock()
	// Someone may have logged in while we waited.
	if tok := c.auth.current(time.Now()); tok != "" {
		return tok, nil
	}
	return c.login(ctx)
}

// refreshLogin logs in again after stale got 401, unless another caller has
// already replaced stale with a new token.
func (c *Client) refreshLogin(ctx context.Context, stale string) error {
	if err := c.auth.lock(ctx); err != nil {
		return err
	}
	defer c.auth.unlock()
	c.auth.mu.Lock()
	replaced := c.auth.token != "" && c.auth.token != stale
	if !replaced {
		c.auth.token = "" // stale is dead whatever happens next
	}
	c.auth.mu.Unlock()
	if replaced {
		return nil
	}
	_, err := c.login(ctx)
	return err
}

// loginReply is {"users":[{"token":"...","expires_after":"2021-09-14 15:29:26+00:00"}]}.
type loginReply struct {
	Users []struct {
		Token        string `json:"token"`
		ExpiresAfter string `json:"expires_after"`
	} `json:"users"`
}

// login runs POST /v1/users/login with Basic auth. The caller holds the sem.
func (c *Client) login(ctx context.Context) (string, error) {
	started := time.Now()
	resp, err := c.do(ctx, &call{
		method:      http.MethodPost,
		url:         c.onPremURL("users", "login"),
		contentType: "application/json",
		body:        []byte{},
		idempotent:  true, // a second login only issues a second token
		basicAuth:   true,
	})
	if err != nil {
		var ae *APIError
		if errors.As(err, &ae) && ae.HTTPStatus == http.StatusUnauthorized {
			return "", fmt.Errorf("log in to the On-Premises API as %q: %w (check username and password)", c.cfg.Username, err)
		}
		return "", fmt.Errorf("log in to the On-Premises API as %q: %w", c.cfg.Username, err)
	}
	defer resp.Body.Close()
	var reply loginReply
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&reply); err != nil {
		return "", fmt.Errorf("log in to the On-Premises API: unreadable reply: %w", err)
	}
	if len(reply.Users) == 0 || reply.Users[0].Token == "" {
		return "", errors.New("log in to the On-Premises API: the reply holds no token (is base_url an On-Premises API?)")
	}
	u := reply.Users[0]

	var refreshAt time.Time
	if exp, ok := parseExpiry(u.ExpiresAfter); ok {
		// Refresh a little before expiry so a call never starts with a token
		// that dies in flight: a minute, or 1% of the lifetime when shorter.
		// An expiry already past (clock skew) is ignored; a 401 then tells.
		if life := exp.Sub(started); life > 0 {
			margin := min(time.Minute, life/100)
			refreshAt = exp.Add(-margin)
		}
	}
	c.auth.mu.Lock()
	c.auth.token = u.Token
	c.auth.refreshAt = refreshAt
	c.auth.mu.Unlock()
	return u.Token, nil
}

// parseExpiry reads expires_after: "2006-01-02 15:04:05-07:00" per the
// docs, and RFC 3339 from gateways that normalised it.
func parseExpiry(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range []string{
		"2006-01-02 15:04:05-07:00",
		"2006-01-02 15:04:05Z07:00",
		"2006-01-02 15:04:05.999999999-07:00",
		"2006-01-02 15:04:05-0700",
		time.RFC3339Nano,
		time.RFC3339,
	} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
