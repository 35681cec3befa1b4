package whatsapp_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// fastConfig is a Config with millisecond backoff so retry tests stay fast.
func fastConfig(flavor whatsapp.Flavor, baseURL string) whatsapp.Config {
	cfg := whatsapp.Config{
		Flavor:         flavor,
		BaseURL:        baseURL,
		AccessToken:    sandbox.DefaultAccessToken,
		RequestTimeout: 5 * time.Second,
		MaxRetries:     4,
		MinBackoff:     time.Millisecond,
		MaxBackoff:     5 * time.Millisecond,
	}
	if flavor == whatsapp.Cloud {
		cfg.PhoneNumberID = sandbox.DefaultPhoneNumberID
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

// startSandbox starts a sandbox in strict mode, so every client test also
// checks that the client's Cloud requests match Meta's OpenAPI patterns
// (User-Agent, phone number ID), which the real API does not enforce.
func startSandbox(t testing.TB, opts sandbox.Options) *sandbox.Server {
	t.Helper()
	opts.Strict = true
	sb, err := sandbox.New(opts)
	if err != nil {
		t.Fatalf("sandbox: %v", err)
	}
	t.Cleanup(sb.Close)
	return sb
}

// sandboxClient is a client for sb; On-Premises logs in with username and
// password so every test also exercises the login path.
func sandboxClient(t testing.TB, sb *sandbox.Server, flavor whatsapp.Flavor, log *recLogger) *whatsapp.Client {
	t.Helper()
	cfg := fastConfig(flavor, sb.URL())
	if flavor == whatsapp.OnPremises {
		cfg.AccessToken = ""
		cfg.Username, cfg.Password = sandbox.DefaultUsername, sandbox.DefaultPassword
	}
	if log != nil {
		cfg.Logger = log
	}
	return mustNew(t, cfg)
}

// countRequests counts sandbox requests whose path ends with suffix.
func countRequests(sb *sandbox.Server, method, suffix string) int {
	n := 0
	for _, r := range sb.Requests() {
		if r.Method == method && strings.HasSuffix(r.Path, suffix) {
			n++
		}
	}
	return n
}

func uploadPNG(t *testing.T, c *whatsapp.Client, data []byte) string {
	t.Helper()
	id, err := c.UploadMedia(context.Background(), whatsapp.Upload{
		Body: bytes.NewReader(data), Size: int64(len(data)), ContentType: "image/png", Filename: "pixel.png",
	})
	if err != nil {
		t.Fatalf("upload: %v", err)
	}
	return id
}

// pngBytes is a small PNG-looking payload (signature first) of n bytes.
func pngBytes(n int) []byte {
	b := bytes.Repeat([]byte{0xA5}, n)
	copy(b, "\x89PNG\r\n\x1a\n")
	return b
}

func uploadPDF(t *testing.T, c *whatsapp.Client) string {
	t.Helper()
	pdf := []byte("%PDF-1.4\n% test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	id, err := c.UploadMedia(context.Background(), whatsapp.Upload{Body: bytes.NewReader(pdf), Size: int64(len(pdf)), ContentType: "application/pdf", Filename: "a.pdf"})
	if err != nil {
		t.Fatalf("upload pdf: %v", err)
	}
	return id
}
