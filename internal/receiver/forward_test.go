package receiver

import (
	"crypto/hmac"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"
)

// consumer records every post it gets and whether its signature is valid
// under the forward secret.
type consumer struct {
	mu       sync.Mutex
	bodies   map[string]int // body -> times received
	badSigns int
}

func (c *consumer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	c.mu.Lock()
	defer c.mu.Unlock()
	if !hmac.Equal([]byte(r.Header.Get(SignatureHeader)), []byte(Sign(testFwdSecret, body))) {
		c.badSigns++
		http.Error(w, "bad signature", http.StatusForbidden)
		return
	}
	c.bodies[string(body)]++
}

func (c *consumer) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.bodies)
}

// testForwarding: a second consumer behind the receiver gets every post as
// received, re-signed, also the ones posted while it was down. It is down for
// 3 seconds here, with retries from 200 ms (the default starts at 5 s and
// doubles to 10 minutes; GiveUp is 7 days), so the test covers several
// failed attempts per post and the outbox draining after.
func testForwarding(t *testing.T, db string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close() // the consumer is down: connections are refused
	c := &consumer{bodies: map[string]int{}}
	h := startReceiver(t, db, func(cfg *Config) {
		cfg.Forward = []string{"http://" + addr + "/hook"}
		cfg.ForwardSecret = testFwdSecret
		cfg.ForwardRetry = ForwardRetry{Min: 200 * time.Millisecond, Max: time.Second, GiveUp: time.Hour}
	})
	var sent []string
	post := func(i int) {
		body := cloudPost(status{id: "wamid.FW" + string(rune('A'+i)), st: "sent", to: "16315551001", ts: 1700000000 + int64(i)})
		if code := h.postSigned(body); code != 200 {
			t.Fatalf("HTTP %d", code)
		}
		sent = append(sent, string(body))
	}
	for i := range 10 {
		post(i)
	}
	time.Sleep(3 * time.Second)
	if got := metric(t, h.url, `whatsapp_receiver_forward_attempts_total{result="failed"}`); got < 10 {
		t.Fatalf("forward failures while the consumer was down: %v, want at least one per post", got)
	}
	ln, err = net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("the consumer cannot come back on %s: %v", addr, err)
	}
	srv := &http.Server{Handler: c}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	for i := 10; i < 15; i++ {
		post(i)
	}
	waitFor(t, 30*time.Second, "the consumer to get every post", func() bool { return c.count() == len(sent) })
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, b := range sent {
		if c.bodies[b] != 1 {
			t.Errorf("the consumer got a post %d times, want once, byte for byte", c.bodies[b])
		}
	}
	if c.badSigns != 0 {
		t.Fatalf("%d forwards without a valid signature", c.badSigns)
	}
}
