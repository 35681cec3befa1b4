package whatsapp_test

import (
	"context"
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

func TestNewValidates(t *testing.T) {
	cases := []struct {
		name  string
		cfg   whatsapp.Config
		field string
	}{
		{"unknown flavor", whatsapp.Config{Flavor: "graph", AccessToken: "t", BaseURL: "https://x"}, "Flavor"},
		{"cloud without phone", whatsapp.Config{Flavor: whatsapp.Cloud, AccessToken: "t"}, "PhoneNumberID"},
		{"cloud without token", whatsapp.Config{Flavor: whatsapp.Cloud, PhoneNumberID: "1", Username: "u", Password: "p"}, "AccessToken"},
		{"cloud bad version", whatsapp.Config{Flavor: whatsapp.Cloud, PhoneNumberID: "1", AccessToken: "t", APIVersion: "23/../x"}, "APIVersion"},
		{"on-prem without base", whatsapp.Config{Flavor: whatsapp.OnPremises, AccessToken: "t"}, "BaseURL"},
		{"on-prem without auth", whatsapp.Config{Flavor: whatsapp.OnPremises, BaseURL: "https://x", Username: "u"}, "AccessToken"},
		{"bad scheme", whatsapp.Config{Flavor: whatsapp.OnPremises, BaseURL: "ftp://x", AccessToken: "t"}, "BaseURL"},
		{"no host", whatsapp.Config{Flavor: whatsapp.OnPremises, BaseURL: "https://", AccessToken: "t"}, "BaseURL"},
		{"not a url", whatsapp.Config{Flavor: whatsapp.OnPremises, BaseURL: "::", AccessToken: "t"}, "BaseURL"},
		{"bad CA", whatsapp.Config{Flavor: whatsapp.OnPremises, BaseURL: "https://x", AccessToken: "t", CACertPEM: "not a pem"}, "CACertPEM"},
		{"cloud phone number instead of its ID", whatsapp.Config{Flavor: whatsapp.Cloud, PhoneNumberID: "+49 170 1223002", AccessToken: "t"}, "PhoneNumberID"},
		{"cloud phone number ID with a path", whatsapp.Config{Flavor: whatsapp.Cloud, PhoneNumberID: "123/../456", AccessToken: "t"}, "PhoneNumberID"},
		{"token with a final newline", whatsapp.Config{Flavor: whatsapp.Cloud, PhoneNumberID: "1", AccessToken: "EAAG\n"}, "AccessToken"},
		{"user name with a colon", whatsapp.Config{Flavor: whatsapp.OnPremises, BaseURL: "https://x", Username: "ad:min", Password: "p"}, "Username"},
		{"bad header", whatsapp.Config{Flavor: whatsapp.OnPremises, BaseURL: "https://x", AccessToken: "t", AuthHeader: "D360 API KEY"}, "AuthHeader"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := whatsapp.New(tc.cfg)
			var ce *whatsapp.ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("want *ConfigError, got %v", err)
			}
			if ce.Field != tc.field {
				t.Errorf("field = %s, want %s (%v)", ce.Field, tc.field, err)
			}
		})
	}
}

