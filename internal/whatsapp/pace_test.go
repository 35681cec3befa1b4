package whatsapp

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeClock drives a pacer without sleeping: sleep moves the clock.
type fakeClock struct{ t time.Time }

func newFakePacer(maxPerSecond float64) (*pacer, *fakeClock) {
	clk := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	p := newPacer(maxPerSecond)
	p.now = func() time.Time { return clk.t }
	p.sleep = func(_ context.Context, d time.Duration) error { clk.t = clk.t.Add(d); return nil }
	return p, clk
}

func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

// mustTake takes a slot that must be free now.
func mustTake(t *testing.T, p *pacer) paceTicket {
	t.Helper()
	d, tk := p.take()
	if d != 0 {
		t.Fatalf("send held back %v, want it let out at once", d)
	}
	return tk
}

func TestPacerLetsEverythingOutUntilTheFirstThrottle(t *testing.T) {
	p, _ := newFakePacer(0)
	for i := 0; i < 1000; i++ {
		mustTake(t, p)
		p.success()
	}
}

func TestPacerCeilingSpacesSends(t *testing.T) {
	p, clk := newFakePacer(20)
	mustTake(t, p)
	if d, _ := p.take(); d != 50*time.Millisecond {
		t.Fatalf("second send at 20/s waits %v, want 50ms", d)
	}
	start := clk.t
	for i := 0; i < 20; i++ {
		if _, err := p.wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if got := clk.t.Sub(start); got != 20*50*time.Millisecond {
		t.Fatalf("20 more sends at a ceiling of 20/s spanned %v of fake time, want 1s", got)
	}
	// A sender late by less than an interval keeps the schedule: no slot lost.
	clk.advance(70 * time.Millisecond) // 20ms late for its slot
	mustTake(t, p)
	if d, _ := p.take(); d != 30*time.Millisecond {
		t.Fatalf("after a send 20ms late the next waits %v, want 30ms (its own slot)", d)
	}
	// After an idle spell the schedule starts again: no group goes at once.
	clk.advance(time.Second)
	mustTake(t, p)
	if d, _ := p.take(); d != 50*time.Millisecond {
		t.Fatalf("second send after an idle second waits %v, want 50ms", d)
	}
}

// Senders wait in line: each slot wakes the sender first in line, not every
// waiter. Before, each of 64 waiters napped until the same slot and 63 found
// it taken: some 10,000 naps for these 320 sends.
func TestPacerWakesOneWaiterPerSlot(t *testing.T) {
	p := newPacer(2000)
	var naps atomic.Int64
	p.sleep = func(ctx context.Context, d time.Duration) error {
		naps.Add(1)
		return sleep(ctx, d)
	}
	const senders, each = 64, 5
	var wg sync.WaitGroup
	for range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				if _, err := p.wait(context.Background()); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if n := naps.Load(); n > 2*senders*each {
		t.Fatalf("%d sends by %d senders took %d naps, want at most two per send", senders*each, senders, n)
	}
}

// A sender waiting its turn in line still stops when its context ends.
func TestPacerWaiterInLineStopsOnCancel(t *testing.T) {
	p := newPacer(1) // one send a second: the second sender naps a second, first in line
	mustTake(t, p)
	go func() { _, _ = p.wait(context.Background()) }()
	for len(p.gate) == 0 {
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := p.wait(ctx)
		done <- err
	}()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("a cancelled sender in line returned %v, want context.Canceled", err)
		}
	case <-time.After(500 * time.Millisecond):
		t.Fatal("a cancelled sender in line kept waiting for its turn")
	}
}

func TestPacerFirstThrottleSetsPaceFromRecentSuccesses(t *testing.T) {
	p, clk := newFakePacer(0)
	var tk paceTicket
	for i := 0; i < 20; i++ {
		tk = mustTake(t, p)
		p.success()
		clk.advance(5 * time.Millisecond)
	}
	p.throttled(tk, 0, false)
	// 20 successes in the last second: pace just under 20/s.
	d, _ := p.take()
	rate := 20 * paceUnder
	want := time.Duration(float64(time.Second) / rate)
	if d < want-time.Millisecond || d > want+time.Millisecond {
		t.Fatalf("after the throttle the next send waits %v, want about %v (one interval at %.1f/s)", d, want, 20*paceUnder)
	}
}

