package whatsapp

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// Fuzz targets for everything the client parses from the outside: error
// bodies of both flavors, the login reply and its expires_after, media
// metadata, Retry-After, and the base_url it is configured with. The seeds
// run as ordinary tests; `make fuzz` runs each target for FUZZTIME.

func FuzzDecodeAPIError(f *testing.F) {
	seeds := []string{
		`{"errors":[{"code":1009,"title":"Parameter value is not valid","details":"to is invalid","href":"https://x"}],"meta":{"api_status":"stable"}}`,
		`{"errors":[{"code":"1015","title":"Too many requests"}]}`,
		`{"errors":[]}`,
		`{"error":{"message":"(#131056) pair rate limit hit","type":"OAuthException","code":131056,"error_subcode":2494055,"error_data":{"messaging_product":"whatsapp","details":"wait"},"fbtrace_id":"AbC","is_transient":true}}`,
		`{"error":{"message":"x","code":"100","error_data":"{\"details\":\"inside a string\"}","is_transient":"true"}}`,
		`{"error":{"message":"x","code":1.5e3,"error_data":"plain text","error_user_msg":"user text"}}`,
		`{"error":null}`, `<html>Bad gateway</html>`, "", "null", `{"error":{"code":1e400}}`,
		"\xff\xfe not utf-8 " + strings.Repeat("é", 150),
	}
	for _, s := range seeds {
		f.Add(400, []byte(s))
	}
	f.Add(502, []byte(`{"errors":[{"code":1014}]}`))
	c := &Client{cfg: Config{AccessToken: "secret-token", Username: "admin", Password: "secret-pw"}}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		e := c.redactSecrets(decodeAPIError(status, body), "login-token")
		if e == nil || e.HTTPStatus != status {
			t.Fatalf("decodeAPIError(%d) = %+v", status, e)
		}
		msg := e.Error()
		if !utf8.ValidString(msg) {
			t.Fatalf("Error() is not valid UTF-8: %q", msg)
		}
		if !json.Valid(body) && len(e.Details) > maxErrorSnippet+len("...") {
			t.Fatalf("a non-JSON body gave %d bytes of details, want at most %d", len(e.Details), maxErrorSnippet+3)
		}
		for _, secret := range []string{"secret-token", "secret-pw", "login-token"} {
			if strings.Contains(e.Title+e.Details+e.Href, secret) {
				t.Fatalf("a secret survived redaction: %+v", e)
			}
		}
		_ = IsNotFound(e)
	})
}

func FuzzFlexInt(f *testing.F) {
	for _, s := range []string{`123`, `"123"`, `" 42 "`, `""`, `null`, `1.5`, `1e3`, `-7`, `"x"`, `true`, `9223372036854775807`,
		`9223372036854775808`, `1e300`, `-1e300`, `"9223372036854775808"`, `{}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var n flexInt
		err := json.Unmarshal(b, &n)
		// A number beyond int64 has no meaning as a size or code: Go's
		// conversion would give an arbitrary value, so it must be an error.
		text := strings.TrimSpace(string(b))
		_, ierr := strconv.ParseInt(text, 10, 64)
		if fl, ferr := strconv.ParseFloat(text, 64); ierr != nil && ferr == nil && err == nil && (fl >= 1<<63 || fl < -(1<<63)) {
			t.Fatalf("%s is out of int64 range but decoded to %d", b, n)
		}
		if err != nil {
			return
		}
		// A plain integer must come back exactly.
		s := strings.Trim(strings.TrimSpace(string(b)), `"`)
		if want, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil && int64(n) != want {
			t.Fatalf("%s decoded to %d, want %d", b, n, want)
		}
	})
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"", "0", "1", "120", "-5", "Wed, 21 Oct 2015 07:28:00 GMT", "soon", "9223372036854775807",
		"99999999999", "Fri, 31 Dec 9999 23:59:59 GMT"} {
		f.Add(s)
	}
	now := time.Date(2025, 11, 25, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		d, ok := parseRetryAfter(v, now)
		if !ok && d != 0 {
			t.Fatalf("parseRetryAfter(%q) = %v without ok", v, d)
		}
		if d < 0 {
			t.Fatalf("parseRetryAfter(%q) = %v: a wait is never negative", v, d)
		}
	})
}

func FuzzParseExpiry(f *testing.F) {
	for _, s := range []string{"2021-09-14 15:29:26+00:00", "2021-09-14 15:29:26Z", "2021-09-14 15:29:26.123+02:00",
		"2021-09-14 15:29:26+0000", "2021-09-14T15:29:26Z", "", "tomorrow", "0000-01-01 00:00:00+00:00", "9999-12-31 23:59:59-23:59"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if exp, ok := parseExpiry(s); !ok && !exp.IsZero() {
			t.Fatalf("parseExpiry(%q) = %v without ok", s, exp)
		}
	})
}

