package whatsapp_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

func broadcastRecipients(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("1631555%04d", i)
	}
	return out
}

var broadcastImage = whatsapp.MediaMessage{Type: "image", Link: "https://example.com/a.png"}

// Every recipient gets one message, results come back in the order given,
// and progress sees each result once.
func TestSendToEachSendsOncePerRecipient(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(string(flavor), func(t *testing.T) {
			sb := startSandbox(t, sandbox.Options{})
			c := sandboxClient(t, sb, flavor, nil)
			to := broadcastRecipients(60)
			var mu sync.Mutex
			seen := map[string]int{}
			results := c.SendToEach(context.Background(), broadcastImage, to, 8, whatsapp.BroadcastHooks{After: func(r whatsapp.BroadcastResult) {
				mu.Lock()
				seen[r.To]++
				mu.Unlock()
			}})
			taken := map[string]string{}
			for _, m := range sb.Messages() {
				taken[m.To] = m.ID
			}
			if len(sb.Messages()) != len(to) || len(taken) != len(to) {
				t.Fatalf("the sandbox took %d messages for %d recipients", len(sb.Messages()), len(taken))
			}
			for i, r := range results {
				if r.To != to[i] || r.Err != nil || r.Sent == nil || taken[r.To] != r.Sent.ID || seen[r.To] != 1 || r.At.IsZero() {
					t.Fatalf("result %d = %+v (progress saw it %d times), want an accepted send to %s", i, r, seen[r.To], to[i])
				}
			}
		})
	}
}

// A refused token would be refused for every recipient: the broadcast stops
// after the sends already in flight, and the others are not attempted.
func TestSendToEachStopsWhenEverySendWouldFail(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	cfg := fastConfig(whatsapp.Cloud, sb.URL())
	cfg.PhoneNumberID, cfg.AccessToken = sandbox.DefaultPhoneNumberID, "wrong-token"
	c := mustNew(t, cfg)
	const concurrency = 4
	results := c.SendToEach(context.Background(), broadcastImage, broadcastRecipients(200), concurrency, whatsapp.BroadcastHooks{})
	if n := countRequests(sb, "POST", "/messages"); n > concurrency+1 {
		t.Fatalf("%d send requests for a token refused from the first one; want at most %d", n, concurrency+1)
	}
	notAttempted := 0
	for _, r := range results {
		var ae *whatsapp.APIError
		switch {
		case errors.Is(r.Err, whatsapp.ErrNotAttempted):
			notAttempted++
			if !errors.As(r.Err, &ae) || ae.Code != 190 {
				t.Fatalf("a recipient not attempted says %v, not the refusal that stopped the broadcast", r.Err)
			}
		case !errors.As(r.Err, &ae) || ae.HTTPStatus != 401:
			t.Fatalf("result %+v: want a 401 or not attempted", r)
		}
	}
	if notAttempted < 190 {
		t.Fatalf("%d of 200 recipients not attempted, want the rest after the first answers", notAttempted)
	}
}

// Failures about one recipient do not stop a broadcast; MaxFailuresInARow of
// them in a row do.
func TestSendToEachStopsAfterFailuresInARow(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	c := sandboxClient(t, sb, whatsapp.Cloud, nil)
	sb.InjectFault(sandbox.Fault{Kind: sandbox.FaultStatus, Method: "POST", PathSuffix: "/messages", Status: 400,
		Code: 131026, Title: "Message undeliverable", Times: 1000})
	results := c.SendToEach(context.Background(), broadcastImage, broadcastRecipients(100), 1, whatsapp.BroadcastHooks{})
	if n := countRequests(sb, "POST", "/messages"); n != whatsapp.MaxFailuresInARow {
		t.Fatalf("%d send requests, want %d: one at a time, stopping after %d failures in a row",
			n, whatsapp.MaxFailuresInARow, whatsapp.MaxFailuresInARow)
	}
	if !errors.Is(results[len(results)-1].Err, whatsapp.ErrNotAttempted) {
		t.Fatalf("the last recipient: %v, want not attempted", results[len(results)-1].Err)
	}
	if whatsapp.AffectsEverySend(results[0].Err) {
		t.Fatalf("131026 is about one recipient, but AffectsEverySend says it would hit every send: %v", results[0].Err)
	}
}

