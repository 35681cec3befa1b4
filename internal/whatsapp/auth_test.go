package whatsapp_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The token is reused until shortly before expires_after, in both the
// documented layout and RFC 3339, then the client logs in again by itself.
func TestLoginExpiryLayouts(t *testing.T) {
	layouts := map[string]string{
		"documented": "2006-01-02 15:04:05-07:00",
		"rfc3339":    time.RFC3339,
	}
	for name, layout := range layouts {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var logins atomic.Int32
			api := newFakeAPI(t, func(_ int, w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/v1/users/login" {
					if u, p, ok := r.BasicAuth(); !ok || u != sandbox.DefaultUsername || p != sandbox.DefaultPassword || r.Header.Get("Content-Type") != "application/json" {
						writeJSON(w, 401, `{"errors":[{"code":1005,"title":"Access denied"}]}`)
						return
					}
					logins.Add(1)
					exp := time.Now().Add(1500 * time.Millisecond).Format(layout)
					writeJSON(w, 200, `{"users":[{"token":"tok","expires_after":"`+exp+`"}]}`)
					return
				}
				if r.Header.Get("Authorization") != "Bearer tok" {
					writeJSON(w, 401, `{"errors":[{"code":1005,"title":"Access denied"}]}`)
					return
				}
				writeJSON(w, 200, `{"settings":{"application":{"media":{}}}}`)
			})
			cfg := fastConfig(whatsapp.OnPremises, api.URL)
			cfg.AccessToken, cfg.Username, cfg.Password = "", sandbox.DefaultUsername, sandbox.DefaultPassword
			c := mustNew(t, cfg)
			for i := 0; i < 3; i++ {
				if list, err := c.ListMediaProviders(context.Background()); err != nil || len(list) != 0 {
					t.Fatalf("list: %v %v", list, err)
				}
			}
			if logins.Load() != 1 {
				t.Fatalf("logins = %d, want 1 while the token is fresh", logins.Load())
			}
			time.Sleep(1600 * time.Millisecond)
			if _, err := c.ListMediaProviders(context.Background()); err != nil {
				t.Fatal(err)
			}
			if logins.Load() != 2 {
				t.Errorf("logins = %d, want 2 after expiry", logins.Load())
			}
		})
	}
}

// Wrong credentials: a clear error, no loop of logins.
func TestLoginRejected(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	cfg := fastConfig(whatsapp.OnPremises, sb.URL())
	cfg.AccessToken, cfg.Username, cfg.Password = "", sandbox.DefaultUsername, "wrong"
	_, err := mustNew(t, cfg).GetMedia(context.Background(), "x")
	if err == nil || whatsapp.IsNotFound(err) {
		t.Fatalf("want a login error, got %v", err)
	}
	if got := err.Error(); !strings.Contains(got, "check username and password") {
		t.Errorf("error should say what to check: %s", got)
	}
	if n := countRequests(sb, "POST", "/users/login"); n != 1 {
		t.Errorf("login attempts = %d, want 1", n)
	}
}

// After the server expires every token, 20 concurrent callers that all get
// 401 cause exactly one new login between them.
func TestSandboxConcurrentRefreshIsShared(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	c := sandboxClient(t, sb, whatsapp.OnPremises, nil)
	if _, err := c.ListMediaProviders(context.Background()); err != nil {
		t.Fatal(err)
	}
	sb.ExpireTokens()
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.ListMediaProviders(context.Background()); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if sb.Logins() != 2 {
		t.Errorf("logins = %d, want 2 (the first and one refresh)", sb.Logins())
	}
}

// A 401 that a fresh login does not cure is final: one re-login, one repeat
// of the send, then the 401 itself (the API refused it, nothing was sent).
func TestSecond401AfterFreshLoginIsFinal(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	c := sandboxClient(t, sb, whatsapp.OnPremises, nil)
	sb.InjectFault(sandbox.Fault{Kind: sandbox.FaultExpireToken, PathSuffix: "/messages", Times: 5})
	_, err := c.SendMediaMessage(context.Background(), whatsapp.MediaMessage{To: "15551234567", Type: "image", Link: "https://example.com/a.png"})
	var ae *whatsapp.APIError
	if !errors.As(err, &ae) || ae.HTTPStatus != http.StatusUnauthorized || whatsapp.IsOutcomeUnknown(err) {
		t.Fatalf("want the plain 401, got %v", err)
	}
	if n := countRequests(sb, "POST", "/messages"); n != 2 {
		t.Errorf("send requests = %d, want 2", n)
	}
	if sb.Logins() != 2 {
		t.Errorf("logins = %d, want 2 (the first and one re-login)", sb.Logins())
	}
}