// replyTransport answers every request with one canned body, so a fuzz
// target reaches the client's reply parsing without a network.
type replyTransport struct {
	status int
	body   []byte
}

func (rt replyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	return &http.Response{StatusCode: rt.status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(rt.body)), ContentLength: int64(len(rt.body)), Request: req}, nil
}

func fuzzClient(t *testing.T, flavor Flavor, body []byte) *Client {
	t.Helper()
	cfg := Config{Flavor: flavor, BaseURL: "http://api.invalid", MaxRetries: 0, PhoneNumberID: "123",
		HTTPClient: &http.Client{Transport: replyTransport{status: http.StatusOK, body: body}}}
	if flavor == Cloud {
		cfg.AccessToken = "token"
	} else {
		cfg.Username, cfg.Password = "admin", "secret"
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func FuzzLoginReply(f *testing.F) {
	for _, s := range []string{
		`{"users":[{"token":"eyJ","expires_after":"2030-09-14 15:29:26+00:00"}],"meta":{}}`,
		`{"users":[{"token":"eyJ","expires_after":"2000-01-01 00:00:00+00:00"}]}`,
		`{"users":[{"token":"eyJ","expires_after":""}]}`, `{"users":[{"token":""}]}`, `{"users":[]}`, `{"users":null}`,
		`{"users":[{"token":"eyJ","expires_after":12}]}`, `[]`, ``, `{`, `{"users":[{"token":"a"},{"token":"b"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		c := fuzzClient(t, OnPremises, body)
		tok, err := c.loginToken(context.Background())
		if err == nil && tok == "" {
			t.Fatal("a login without error gave no token")
		}
		if err != nil && tok != "" {
			t.Fatalf("a failed login gave token %q", tok)
		}
		if err != nil && !utf8.ValidString(err.Error()) {
			t.Fatalf("error is not valid UTF-8: %q", err.Error())
		}
	})
}

func FuzzMediaMetadata(f *testing.F) {
	for _, s := range []string{
		`{"messaging_product":"whatsapp","url":"https://lookaside.fbsbx.com/x?sig=1","mime_type":"image/png","sha256":"ab","file_size":"12345","id":"987"}`,
		`{"file_size":12345,"id":"987"}`, `{"file_size":" 7 "}`, `{"file_size":1.5e3}`, `{"file_size":"-1"}`,
		`{"file_size":"big"}`, `{"file_size":1e300}`, `{"file_size":null}`, `{}`, ``, `null`, `{"id":7}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		c := fuzzClient(t, Cloud, body)
		info, err := c.GetMedia(context.Background(), "987")
		if err != nil {
			return
		}
		if info == nil || info.ID == "" {
			t.Fatalf("GetMedia without error gave %+v", info)
		}
		var raw struct {
			FileSize json.RawMessage `json:"file_size"`
		}
		_ = json.Unmarshal(body, &raw)
		s := strings.TrimSpace(strings.Trim(strings.TrimSpace(string(raw.FileSize)), `"`))
		if want, perr := strconv.ParseInt(s, 10, 64); perr == nil && info.FileSize != want {
			t.Fatalf("file_size %s read as %d, want %d", raw.FileSize, info.FileSize, want)
		}
	})
}

func FuzzParseBaseURL(f *testing.F) {
	for _, s := range []string{"https://graph.facebook.com", "http://127.0.0.1:8089/", "https://wa.example.com:9090/prefix/",
		"ftp://x", "https://", "https://u:p@host", "https://host?q=1", "https://host#f", " https://host ", "://", "https://[::1]:80/a%2Fb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := parseBaseURL(raw)
		if err != nil {
			if !utf8.ValidString(err.Error()) && utf8.ValidString(raw) {
				t.Fatalf("error is not valid UTF-8: %q", err.Error())
			}
			return
		}
		if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || strings.HasSuffix(u.Path, "/") {
			t.Fatalf("parseBaseURL(%q) accepted %#v", raw, u)
		}
		c := &Client{base: u, cfg: Config{APIVersion: "v23.0"}}
		got := c.cloudURL("123", "messages")
		if !strings.HasSuffix(got, "/v23.0/123/messages") || !strings.HasPrefix(got, u.Scheme+"://") {
			t.Fatalf("cloudURL on %q = %q", raw, got)
		}
	})
}