// Answers whose message may have been taken never stop a broadcast: each is
// an unknown outcome for its recipient only.
func TestSendToEachKeepsGoingAfterUnknownOutcomes(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	c := sandboxClient(t, sb, whatsapp.OnPremises, nil)
	sb.InjectFault(sandbox.Fault{Kind: sandbox.FaultDropAfter, Method: "POST", PathSuffix: "/messages", Times: 3})
	results := c.SendToEach(context.Background(), broadcastImage, broadcastRecipients(20), 2, whatsapp.BroadcastHooks{})
	unknown := 0
	for _, r := range results {
		switch {
		case whatsapp.IsOutcomeUnknown(r.Err):
			unknown++
		case r.Err != nil:
			t.Fatalf("result %+v: want accepted or unknown", r)
		}
	}
	if unknown != 3 || len(sb.Messages()) != 20 {
		t.Fatalf("%d unknown outcomes, %d messages taken; want 3 and 20", unknown, len(sb.Messages()))
	}
}

// A cancelled context stops new sends: no request is made for the rest.
func TestSendToEachStopsWhenCancelled(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	c := sandboxClient(t, sb, whatsapp.Cloud, nil)
	ctx, cancel := context.WithCancel(context.Background())
	results := c.SendToEach(ctx, broadcastImage, broadcastRecipients(50), 1, whatsapp.BroadcastHooks{After: func(r whatsapp.BroadcastResult) {
		if r.To == "16315550004" {
			cancel()
		}
	}})
	if n := len(sb.Messages()); n != 5 {
		t.Fatalf("%d messages taken, want 5 (cancelled after the fifth answer)", n)
	}
	for _, r := range results[5:] {
		if !errors.Is(r.Err, whatsapp.ErrNotAttempted) || !errors.Is(r.Err, whatsapp.ErrInterrupted) {
			t.Fatalf("after the cancel: %+v, want not attempted, interrupted", r)
		}
	}
}

// A send whose context ends while it waits (for the pace, here) is not
// attempted, and says it was interrupted, not only "context canceled".
func TestSendInterruptedBeforeTheWire(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	c := sandboxClient(t, sb, whatsapp.Cloud, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	msg := broadcastImage
	msg.To = "16315550001"
	_, err := c.SendMediaMessage(ctx, msg)
	if !errors.Is(err, whatsapp.ErrNotAttempted) || !errors.Is(err, whatsapp.ErrInterrupted) || whatsapp.IsOutcomeUnknown(err) {
		t.Fatalf("a send cancelled before the wire: %v, want not attempted and interrupted", err)
	}
	if n := countRequests(sb, "POST", "/messages"); n != 0 {
		t.Fatalf("%d send requests after the cancel, want 0", n)
	}
}

// Before runs ahead of each send and can refuse it (the provider records the
// send there): the refused send and every later one are not attempted, with
// Before's error, and After still sees every result.
func TestSendToEachBeforeRefusesTheRest(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	c := sandboxClient(t, sb, whatsapp.Cloud, nil)
	refused := errors.New("the record of sends cannot be written")
	var mu sync.Mutex
	before, after := 0, 0
	results := c.SendToEach(context.Background(), broadcastImage, broadcastRecipients(10), 1, whatsapp.BroadcastHooks{
		Before: func(to string) error {
			mu.Lock()
			defer mu.Unlock()
			before++
			if to == "16315550003" {
				return refused
			}
			return nil
		},
		After: func(whatsapp.BroadcastResult) {
			mu.Lock()
			after++
			mu.Unlock()
		},
	})
	if n := len(sb.Messages()); n != 3 || before != 4 || after != 10 {
		t.Fatalf("%d messages taken, Before ran %d times, After %d; want 3, 4 and 10", n, before, after)
	}
	for _, r := range results[3:] {
		if !errors.Is(r.Err, whatsapp.ErrNotAttempted) || !errors.Is(r.Err, refused) {
			t.Fatalf("after Before refused: %+v, want not attempted with its error", r)
		}
	}
}

// A template the API refuses (no such approved template, here) would be
// refused for every recipient of the same message: the broadcast stops after
// the first answer, on both flavors, with that answer in every result. The
// first send goes alone, so even with 32 sends allowed in flight the refusal
// costs one request.
func TestSendToEachStopsWhenTheTemplateIsRefused(t *testing.T) {
	for _, flavor := range flavors {
		t.Run(string(flavor), func(t *testing.T) {
			sb := startSandbox(t, sandbox.Options{})
			c := sandboxClient(t, sb, flavor, nil)
			msg := broadcastImage
			msg.Template = &whatsapp.Template{Name: "no_such_template", Language: "en_US",
				Namespace: map[whatsapp.Flavor]string{whatsapp.OnPremises: sandbox.DefaultTemplateNamespace}[flavor]}
			results := c.SendToEach(context.Background(), msg, broadcastRecipients(50), 32, whatsapp.BroadcastHooks{})
			if n := countRequests(sb, "POST", "/messages"); n != 1 {
				t.Fatalf("%d send requests for a template refused from the first one, want 1", n)
			}
			for _, r := range results {
				var ae *whatsapp.APIError
				if !errors.As(r.Err, &ae) || (ae.Code != 132001 && ae.Code != 2001) {
					t.Fatalf("result %+v: want the template's refusal (132001 / 2001)", r)
				}
			}
		})
	}
}

// Unknown outcomes in a row stop a broadcast too; the recipients after them
// were never sent to, so their outcome is known: not sent, although the
// failure that stopped the broadcast was an unknown outcome.
func TestSendToEachNotAttemptedIsNeverUnknown(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	c := sandboxClient(t, sb, whatsapp.Cloud, nil)
	sb.InjectFault(sandbox.Fault{Kind: sandbox.FaultDropAfter, Method: "POST", PathSuffix: "/messages", Times: 1000})
	results := c.SendToEach(context.Background(), broadcastImage, broadcastRecipients(40), 1, whatsapp.BroadcastHooks{})
	unknown, notAttempted := 0, 0
	for _, r := range results {
		switch {
		case errors.Is(r.Err, whatsapp.ErrNotAttempted):
			notAttempted++
			if whatsapp.IsOutcomeUnknown(r.Err) {
				t.Fatalf("a recipient never sent to has an unknown outcome: %v", r.Err)
			}
		case whatsapp.IsOutcomeUnknown(r.Err):
			unknown++
		}
	}
	if unknown != whatsapp.MaxFailuresInARow || notAttempted != 40-whatsapp.MaxFailuresInARow {
		t.Fatalf("%d unknown and %d not attempted, want %d and %d", unknown, notAttempted,
			whatsapp.MaxFailuresInARow, 40-whatsapp.MaxFailuresInARow)
	}
}

// The hooks follow the attempts, not the call: a send the API throttles is
// "about to be written" once per attempt, and "not taken" after each answer
// that proves it, so a record kept by them never holds a send that was only
// waiting (for the pace, or to be tried again) as one that may have reached
// the API.
func TestSendHooksFollowEachAttempt(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	c := sandboxClient(t, sb, whatsapp.Cloud, nil)
	sb.InjectFault(sandbox.Fault{Kind: sandbox.FaultStatus, Method: "POST", PathSuffix: "/messages", Status: 429,
		Code: 130429, Title: "Rate limit hit", Times: 2})
	var events []string
	msg := broadcastImage
	msg.To = "16315550001"
	sent, err := c.SendMediaMessageWith(context.Background(), msg, whatsapp.SendHooks{
		BeforeAttempt: func() error { events = append(events, "before"); return nil },
		NotTaken:      func() { events = append(events, "not taken") },
	})
	if err != nil || sent == nil {
		t.Fatalf("send: %v", err)
	}
	if got := strings.Join(events, ", "); got != "before, not taken, before, not taken, before" {
		t.Fatalf("hooks ran as %q, want each of the 3 attempts announced and the 2 throttled ones not taken", got)
	}
	if n := countRequests(sb, "POST", "/messages"); n != 3 {
		t.Fatalf("%d send requests, want 3", n)
	}
}

// cancelAfterAnswer is a transport that cancels the broadcast's context once
// the API's answer is in hand: Ctrl-C while a request was on the wire.
type cancelAfterAnswer struct{ cancel context.CancelFunc }

func (c cancelAfterAnswer) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	c.cancel()
	return resp, err
}

