package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// syncBuffer lets the test read what run prints while run is still going.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRunWritesURLFileAndStops(t *testing.T) {
	urlFile := filepath.Join(t.TempDir(), "url")
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-url-file", urlFile, "-phone-number-id", "42", "-auth-header", "D360-API-KEY"}, &out)
	}()

	var url string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if b, err := os.ReadFile(urlFile); err == nil {
			url = strings.TrimSpace(string(b))
			break
		}
	}
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("url file holds %q", url)
	}
	resp, err := http.Get(url + "/_sandbox/state")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("state: %d", resp.StatusCode)
	}
	if resp, err = http.Get(url + "/"); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("the inbox at %s/ did not answer: %v", url, err)
	}
	resp.Body.Close()
	for _, want := range []string{url, `phone_number_id = "42"`, `api      = "on_premises"`, `auth_header = "D360-API-KEY"`,
		"Inbox (what each recipient would see): " + url + "/",
		`X-Hub-Signature-256 using the app secret "sandbox-app-secret"`,
		"export WHATSAPP_API=cloud WHATSAPP_BASE_URL=" + url + " WHATSAPP_PHONE_NUMBER_ID=42 WHATSAPP_ACCESS_TOKEN=sandbox-token",
		"export WHATSAPP_API=on_premises WHATSAPP_BASE_URL=" + url + " WHATSAPP_USERNAME=admin WHATSAPP_PASSWORD=secret"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("how-to lacks %q:\n%s", want, out.String())
		}
	}

	var replied bytes.Buffer
	if err := run(context.Background(), []string{"-customers-reply", url, "+1 631-555-1001"}, &replied); err != nil ||
		!strings.Contains(replied.String(), "Customer 16315551001 wrote: free-form messages reach them until") {
		t.Errorf("-customers-reply: %v\n%s", err, replied.String())
	}
	if err := run(context.Background(), []string{"-customers-reply", url}, &replied); err == nil {
		t.Error("-customers-reply without customers succeeded")
	}

	var shown bytes.Buffer
	if err := run(context.Background(), []string{"-show", url}, &shown); err != nil {
		t.Fatalf("-show: %v", err)
	}
	if !strings.Contains(shown.String(), "Media stored (0)") || !strings.Contains(shown.String(), "Messages accepted (0)") ||
		!strings.Contains(shown.String(), "as the recipients would: "+url+"/") ||
		!strings.Contains(shown.String(), "Customers who wrote (1):") || !strings.Contains(shown.String(), "16315551001  window open until") {
		t.Errorf("-show printed:\n%s", shown.String())
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("run did not stop")
	}
	if _, err := os.Stat(urlFile); !os.IsNotExist(err) {
		t.Fatalf("url file left behind: %v", err)
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	if err := run(context.Background(), []string{"-token-ttl", "soon"}, &bytes.Buffer{}); err == nil {
		t.Fatal("a bad -token-ttl was accepted")
	}
}

func TestRunRejectsBadRateLimit(t *testing.T) {
	for _, args := range [][]string{{"-rate", "-1"}, {"-rate", "5", "-retry-after", "soon"}} {
		err := run(context.Background(), append([]string{"-addr", "127.0.0.1:0"}, args...), &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), "-rate") {
			t.Errorf("%v: got %v, want an error naming -rate", args, err)
		}
	}
}

// The -rate flags reach the server: GET /_sandbox/ratelimit shows them.
func TestRunAppliesRateLimitFlags(t *testing.T) {
	urlFile := filepath.Join(t.TempDir(), "url")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-url-file", urlFile, "-rate", "20", "-burst", "5", "-retry-after", "1"}, &syncBuffer{})
	}()
	var url string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && url == ""; time.Sleep(10 * time.Millisecond) {
		if b, err := os.ReadFile(urlFile); err == nil {
			url = strings.TrimSpace(string(b))
		}
	}
	resp, err := http.Get(url + "/_sandbox/ratelimit")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	for _, want := range []string{`"rate":20`, `"burst":5`, `"retry_after":"1"`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("GET /_sandbox/ratelimit = %s, lacks %s", b.String(), want)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
}

