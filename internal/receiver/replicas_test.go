package receiver

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/receiverapi"
)

// buildReceiver builds the real command once per test.
func buildReceiver(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "whatsapp-receiver")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/whatsapp-receiver")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// replica is one whatsapp-receiver process.
type replica struct {
	t    *testing.T
	bin  string
	args []string
	cmd  *exec.Cmd
	url  string
	log  bytes.Buffer
}

func (r *replica) start() {
	r.t.Helper()
	urlFile := filepath.Join(r.t.TempDir(), "url")
	r.cmd = exec.Command(r.bin, append(r.args, "-addr", "127.0.0.1:0", "-url-file", urlFile)...)
	r.cmd.Env = append(os.Environ(),
		"WHATSAPP_RECEIVER_APP_SECRET="+testAppSecret, "WHATSAPP_RECEIVER_READ_TOKEN="+testReadToken,
		"WHATSAPP_RECEIVER_VERIFY_TOKEN="+testVerifyToken)
	r.log.Reset()
	r.cmd.Stdout, r.cmd.Stderr = &r.log, &r.log
	if err := r.cmd.Start(); err != nil {
		r.t.Fatal(err)
	}
	waitFor(r.t, 30*time.Second, "the receiver to listen", func() bool {
		b, err := os.ReadFile(urlFile)
		if err == nil && len(b) > 0 {
			r.url = strings.TrimSpace(string(b))
			return true
		}
		return false
	})
}

func (r *replica) kill() {
	_ = r.cmd.Process.Kill() // SIGKILL: no chance to finish anything
	_ = r.cmd.Wait()
}

// TestTwoReplicasOnePostgres: two whatsapp-receiver processes on one
// PostgreSQL database behind a "load balancer" that alternates and, like
// WhatsApp, posts again (to the other replica) what was not answered 200.
// One replica is killed with SIGKILL and started again in the middle. Every
// post answered 200 is stored once, every status once.
func TestTwoReplicasOnePostgres(t *testing.T) {
	db := freshPostgres(t)
	bin := buildReceiver(t)
	reps := []*replica{{t: t, bin: bin, args: []string{"-database", db, "-process-every", "100ms"}},
		{t: t, bin: bin, args: []string{"-database", db, "-process-every", "100ms"}}}
	for _, r := range reps {
		r.start()
	}
	t.Cleanup(func() {
		for _, r := range reps {
			r.kill()
		}
	})

	const n = 600
	var mu sync.RWMutex // guards the replicas' URLs during the restart
	urls := []string{reps[0].url, reps[1].url}
	var answered, retried, replays atomic.Int64
	client := &http.Client{Timeout: 10 * time.Second}
	send := func(i int, body []byte) {
		for attempt := 0; ; attempt++ {
			mu.RLock()
			u := urls[(i+attempt)%2]
			mu.RUnlock()
			req, _ := http.NewRequest(http.MethodPost, u+PathWebhook, bytes.NewReader(body))
			req.Header.Set(SignatureHeader, Sign(testAppSecret, body))
			resp, err := client.Do(req)
			if err == nil {
				_ = resp.Body.Close()
				if resp.StatusCode == 200 {
					answered.Add(1)
					return
				}
			}
			retried.Add(1)
			if attempt > 50 {
				t.Errorf("post %d never answered 200: %v", i, err)
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	bodies := make([][]byte, n)
	for i := range n {
		bodies[i] = cloudPost(status{id: fmt.Sprintf("wamid.REP%04d", i), st: []string{"sent", "delivered", "read"}[i%3],
			to: "16315551001", ts: 1700000000 + int64(i), label: "bc:replicas:"})
	}
	var wg sync.WaitGroup
	next := atomic.Int64{}
	for range 4 { // four posts in flight at once, as WhatsApp posts concurrently
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				send(i, bodies[i])
				if i%10 == 0 { // WhatsApp posting the same body again
					send(i+1, bodies[i])
					replays.Add(1)
				}
			}
		}()
	}
	// Restart replica 1 while posts flow.
	waitFor(t, time.Minute, "a third of the posts", func() bool { return next.Load() > n/3 })
	reps[1].kill()
	time.Sleep(300 * time.Millisecond)
	reps[1].start()
	mu.Lock()
	urls[1] = reps[1].url
	mu.Unlock()
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	t.Logf("%d posts answered 200 (%d of them replays), %d attempts retried during the restart", answered.Load(), replays.Load(), retried.Load())

	st := openStore(t, db)
	waitFor(t, 30*time.Second, "every post to be processed", func() bool {
		p, _, err := st.Backlog(context.Background())
		return err == nil && p == 0
	})
	if got := countRows(t, st, "posts"); got != n {
		t.Errorf("posts stored: %d, want %d (each body once)", got, n)
	}
	if got := countRows(t, st, "status_events"); got != n {
		t.Errorf("statuses stored: %d, want %d", got, n)
	}
	msgs, err := (&replica{}).clientFor(urls[0]).StatusesByLabel(context.Background(), "bc:replicas:", false)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != n {
		t.Fatalf("the read API lists %d messages, want %d", len(msgs), n)
	}
	for _, m := range msgs {
		var i int
		_, _ = fmt.Sscanf(m.MessageID, "wamid.REP%04d", &i)
		if want := []string{"sent", "delivered", "read"}[i%3]; m.Status != want {
			t.Errorf("%s: %s, want %s", m.MessageID, m.Status, want)
		}
	}
}

func (*replica) clientFor(base string) *receiverapi.Client {
	return &receiverapi.Client{BaseURL: base, Token: testReadToken}
}