func TestPacerStaleThrottleDoesNotSlowAgain(t *testing.T) {
	p, clk := newFakePacer(0)
	a := mustTake(t, p)
	b := mustTake(t, p) // both in flight when the limit is hit
	p.success()
	clk.advance(time.Second)
	p.throttled(a, 0, false)
	rate := p.rate
	p.throttled(b, 0, false)
	if p.rate != rate {
		t.Fatalf("a throttle for a send that left before the slow-down changed the pace from %.2f to %.2f", rate, p.rate)
	}
}

func TestPacerRetryAfterPausesEverySender(t *testing.T) {
	p, clk := newFakePacer(0)
	tk := mustTake(t, p)
	for i := 0; i < 10; i++ {
		mustTake(t, p)
		p.success()
	}
	p.throttled(tk, 2*time.Second, true)
	// A sender that never saw the 429 must wait for the pause too.
	if d, _ := p.take(); d != 2*time.Second {
		t.Fatalf("another sender waits %v after a Retry-After of 2s, want 2s", d)
	}
	clk.advance(2 * time.Second)
	// What the pause held back (one second's worth at the new pace) may go at once.
	if p.credit < 1 {
		t.Fatalf("no sends may go when the pause ends (credit %d)", p.credit)
	}
	n := 0
	for d, _ := p.take(); d == 0; d, _ = p.take() {
		n++
		if n > 100 {
			t.Fatal("the pause's credit never ran out")
		}
	}
	if want := 9; n < want { // 10 successes in the window, at paceUnder
		t.Fatalf("%d sends let out when the pause ended, want at least %d", n, want)
	}
}

func TestPacerGroupAfterPauseTooLargeIsLearned(t *testing.T) {
	p, clk := newFakePacer(0)
	tk := mustTake(t, p)
	for i := 0; i < 20; i++ {
		p.success()
	}
	p.throttled(tk, time.Second, true)
	clk.advance(time.Second)
	first := mustTake(t, p)
	if !first.credit {
		t.Fatal("the first send after the pause was not let out by the credit")
	}
	second := mustTake(t, p)
	p.success()
	p.throttled(second, time.Second, true) // the API took only one of the group
	if p.creditLimit != 1 {
		t.Fatalf("creditLimit %d after the API took one send of a group, want 1", p.creditLimit)
	}
	if p.credit > 1 {
		t.Fatalf("the next pause lets %d out at once, want at most 1", p.credit)
	}
}

func TestPacerProbesUpwardAfterASlowDown(t *testing.T) {
	p, clk := newFakePacer(0)
	tk := mustTake(t, p)
	for i := 0; i < 20; i++ {
		p.success()
	}
	p.throttled(tk, 0, false) // rough estimate 20/s: exploring
	clk.advance(500 * time.Millisecond)
	tk = mustTake(t, p)
	for i := 0; i < 10; i++ {
		p.success()
	}
	clk.advance(500 * time.Millisecond)
	p.throttled(tk, 0, false) // 11 in 1s since the last one: about 11/s
	r0 := p.currentRate(clk.t)
	if r0 > 11 {
		t.Fatalf("pace %.2f/s after a throttle that measured 11/s, want under it", r0)
	}
	clk.advance(time.Second)
	r1 := p.currentRate(clk.t)
	clk.advance(7 * time.Second)
	r2 := p.currentRate(clk.t)
	if !(r0 < r1 && r1 < r2 && r2 > 2*r0) {
		t.Fatalf("pace after 0s, 1s, 8s without a throttle: %.2f, %.2f, %.2f; want it to grow, past double after 8s", r0, r1, r2)
	}
}

