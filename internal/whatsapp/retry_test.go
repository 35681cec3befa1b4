package whatsapp_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

var imageMsg = whatsapp.MediaMessage{To: "+15551234567", Type: "image", MediaID: "m1"}

const sendOK = `{"messaging_product":"whatsapp","contacts":[{"input":"+15551234567","wa_id":"15551234567"}],"messages":[{"id":"wamid.1"}]}`

// A closed port refuses the connection: nothing was written, so even a send
// is retried, and the final error is a plain error, not "outcome unknown".
func TestConnectionRefusedIsRetriedAndFailsCleanly(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()

	log := &recLogger{}
	cfg := fastConfig(whatsapp.Cloud, "http://"+addr)
	cfg.MaxRetries = 2
	cfg.Logger = log
	_, err = mustNew(t, cfg).SendMediaMessage(context.Background(), imageMsg)
	if err == nil {
		t.Fatal("want an error")
	}
	if whatsapp.IsOutcomeUnknown(err) {
		t.Errorf("connection refused proves nothing was sent, got %v", err)
	}
	var op *net.OpError
	if !errors.As(err, &op) {
		t.Errorf("want the *net.OpError kept, got %v", err)
	}
	if n := len(log.all()); n != 3 {
		t.Errorf("attempts = %d, want 1 + MaxRetries = 3", n)
	}
	var unreachable *whatsapp.UnreachableError
	switch {
	case !errors.As(err, &unreachable):
		t.Errorf("want an *UnreachableError, got %v", err)
	case unreachable.Host != addr || !unreachable.OnBaseURL || unreachable.Attempts != 3 || unreachable.Elapsed <= 0:
		t.Errorf("unreachable = %+v, want host %s on the base URL after 3 attempts", unreachable, addr)
	case !strings.Contains(err.Error(), "in 3 attempt(s) over"):
		t.Errorf("error %q does not say how long it tried", err)
	}
	log.assertNoSecrets(t, sandbox.DefaultAccessToken)
}

// A Retry-After in HTTP-date form overrides the (tiny) computed backoff.
func TestRetryAfterHTTPDate(t *testing.T) {
	api := newFakeAPI(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		if n == 1 {
			w.Header().Set("Retry-After", time.Now().Add(2*time.Second).UTC().Format(http.TimeFormat))
			writeJSON(w, 429, `{"error":{"message":"(#4) Application request limit reached","type":"OAuthException","code":4,"fbtrace_id":"R"}}`)
			return
		}
		writeJSON(w, 200, sendOK)
	})
	start := time.Now()
	sent, err := mustNew(t, fastConfig(whatsapp.Cloud, api.URL)).SendMediaMessage(context.Background(), imageMsg)
	if err != nil {
		t.Fatal(err)
	}
	if sent.ID != "wamid.1" || sent.WaID != "15551234567" {
		t.Errorf("sent = %+v", sent)
	}
	if d := time.Since(start); d < 900*time.Millisecond {
		t.Errorf("waited %s, want the Retry-After date honoured (>= ~1s)", d)
	}
	if api.hits.Load() != 2 {
		t.Errorf("hits = %d, want 2", api.hits.Load())
	}
}

// A wait that would pass the caller's deadline is not started: the last
// error comes back at once.
func TestRetryStopsBeforeDeadline(t *testing.T) {
	api := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "30")
		writeJSON(w, 429, `{"errors":[{"code":429,"title":"Too many requests"}]}`)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	start := time.Now()
	_, err := mustNew(t, fastConfig(whatsapp.OnPremises, api.URL)).SendMediaMessage(ctx, imageMsg)
	var ae *whatsapp.APIError
	if !errors.As(err, &ae) || ae.HTTPStatus != 429 {
		t.Fatalf("want the 429 APIError, got %v", err)
	}
	if whatsapp.IsOutcomeUnknown(err) {
		t.Error("a 429 proves the send was not taken")
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %s; should give up at once", d)
	}
}

