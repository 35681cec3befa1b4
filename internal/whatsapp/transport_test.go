package whatsapp_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// A redirected send is not followed: a 302 would turn the POST into a GET
// whose reply reads like a send, a 307 would post the message elsewhere.
// The 3xx comes back as a plain error, and nothing else is requested.
func TestSendRedirectIsNotFollowed(t *testing.T) {
	for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			api := newFakeAPI(t, func(n int, w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				if n == 1 {
					http.Redirect(w, r, "/elsewhere", status)
					return
				}
				writeJSON(w, 200, sendOK)
			})
			_, err := mustNew(t, fastConfig(whatsapp.Cloud, api.URL)).SendMediaMessage(context.Background(), imageMsg)
			var ae *whatsapp.APIError
			if !errors.As(err, &ae) || ae.HTTPStatus != status || whatsapp.IsOutcomeUnknown(err) {
				t.Fatalf("want a plain HTTP %d error, got %v", status, err)
			}
			if got := api.hits.Load(); got != 1 {
				t.Errorf("requests = %d, want 1 (the redirect must not be followed)", got)
			}
		})
	}
}

// A read may follow a redirect, but a custom key header does not go along
// to another host.
func TestRedirectToAnotherHostDropsAuthHeader(t *testing.T) {
	var leaked []string
	other := newFakeAPI(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		leaked = append(leaked, r.Header.Get("D360-API-KEY"))
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write([]byte("png"))
	})
	api := newFakeAPI(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("D360-API-KEY") != sandbox.DefaultAccessToken {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		// 127.0.0.1 and localhost are different hosts to net/http.
		http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "localhost", 1)+r.URL.Path, http.StatusFound)
	})
	cfg := fastConfig(whatsapp.OnPremises, api.URL)
	cfg.AuthHeader = "D360-API-KEY"
	body, _, err := mustNew(t, cfg).OpenMedia(context.Background(), "m1")
	if err != nil {
		t.Fatalf("OpenMedia: %v", err)
	}
	_ = body.Close()
	if len(leaked) != 1 || leaked[0] != "" {
		t.Errorf("the other host got D360-API-KEY %q", leaked)
	}
}

// Gateways quote the key they refused; the error text must not carry it.
func TestSecretsEchoedInErrorsAreRedacted(t *testing.T) {
	const token = "EAAG-very-secret-token"
	api := newFakeAPI(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 401, `{"errors":[{"code":1005,"title":"Access denied","details":"key `+token+` is not valid"}]}`)
	})
	cfg := fastConfig(whatsapp.OnPremises, api.URL)
	cfg.AccessToken = token
	log := &recLogger{}
	cfg.Logger = log
	_, err := mustNew(t, cfg).GetMedia(context.Background(), "m1")
	if err == nil || strings.Contains(err.Error(), token) || !strings.Contains(err.Error(), "[redacted]") {
		t.Fatalf("want the token redacted, got %v", err)
	}
	log.assertNoSecrets(t, token)
}

// A slow login does not count against the request that waited for it: the
// attempt clock starts once the request is ready to go.
func TestSlowLoginDoesNotEatTheRequestTimeout(t *testing.T) {
	api := newFakeAPI(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if r.URL.Path == "/v1/users/login" {
			time.Sleep(250 * time.Millisecond)
			writeJSON(w, 200, `{"users":[{"token":"T","expires_after":"2099-01-01 00:00:00+00:00"}]}`)
			return
		}
		time.Sleep(150 * time.Millisecond)
		writeJSON(w, 201, `{"messages":[{"id":"gBEG1"}]}`)
	})
	cfg := fastConfig(whatsapp.OnPremises, api.URL)
	cfg.AccessToken, cfg.Username, cfg.Password = "", sandbox.DefaultUsername, sandbox.DefaultPassword
	cfg.RequestTimeout = 300 * time.Millisecond
	cfg.MaxRetries = 0
	sent, err := mustNew(t, cfg).SendMediaMessage(context.Background(), imageMsg)
	if err != nil {
		t.Fatalf("login 250ms + send 150ms, each within the 300ms timeout: %v", err)
	}
	if sent.ID != "gBEG1" {
		t.Errorf("id = %q", sent.ID)
	}
}