// TestShowListsStatusesPerRecipient: -show counts each recipient's statuses
// and says how each one's delivery to the webhook went.
func TestShowListsStatusesPerRecipient(t *testing.T) {
	s, err := sandbox.New(sandbox.Options{Statuses: sandbox.StatusSchedule{Sent: time.Millisecond, Delivered: time.Millisecond, Read: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.SetWorld(sandbox.World{NotOnWhatsApp: []string{"16315550199"}})
	s.CustomerReplies("16315551001") // a free-form message needs the customer's open window
	sendTo(t, s, "16315551001", "16315550199")
	s.WaitForStatuses(4, 5*time.Second)
	var shown bytes.Buffer
	if err := run(context.Background(), []string{"-show", s.URL()}, &shown); err != nil {
		t.Fatal(err)
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`Statuses per recipient \(4 reported\)`),
		regexp.MustCompile(`16315551001\s+1\s+1\s+1\s+1\s+0\n`),
		regexp.MustCompile(`16315550199\s+1\s+0\s+0\s+0\s+1\n`),
		regexp.MustCompile(`to 16315550199: failed 131026 Message undeliverable \[no webhook configured\]`),
		regexp.MustCompile(`to 16315551001: sent, delivered, read \[no webhook configured\]`),
	} {
		if !want.MatchString(shown.String()) {
			t.Errorf("-show lacks %s:\n%s", want, shown.String())
		}
	}
}

// sendTo sends a free-form image by link to each recipient through the
// sandbox's On-Premises API, with its static token.
func sendTo(t *testing.T, s *sandbox.Server, recipients ...string) {
	t.Helper()
	for _, to := range recipients {
		req, _ := http.NewRequest(http.MethodPost, s.URL()+"/v1/messages",
			strings.NewReader(`{"to":"`+to+`","type":"image","image":{"link":"https://example.com/a.png"}}`))
		req.Header.Set("Authorization", "Bearer "+sandbox.DefaultAccessToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != http.StatusCreated {
			t.Fatalf("send: %v %v", err, resp)
		}
		resp.Body.Close()
	}
}

// TestShowWaitsForFinalStatuses: -show -wait, run right after the sends (as
// make demo runs it right after the apply), prints the table only once every
// message is delivered or failed, so DELIVERED counts what was delivered.
func TestShowWaitsForFinalStatuses(t *testing.T) {
	s, err := sandbox.New(sandbox.Options{Statuses: sandbox.StatusSchedule{
		Sent: 100 * time.Millisecond, Delivered: 600 * time.Millisecond, NoRead: true}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.SetWorld(sandbox.World{NotOnWhatsApp: []string{"16315550199"}})
	s.CustomerReplies("16315551001")
	sendTo(t, s, "16315551001", "16315550199")

	var shown bytes.Buffer
	if err := run(context.Background(), []string{"-show", s.URL(), "-wait", "5s"}, &shown); err != nil {
		t.Fatal(err)
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`All 2 accepted messages were delivered or failed, after waiting`),
		regexp.MustCompile(`16315551001\s+1\s+1\s+1\s+0\s+0\n`),
		regexp.MustCompile(`16315550199\s+1\s+0\s+0\s+0\s+1\n`),
	} {
		if !want.MatchString(shown.String()) {
			t.Errorf("-show -wait lacks %s:\n%s", want, shown.String())
		}
	}
}

// TestShowWaitIsBounded: a status that does not come within -wait does not
// hold -show up; it says how many messages are still waiting.
func TestShowWaitIsBounded(t *testing.T) {
	s, err := sandbox.New(sandbox.Options{Statuses: sandbox.StatusSchedule{
		Sent: 100 * time.Millisecond, Delivered: time.Minute, NoRead: true}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.CustomerReplies("16315551001")
	sendTo(t, s, "16315551001")

	start := time.Now()
	var shown bytes.Buffer
	if err := run(context.Background(), []string{"-show", s.URL(), "-wait", "500ms"}, &shown); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("-wait 500ms took %s", took)
	}
	if want := "After 500ms, 1 of 1 accepted messages still have no final status"; !strings.Contains(shown.String(), want) {
		t.Errorf("-show -wait lacks %q:\n%s", want, shown.String())
	}
	if !regexp.MustCompile(`16315551001\s+1\s+\d\s+0\s+0\s+0\n`).MatchString(shown.String()) {
		t.Errorf("-show -wait should still print the table:\n%s", shown.String())
	}
}