// A send that times out after it was written may have been taken: no retry.
// The same stall on a GET is retried.
func TestTimeoutAfterWrite(t *testing.T) {
	api := newFakeAPI(t, func(n int, w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if n == 1 {
			time.Sleep(300 * time.Millisecond)
		}
		if r.Method == http.MethodGet {
			writeJSON(w, 200, `{"id":"m1","url":"https://x/y","mime_type":"image/png","sha256":"aa","file_size":"12345"}`)
			return
		}
		writeJSON(w, 200, sendOK)
	})
	cfg := fastConfig(whatsapp.Cloud, api.URL)
	cfg.RequestTimeout = 100 * time.Millisecond
	c := mustNew(t, cfg)

	_, err := c.SendMediaMessage(context.Background(), imageMsg)
	if !whatsapp.IsOutcomeUnknown(err) {
		t.Fatalf("want outcome unknown, got %v", err)
	}
	if !strings.Contains(err.Error(), "request timeout") {
		t.Errorf("error should name the request timeout: %v", err)
	}
	time.Sleep(350 * time.Millisecond) // let the stalled handler finish
	if got := api.hits.Load(); got != 1 {
		t.Errorf("send attempts = %d, want 1", got)
	}

	api.hits.Store(0)
	info, err := c.GetMedia(context.Background(), "m1")
	if err != nil {
		t.Fatalf("GET should be retried after a timeout: %v", err)
	}
	if info.FileSize != 12345 || info.MimeType != "image/png" || info.SHA256 != "aa" || info.URL != "https://x/y" {
		t.Errorf("info = %+v (file_size given as a string)", info)
	}
}

// Cloud transient codes and 5xx: repeated for GET/DELETE, "outcome unknown"
// for a send; never-retry codes come back at once.
func TestPolicyByCode(t *testing.T) {
	transient := `{"error":{"message":"(#131000) Something went wrong","type":"OAuthException","code":131000,"fbtrace_id":"F"}}`
	cases := []struct {
		name       string
		status     int
		body       string
		send       bool
		wantHits   int32
		wantOK     bool
		wantUnkown bool
		onPrem     bool
	}{
		{"send 500 transient", 500, transient, true, 1, false, true, false},
		{"delete 500 transient", 500, transient, false, 2, true, false, false},
		{"send 131056", 400, `{"error":{"message":"(#131056) pair rate limit","code":131056}}`, true, 2, true, false, false},
		{"send 80007", 400, `{"error":{"message":"(#80007) rate limit","code":80007}}`, true, 2, true, false, false},
		{"send 131048", 400, `{"error":{"message":"(#131048) spam rate limit","code":131048}}`, true, 2, true, false, false},
		{"send 100 never", 400, `{"error":{"message":"(#100) Invalid parameter","code":100}}`, true, 1, false, false, false},
		{"delete 190 never", 401, `{"error":{"message":"Invalid OAuth access token","code":190}}`, false, 1, false, false, false},
		{"send 502 html", 502, `<html>bad gateway</html>`, true, 1, false, true, false},
		{"send 4 app rate limit", 429, `{"error":{"message":"(#4) Application request limit reached","code":4}}`, true, 2, true, false, false},
		{"send 130429 throughput", 400, `{"error":{"message":"(#130429) Rate limit hit","code":130429}}`, true, 2, true, false, false},
		{"send cloud 503 transient", 503, `{"error":{"message":"Service temporarily unavailable","code":2}}`, true, 1, false, true, false},
		{"send on-prem 503 overloaded", 503, `{"errors":[{"code":1016,"title":"System overloaded"}]}`, true, 2, true, false, true},
		{"send on-prem 429", 429, `{"errors":[{"code":1015,"title":"Too many requests"}]}`, true, 2, true, false, true},
		{"send on-prem 500", 500, `{"errors":[{"code":1014,"title":"Internal error"}]}`, true, 1, false, true, true},
		{"delete on-prem 500", 500, `{"errors":[{"code":1014,"title":"Internal error"}]}`, false, 2, true, false, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			api := newFakeAPI(t, func(n int, w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				if n == 1 {
					writeJSON(w, tc.status, tc.body)
					return
				}
				if r.Method == http.MethodDelete {
					writeJSON(w, 200, `{"success":true}`)
					return
				}
				writeJSON(w, 200, sendOK)
			})
			flavor := whatsapp.Cloud
			if tc.onPrem {
				flavor = whatsapp.OnPremises
			}
			c := mustNew(t, fastConfig(flavor, api.URL))
			var err error
			if tc.send {
				_, err = c.SendMediaMessage(context.Background(), imageMsg)
			} else {
				err = c.DeleteMedia(context.Background(), "m1")
			}
			if (err == nil) != tc.wantOK {
				t.Errorf("err = %v, want ok=%v", err, tc.wantOK)
			}
			if whatsapp.IsOutcomeUnknown(err) != tc.wantUnkown {
				t.Errorf("IsOutcomeUnknown = %v, want %v (%v)", !tc.wantUnkown, tc.wantUnkown, err)
			}
			if err != nil {
				var ae *whatsapp.APIError
				if !errors.As(err, &ae) || ae.HTTPStatus != tc.status {
					t.Errorf("want the *APIError with HTTP %d in %v", tc.status, err)
				}
			}
			if got := api.hits.Load(); got != tc.wantHits {
				t.Errorf("hits = %d, want %d", got, tc.wantHits)
			}
		})
	}
}