// A refusal that comes back after Ctrl-C keeps its own code: its request was
// written, so it is not reported as "not sent: the apply was interrupted".
func TestSendToEachKeepsARefusalAnsweredAfterCancel(t *testing.T) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, `{"error":{"message":"(#131009) Parameter value is not valid","type":"OAuthException",`+
			`"code":131009,"error_data":{"details":"bad"},"fbtrace_id":"A1"}}`)
	}))
	defer api.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c, err := whatsapp.New(whatsapp.Config{BaseURL: api.URL, PhoneNumberID: "1", AccessToken: "t", MaxRetries: 0,
		HTTPClient: &http.Client{Transport: cancelAfterAnswer{cancel}}})
	if err != nil {
		t.Fatal(err)
	}
	results := c.SendToEach(ctx, broadcastImage, broadcastRecipients(3), 1, whatsapp.BroadcastHooks{})
	var apiErr *whatsapp.APIError
	if !errors.As(results[0].Err, &apiErr) || apiErr.Code != 131009 || errors.Is(results[0].Err, whatsapp.ErrNotAttempted) {
		t.Fatalf("the answered send: %v, want WhatsApp's 131009, not \"not attempted\"", results[0].Err)
	}
	for _, r := range results[1:] {
		if !errors.Is(r.Err, whatsapp.ErrNotAttempted) || !errors.Is(r.Err, whatsapp.ErrInterrupted) {
			t.Fatalf("after the cancel: %+v, want not attempted, interrupted", r)
		}
	}
}
