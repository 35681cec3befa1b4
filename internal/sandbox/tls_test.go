package sandbox

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func tlsClient(t *testing.T, caPEM string) *http.Client {
	t.Helper()
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM([]byte(caPEM)) {
		t.Fatalf("CACertPEM holds no certificate: %q", caPEM)
	}
	return &http.Client{Transport: &http.Transport{DisableKeepAlives: true,
		TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
}

// Over TLS the sandbox serves the same API, trusted only with its own CA, and
// its faults still close connections (hijacking works on HTTP/1.1 over TLS).
func TestTLSServesWithItsOwnCA(t *testing.T) {
	s := start(t, Options{TLS: true})
	if !strings.HasPrefix(s.URL(), "https://127.0.0.1:") || !strings.Contains(s.CACertPEM(), "BEGIN CERTIFICATE") {
		t.Fatalf("URL %q, CA %q", s.URL(), s.CACertPEM())
	}
	_, err := http.Get(s.URL() + "/_sandbox/state")
	var unknownCA x509.UnknownAuthorityError
	if !errors.As(err, &unknownCA) {
		t.Fatalf("a client without the CA: err %v, want an unknown authority", err)
	}
	c := tlsClient(t, s.CACertPEM())
	send := func() (*http.Response, error) {
		req, _ := http.NewRequest(http.MethodPost, s.URL()+"/v23.0/"+testPhone+"/messages", strings.NewReader(clMsg))
		req.Header.Set("Authorization", "Bearer "+testToken)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("User-Agent", testUserAgent)
		return c.Do(req)
	}
	resp, err := send()
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("send over TLS: %v %v", resp, err)
	}
	_ = resp.Body.Close()
	s.InjectFault(Fault{Kind: FaultDropAfter, PathSuffix: "/messages"})
	if resp, err := send(); err == nil {
		_ = resp.Body.Close()
		t.Fatalf("drop_after over TLS answered %d", resp.StatusCode)
	}
	if n := len(s.Messages()); n != 2 {
		t.Fatalf("%d messages, want 2 (drop_after takes the message)", n)
	}
	if (&Server{}).CACertPEM() != "" {
		t.Fatal("a plain http sandbox has a CA")
	}
}
