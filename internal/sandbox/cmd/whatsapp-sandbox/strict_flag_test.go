package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Without -strict a Cloud request with node's User-Agent is served; with it,
// the same request gets Graph's invalid-parameter error and the banner says so.
func TestRunStrictFlag(t *testing.T) {
	for _, tc := range []struct {
		args       []string
		wantStatus int
		wantBanner bool
	}{
		{nil, http.StatusOK, false},
		{[]string{"-strict"}, http.StatusBadRequest, true},
	} {
		urlFile := filepath.Join(t.TempDir(), "url")
		ctx, cancel := context.WithCancel(context.Background())
		var out syncBuffer
		done := make(chan error, 1)
		go func() {
			done <- run(ctx, append([]string{"-addr", "127.0.0.1:0", "-url-file", urlFile}, tc.args...), &out)
		}()
		var url string
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && url == ""; time.Sleep(10 * time.Millisecond) {
			if b, err := os.ReadFile(urlFile); err == nil {
				url = strings.TrimSpace(string(b))
			}
		}
		req, err := http.NewRequest(http.MethodPost, url+"/v23.0/106540352242922/messages",
			strings.NewReader(`{"messaging_product":"whatsapp","to":"16315551001","type":"image","image":{"link":"https://example.com/a.png"}}`))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer sandbox-token")
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("User-Agent", "node")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.wantStatus {
			t.Errorf("%v: a send with User-Agent node got %d, want %d", tc.args, resp.StatusCode, tc.wantStatus)
		}
		if got := strings.Contains(out.String(), "Strict:"); got != tc.wantBanner {
			t.Errorf("%v: banner mentions strict mode: %v, want %v:\n%s", tc.args, got, tc.wantBanner, out.String())
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("run: %v", err)
		}
	}
}
