package whatsapp_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

const (
	testPhone = "106540352242922"
	testToken = "sandbox-token"
	testUser  = "admin"
	testPass  = "secret"
)

// fastConfig is a Config with millisecond backoff so retry tests stay fast.
func fastConfig(flavor whatsapp.Flavor, baseURL string) whatsapp.Config {
	cfg := whatsapp.Config{
		Flavor:         flavor,
		BaseURL:        baseURL,
		AccessToken:    testToken,
		RequestTimeout: 5 * time.Second,
		MaxRetries:     4,
		MinBackoff:     time.Millisecond,
		MaxBackoff:     5 * time.Millisecond,
	}
	if flavor == whatsapp.Cloud {
		cfg.PhoneNumberID = testPhone
	}
	return cfg
}

func mustNew(t testing.TB, cfg whatsapp.Config) *whatsapp.Client {
	t.Helper()
	c, err := whatsapp.New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// recLogger keeps every log entry for assertions.
type recLogger struct {
	mu      sync.Mutex
	entries []map[string]any
}

func (l *recLogger) Debug(_ context.Context, _ string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, fields)
}

func (l *recLogger) all() []map[string]any {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]map[string]any(nil), l.entries...)
}

// assertNoSecrets fails if any log value mentions a secret.
func (l *recLogger) assertNoSecrets(t *testing.T, secrets ...string) {
	t.Helper()
	for _, e := range l.all() {
		for k, v := range e {
			s := fmt.Sprint(v)
			for _, secret := range secrets {
				if strings.Contains(s, secret) {
					t.Errorf("log field %s=%q leaks %q", k, s, secret)
				}
			}
		}
	}
}

// fakeAPI is an httptest server with a scripted handler and a request count,
// for what the sandbox cannot show (odd bodies, dates, stalls).
type fakeAPI struct {
	*httptest.Server
	hits atomic.Int32
}

func newFakeAPI(t testing.TB, h func(n int, w http.ResponseWriter, r *http.Request)) *fakeAPI {
	f := &fakeAPI{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(f.hits.Add(1))
		h(n, w, r)
	}))
	t.Cleanup(f.Close)
	return f
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}