func TestNewDefaults(t *testing.T) {
	c, err := whatsapp.New(whatsapp.Config{PhoneNumberID: "1", AccessToken: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Flavor() != whatsapp.Cloud {
		t.Errorf("flavor inferred %s, want cloud", c.Flavor())
	}
	c, err = whatsapp.New(whatsapp.Config{BaseURL: "http://127.0.0.1:1/prefix/", Username: "u", Password: "p"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Flavor() != whatsapp.OnPremises {
		t.Errorf("flavor inferred %s, want on_premises", c.Flavor())
	}
}

// A private CA given as PEM is trusted; without it the same server fails TLS.
func TestCACertPEM(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"messaging_product":"whatsapp","url":"u","mime_type":"image/png","sha256":"ab","file_size":3,"id":"9"}`)
	}))
	defer srv.Close()
	caPEM := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))

	cfg := fastConfig(whatsapp.Cloud, srv.URL)
	// A refused certificate is final: with retries allowed and a long
	// backoff, a retry would show as a slow failure.
	cfg.MinBackoff, cfg.MaxBackoff = 2*time.Second, 2*time.Second
	start := time.Now()
	_, err := mustNew(t, cfg).GetMedia(context.Background(), "9")
	if err == nil || !strings.Contains(err.Error(), "ca_cert_pem") {
		t.Fatalf("want a TLS error that points at ca_cert_pem, got %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("a certificate error was retried (took %s)", d)
	}
	cfg.CACertPEM = caPEM
	if _, err := mustNew(t, cfg).GetMedia(context.Background(), "9"); err != nil {
		t.Fatalf("with CA: %v", err)
	}
	cfg.CACertPEM = ""
	cfg.InsecureSkipVerify = true
	if _, err := mustNew(t, cfg).GetMedia(context.Background(), "9"); err != nil {
		t.Fatalf("insecure: %v", err)
	}
}

// Every request carries the configured User-Agent, Accept and credentials;
// each attempt is logged with its fields and nothing secret.
func TestHeadersAndLogging(t *testing.T) {
	var got http.Header
	var path string
	api := newFakeAPI(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		got, path = r.Header.Clone(), r.URL.EscapedPath()
		writeJSON(w, 200, `{"success":true}`)
	})
	log := &recLogger{}
	cfg := fastConfig(whatsapp.Cloud, api.URL+"/graph/")
	cfg.UserAgent = "terraform-provider-whatsapp/1.2.3"
	cfg.Logger = log
	if err := mustNew(t, cfg).DeleteMedia(context.Background(), "a/b?c"); err != nil {
		t.Fatal(err)
	}
	if path != "/graph/v23.0/a%2Fb%3Fc" {
		t.Errorf("path = %s, want the ID escaped under the base path and version", path)
	}
	if got.Get("User-Agent") != cfg.UserAgent || got.Get("Accept") != "application/json" || got.Get("Authorization") != "Bearer "+sandbox.DefaultAccessToken {
		t.Errorf("headers = %v", got)
	}
	entries := log.all()
	if len(entries) != 1 {
		t.Fatalf("log entries = %d, want 1", len(entries))
	}
	for _, k := range []string{"method", "url_path", "status", "duration_ms"} {
		if _, ok := entries[0][k]; !ok {
			t.Errorf("log entry lacks %s: %v", k, entries[0])
		}
	}
	if _, ok := entries[0]["attempt"]; ok {
		t.Errorf("a first attempt's log entry has an attempt field (noise): %v", entries[0])
	}
	log.assertNoSecrets(t, sandbox.DefaultAccessToken)

	// A retry is news: its entry says which attempt it was.
	flaky := newFakeAPI(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		if n == 1 {
			writeJSON(w, 503, `{"error":{"message":"busy","code":2}}`)
			return
		}
		writeJSON(w, 200, `{"id":"m1","mime_type":"image/png","sha256":"ab","file_size":1}`)
	})
	log = &recLogger{}
	cfg = fastConfig(whatsapp.Cloud, flaky.URL)
	cfg.Logger = log
	if _, err := mustNew(t, cfg).GetMedia(context.Background(), "m1"); err != nil {
		t.Fatal(err)
	}
	if entries := log.all(); len(entries) != 2 || entries[1]["attempt"] != 2 {
		t.Errorf("log entries of a retried read = %v, want two, the second with attempt 2", entries)
	}

	// A BSP key goes raw in its own header and not as a Bearer token.
	cfg = fastConfig(whatsapp.OnPremises, api.URL)
	cfg.AuthHeader = "D360-API-KEY"
	if err := mustNew(t, cfg).DeleteMedia(context.Background(), "x"); err != nil {
		t.Fatal(err)
	}
	if got.Get("D360-API-KEY") != sandbox.DefaultAccessToken || got.Get("Authorization") != "" || path != "/v1/media/x" {
		t.Errorf("BSP headers = %v path %s", got, path)
	}
}

// TestNewRefusesAVersionInTheBaseURL: the client adds the version to every
// path, so a base URL ending in one would double it; other paths are prefixes.
func TestNewRefusesAVersionInTheBaseURL(t *testing.T) {
	for _, tc := range []struct {
		flavor  whatsapp.Flavor
		baseURL string
		want    string // "" when accepted
	}{
		{whatsapp.Cloud, "https://graph.facebook.com/v23.0", "goes in api_version"},
		{whatsapp.Cloud, "https://graph.facebook.com/v23.0/", "goes in api_version"},
		{whatsapp.Cloud, "https://proxy.example.com/graph", ""},
		{whatsapp.OnPremises, "https://wa.example.com:9090/v1", `remove "/v1"`},
		{whatsapp.OnPremises, "https://gateway.example.com/whatsapp", ""},
	} {
		_, err := whatsapp.New(whatsapp.Config{Flavor: tc.flavor, BaseURL: tc.baseURL, PhoneNumberID: "1", AccessToken: "t"})
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s %q: %v, want accepted", tc.flavor, tc.baseURL, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s %q: %v, want an error saying %q", tc.flavor, tc.baseURL, err, tc.want)
		}
	}
}
