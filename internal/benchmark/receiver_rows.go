package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/receiverapi"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// The receiver rows: signed Cloud status posts, in the sandbox's payload
// shape and signed as the sandbox signs them, at a fixed rate (open loop:
// each post leaves at its scheduled time whether or not earlier ones were
// answered) to the real whatsapp-receiver binary on SQLite and on
// PostgreSQL, beside a bare HTTP handler answering 200 (the floor) measured
// in the same run. Then every status answered 200 must be in the read API.

const (
	receiverBenchSecret = "bench-app-secret"
	receiverBenchToken  = "bench-read-token"
)

// receiverLoad is what one run measured.
type receiverLoad struct {
	posted, answered200 int
	p50, p99            time.Duration
	took                time.Duration
}

func (l receiverLoad) rate() float64 { return float64(l.posted) / l.took.Seconds() }

// receiverRows runs the floor, then the receiver on each store.
func (b *bench) receiverRows() ([]row, error) {
	if b.c.receiverBin == "" {
		return nil, fmt.Errorf("no -receiver-bin: scripts/bench.sh builds whatsapp-receiver")
	}
	rate, dur := b.c.receiverRate, b.c.receiverDuration
	floorSrv, floorURL, err := bareHandler()
	if err != nil {
		return nil, err
	}
	floor := postStatuses(floorURL, "floor", rate, dur)
	_ = floorSrv.Close()
	fmt.Fprintf(os.Stderr, "bench: receiver floor (bare 200 handler): p50 %s p99 %s at %.0f/s\n", floor.p50, floor.p99, floor.rate())
	var rows []row
	stores := []struct{ name, database string }{
		{"SQLite", "sqlite:" + filepath.Join(b.work, "receiver-bench.db")},
	}
	if b.c.receiverPostgres != "" {
		stores = append(stores, struct{ name, database string }{"PostgreSQL", b.c.receiverPostgres})
	} else {
		rows = append(rows, row{name: "receiver on PostgreSQL", measured: "not run: no -receiver-postgres (scripts/bench.sh passes scripts/postgres.sh's)",
			peer: "-", ratio: "-", goal: "-", met: "NO"})
	}
	for _, st := range stores {
		r, err := b.receiverOn(st.name, st.database, rate, dur, floor)
		if err != nil {
			return nil, fmt.Errorf("receiver on %s: %w", st.name, err)
		}
		rows = append(rows, r...)
	}
	return rows, nil
}

func (b *bench) receiverOn(name, database string, rate int, dur time.Duration, floor receiverLoad) ([]row, error) {
	urlFile := filepath.Join(b.work, "receiver-url-"+strings.ToLower(name))
	cmd := exec.Command(b.c.receiverBin, "-addr", "127.0.0.1:0", "-url-file", urlFile, "-database", database)
	cmd.Env = append(os.Environ(), "WHATSAPP_RECEIVER_APP_SECRET="+receiverBenchSecret, "WHATSAPP_RECEIVER_READ_TOKEN="+receiverBenchToken)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	defer func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() }()
	var base string
	for deadline := time.Now().Add(30 * time.Second); ; {
		if raw, err := os.ReadFile(urlFile); err == nil && len(raw) > 0 {
			base = strings.TrimSpace(string(raw))
			break
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("the receiver did not start: %s", log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	label := "bench:" + strings.ToLower(name) + ":"
	load := postStatuses(base+"/webhook", label, rate, dur)
	stored, err := storedStatuses(base, label, load.answered200)
	if err != nil {
		return nil, err
	}
	lost := load.answered200 - stored
	fmt.Fprintf(os.Stderr, "bench: receiver on %s: p50 %s p99 %s at %.0f/s; %d answered 200, %d stored\n",
		name, load.p50, load.p99, load.rate(), load.answered200, stored)
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }
	return []row{{
		name:     fmt.Sprintf("receiver on %s: %d signed statuses/s for %s, answer time p50 / p99", name, rate, dur),
		measured: fmt.Sprintf("%s / %s (%.0f posts/s sent)", ms(load.p50), ms(load.p99), load.rate()),
		peer:     fmt.Sprintf("bare 200 handler: %s / %s", ms(floor.p50), ms(floor.p99)),
		ratio:    fmt.Sprintf("%.1fx / %.1fx", ratio(load.p50, floor.p50), ratio(load.p99, floor.p99)),
		goal:     "reported (the floor is loopback HTTP)",
		met:      "-",
	}, {
		name:     fmt.Sprintf("receiver on %s: statuses lost (answered 200, not in the read API)", name),
		measured: fmt.Sprintf("%d of %d (%d posts not answered 200)", lost, load.answered200, load.posted-load.answered200),
		peer:     "-",
		ratio:    "-",
		goal:     "0 lost, every post answered 200",
		met:      verdict(lost == 0 && load.answered200 == load.posted),
	}}, nil
}

func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// bareHandler is the floor: net/http answering 200 after reading the body.
func bareHandler() (*http.Server, string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusOK)
	}), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return srv, "http://" + ln.Addr().String() + "/webhook", nil
}