// A 2xx without a message ID may still be a sent message.
func TestSendWithoutIDIsOutcomeUnknown(t *testing.T) {
	api := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 200, `{"meta":{"api_status":"stable"}}`)
	})
	_, err := mustNew(t, fastConfig(whatsapp.OnPremises, api.URL)).SendMediaMessage(context.Background(), imageMsg)
	if !whatsapp.IsOutcomeUnknown(err) {
		t.Fatalf("want outcome unknown, got %v", err)
	}
}

// A non-seekable upload body that the server read before refusing cannot be
// sent again; a seekable one is rewound and sent whole.
func TestUploadReplay(t *testing.T) {
	payload := bytes.Repeat([]byte("0123456789abcdef"), 64<<10) // 1 MiB
	for _, seekable := range []bool{true, false} {
		name := map[bool]string{true: "seeker", false: "plain reader"}[seekable]
		t.Run(name, func(t *testing.T) {
			var got []byte
			api := newFakeAPI(t, func(n int, w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				if n == 1 {
					writeJSON(w, 429, `{"errors":[{"code":429,"title":"Too many requests"}]}`)
					return
				}
				got = b
				writeJSON(w, 201, `{"media":[{"id":"f7a1"}],"meta":{"api_status":"stable"}}`)
			})
			var body io.Reader = bytes.NewReader(payload)
			if !seekable {
				body = io.MultiReader(body) // hides Seek
			}
			id, err := mustNew(t, fastConfig(whatsapp.OnPremises, api.URL)).UploadMedia(context.Background(),
				whatsapp.Upload{Body: body, Size: int64(len(payload)), ContentType: "image/png"})
			if seekable {
				if err != nil || id != "f7a1" {
					t.Fatalf("id=%q err=%v", id, err)
				}
				if !bytes.Equal(got, payload) {
					t.Errorf("second attempt sent %d bytes, want the whole %d", len(got), len(payload))
				}
				return
			}
			var ae *whatsapp.APIError
			if !errors.As(err, &ae) || ae.HTTPStatus != 429 || whatsapp.IsOutcomeUnknown(err) {
				t.Fatalf("want the plain 429, got %v", err)
			}
			if api.hits.Load() != 1 {
				t.Errorf("hits = %d, want 1", api.hits.Load())
			}
		})
	}
}

// The caller's cancellation ends the wait between retries.
func TestContextCancelStopsRetries(t *testing.T) {
	api := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 503, `{"errors":[{"code":1014,"title":"Internal error"}]}`)
	})
	cfg := fastConfig(whatsapp.OnPremises, api.URL)
	cfg.MinBackoff, cfg.MaxBackoff = time.Second, time.Second
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	err := mustNew(t, cfg).DeleteMedia(ctx, "m1")
	if err == nil || time.Since(start) > 900*time.Millisecond {
		t.Fatalf("err=%v after %s; want a prompt error", err, time.Since(start))
	}
}