// JSON calls ask for JSON; a media download accepts whatever type it is.
func TestAcceptHeader(t *testing.T) {
	var accepts []string
	api := newFakeAPI(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		accepts = append(accepts, r.Header.Get("Accept"))
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write([]byte("png"))
	})
	c := mustNew(t, fastConfig(whatsapp.OnPremises, api.URL))
	body, _, err := c.OpenMedia(context.Background(), "m1")
	if err != nil {
		t.Fatalf("OpenMedia: %v", err)
	}
	_ = body.Close()
	_ = c.DeleteMedia(context.Background(), "m1")
	if len(accepts) != 2 || accepts[0] != "" || accepts[1] != "application/json" {
		t.Errorf("Accept headers = %q, want none for the download, JSON for the delete", accepts)
	}
}

// A connection idle for a while is not reused: the server may be closing it
// at that very moment, and a send written into a closing connection ends as
// "may have been sent" although the server never read it.
func TestIdleConnectionIsNotReusedForALaterSend(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		writeJSON(w, 200, sendOK)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	c := mustNew(t, fastConfig(whatsapp.Cloud, srv.URL))
	send := func() {
		t.Helper()
		if _, err := c.SendMediaMessage(context.Background(), imageMsg); err != nil {
			t.Fatal(err)
		}
	}
	send()
	send()
	if n := conns.Load(); n != 1 {
		t.Fatalf("back-to-back sends used %d connections, want 1 (keep-alive)", n)
	}
	time.Sleep(1200 * time.Millisecond)
	send()
	if n := conns.Load(); n != 2 {
		t.Errorf("connections = %d, want 2: a connection idle for over a second must not be reused", n)
	}
}

// A stop (ctx canceled, as Terraform's StopProvider does on Ctrl-C) lets a
// send already written finish, so its outcome is known; nothing new starts.
func TestSendFinishesAfterAStop(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(string(flavor), func(t *testing.T) {
			sb := startSandbox(t, sandbox.Options{})
			c := sandboxClient(t, sb, flavor, nil)
			msg := whatsapp.MediaMessage{To: "15551234567", Type: "image", Link: "https://example.com/a.png"}

			// Written, then stopped while the API takes its time: the answer still counts.
			sb.InjectFault(sandbox.Fault{Kind: sandbox.FaultLatency, Method: "POST", PathSuffix: "/messages", Delay: 600 * time.Millisecond})
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(200*time.Millisecond, cancel)
			sent, err := c.SendMediaMessage(ctx, msg)
			if err != nil || sent.ID == "" {
				t.Fatalf("a send written before the stop = %+v, %v; want its message ID", sent, err)
			}
			if n := len(sb.Messages()); n != 1 {
				t.Fatalf("the sandbox has %d messages, want 1", n)
			}

			// Stopped before anything was written: nothing is sent, and that is known.
			_, err = c.SendMediaMessage(ctx, msg)
			if err == nil || whatsapp.IsOutcomeUnknown(err) {
				t.Fatalf("a send after the stop = %v, want a plain error (nothing was sent)", err)
			}

			// Throttled, then stopped while waiting to retry: the retry never starts.
			sb.InjectFault(sandbox.Fault{Kind: sandbox.FaultStatus, Method: "POST", PathSuffix: "/messages", Status: 429, RetryAfter: "2"})
			ctx, cancel = context.WithCancel(context.Background())
			time.AfterFunc(300*time.Millisecond, cancel)
			if _, err := c.SendMediaMessage(ctx, msg); err == nil || whatsapp.IsOutcomeUnknown(err) {
				t.Fatalf("a throttled send stopped before its retry = %v, want a plain error", err)
			}
			if n, sends := len(sb.Messages()), countRequests(sb, "POST", "/messages"); n != 1 || sends != 2 {
				t.Fatalf("the sandbox has %d messages from %d send requests, want 1 from 2", n, sends)
			}
		})
	}
}