// statusBody is one status in the sandbox's Cloud payload shape: message k
// is sent, delivered and read in three posts, so every post is one new
// (message, status) pair.
func statusBody(label string, i int) []byte {
	k := i / 3
	to := fmt.Sprintf("1631555%04d", k%10000)
	st := map[string]any{"id": fmt.Sprintf("wamid.%s%08d", strings.ReplaceAll(label, ":", "."), k),
		"status": []string{"sent", "delivered", "read"}[i%3], "timestamp": strconv.FormatInt(time.Now().Unix(), 10),
		"recipient_id": to, "biz_opaque_callback_data": label,
		"conversation": map[string]any{"id": "c" + to, "origin": map[string]string{"type": "service"}},
		"pricing":      map[string]any{"billable": true, "pricing_model": "PMP", "category": "service"}}
	body, _ := json.Marshal(map[string]any{"object": "whatsapp_business_account", "entry": []any{map[string]any{
		"id": "102290129340398", "changes": []any{map[string]any{"field": "messages", "value": map[string]any{
			"messaging_product": "whatsapp",
			"metadata":          map[string]string{"display_phone_number": "16315551000", "phone_number_id": "106540352242922"},
			"statuses":          []any{st}}}}}}})
	return body
}

// postStatuses posts rate statuses a second for dur and records each answer time.
func postStatuses(url, label string, rate int, dur time.Duration) receiverLoad {
	n := int(float64(rate) * dur.Seconds())
	bodies := make([][]byte, n)
	for i := range bodies {
		bodies[i] = statusBody(label, i)
	}
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 256, MaxConnsPerHost: 256}}
	lat := make([]time.Duration, n)
	var ok200 atomic.Int64
	jobs := make(chan int, n)
	var wg sync.WaitGroup
	for range 256 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(bodies[i]))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set(sandbox.SignatureHeader, sandbox.Sign(receiverBenchSecret, bodies[i]))
				start := time.Now()
				resp, err := client.Do(req)
				lat[i] = time.Since(start)
				if err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					_ = resp.Body.Close()
					if resp.StatusCode == http.StatusOK {
						ok200.Add(1)
					}
				}
			}
		}()
	}
	start := time.Now()
	interval := time.Second / time.Duration(rate)
	for i := range n {
		if d := time.Until(start.Add(time.Duration(i) * interval)); d > 0 {
			time.Sleep(d)
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	took := time.Since(start)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return receiverLoad{posted: n, answered200: int(ok200.Load()), p50: lat[n/2], p99: lat[n*99/100], took: took}
}

// storedStatuses counts the statuses the read API lists under label, waiting
// up to two minutes for the receiver to process what it stored.
func storedStatuses(base, label string, want int) (int, error) {
	c := &receiverapi.Client{BaseURL: base, Token: receiverBenchToken}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		msgs, err := c.StatusesByLabel(context.Background(), label, false)
		if err != nil {
			return 0, err
		}
		got := 0
		for _, m := range msgs {
			got += len(m.StatusTimes)
		}
		if got >= want || time.Now().After(deadline) {
			return got, nil
		}
		time.Sleep(time.Second)
	}
}