// TestPacerSimulatedApply runs the throttled fan-out on the fake
// clock: 10 workers, 400 sends, an API allowing 20/s with a burst of 20.
func TestPacerSimulatedApply(t *testing.T) {
	for _, ra := range []time.Duration{0, time.Second} {
		srv := &simServer{rate: 20, burst: 20, retryAfter: ra}
		p, _ := newFakePacer(0)
		r := simulate(p, srv, 400, 10, 5*time.Millisecond, time.Millisecond, time.Second)
		span := r.last.Sub(r.first).Seconds()
		ratio := (400 - 20) / 20 / span
		rejected := float64(r.rejected) / float64(r.accepted+r.rejected)
		t.Logf("Retry-After %v: %d rejected (%.1f%%), %.1f%% of the allowed rate", ra, r.rejected, 100*rejected, 100*ratio)
		if r.accepted != 400 || rejected > 0.05 || ratio < 0.95 {
			t.Errorf("Retry-After %v: %d accepted, %.1f%% rejected, %.1f%% of the allowed rate; want 400, <= 5%%, >= 95%%", ra, r.accepted, 100*rejected, 100*ratio)
		}
	}
}

// TestPaceHooks: sends teach the pacer; uploads and non-throttling errors do not.
func TestPaceHooks(t *testing.T) {
	var status atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := int(status.Load())
		if s == http.StatusOK {
			_, _ = w.Write([]byte(`{"messages":[{"id":"wamid.1"}]}`))
			return
		}
		w.WriteHeader(s)
		code := "100"
		if s == http.StatusTooManyRequests {
			code = "130429"
		}
		_, _ = w.Write([]byte(`{"error":{"code":` + code + `,"message":"(#` + code + `) no"}}`))
	}))
	defer srv.Close()
	c, err := New(Config{Flavor: Cloud, BaseURL: srv.URL, AccessToken: "t", PhoneNumberID: "1", MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	msg := MediaMessage{To: "16315551001", Type: "image", MediaID: "m"}

	status.Store(http.StatusBadRequest)
	_, _ = c.SendMediaMessage(ctx, msg)
	if c.pace.rate != 0 {
		t.Fatal("a 400 answer slowed the sends")
	}
	status.Store(http.StatusTooManyRequests)
	_, _ = c.UploadMedia(ctx, Upload{Body: strings.NewReader("abc"), Size: 3, ContentType: "image/png", Filename: "a.png"})
	if c.pace.rate != 0 {
		t.Fatal("a throttled upload slowed the message sends")
	}
	status.Store(http.StatusOK)
	if _, err := c.SendMediaMessage(ctx, msg); err != nil {
		t.Fatal(err)
	}
	if c.pace.sinceCut != 1 {
		t.Fatalf("successes counted %d, want 1", c.pace.sinceCut)
	}
	status.Store(http.StatusTooManyRequests)
	_, _ = c.SendMediaMessage(ctx, msg)
	if c.pace.rate == 0 {
		t.Fatal("a throttled send did not slow the sends")
	}
}

// TestCloudThrottleCodes: every Cloud throttling code is retried, and only
// the throughput limits teach the pace (rules.go's two sets).
func TestCloudThrottleCodes(t *testing.T) {
	c := &Client{cfg: Config{Flavor: Cloud}}
	for _, tc := range []struct {
		code                 int
		retried, teachesPace bool
	}{
		{4, true, true}, {80007, true, true}, {130429, true, true},
		{131048, true, false}, {131056, true, false},
		{100, false, false}, {131000, false, false},
	} {
		ae := &APIError{HTTPStatus: http.StatusBadRequest, Code: tc.code}
		if got := c.provenNotTaken(ae); got != tc.retried {
			t.Errorf("code %d: proven not taken = %v, want %v", tc.code, got, tc.retried)
		}
		if got := c.throttling(ae); got != tc.teachesPace {
			t.Errorf("code %d: teaches the pace = %v, want %v", tc.code, got, tc.teachesPace)
		}
	}
}
