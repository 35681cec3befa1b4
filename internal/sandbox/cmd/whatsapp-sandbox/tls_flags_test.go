package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// -tls serves https; -ca-cert-file hands out the CA that makes it trusted.
func TestRunServesTLSAndWritesTheCA(t *testing.T) {
	dir := t.TempDir()
	urlFile, caFile := filepath.Join(dir, "url"), filepath.Join(dir, "ca.pem")
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-tls", "-ca-cert-file", caFile, "-url-file", urlFile}, &out)
	}()
	var url string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if b, err := os.ReadFile(urlFile); err == nil {
			url = strings.TrimSpace(string(b))
			break
		}
	}
	if !strings.HasPrefix(url, "https://127.0.0.1:") {
		t.Fatalf("url file holds %q", url)
	}
	pemBytes, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := http.Get(url + "/_sandbox/state"); err == nil {
		t.Fatal("a client without the CA trusted the sandbox's certificate")
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemBytes) {
		t.Fatalf("-ca-cert-file holds no PEM certificate: %q", pemBytes)
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
	resp, err := client.Get(url + "/_sandbox/state")
	if err != nil {
		t.Fatalf("with the CA: %v", err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("state: %d", resp.StatusCode)
	}
	for _, want := range []string{`ca_cert_pem = file("` + caFile + `")`, "insecure_skip_verify = true", url} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("how-to lacks %q:\n%s", want, out.String())
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	if _, err := os.Stat(caFile); !os.IsNotExist(err) {
		t.Errorf("the CA file outlived the run: %v", err)
	}
}

func TestRunRefusesCACertFileWithoutTLS(t *testing.T) {
	err := run(context.Background(), []string{"-addr", "127.0.0.1:0", "-ca-cert-file", filepath.Join(t.TempDir(), "ca.pem")}, &syncBuffer{})
	if err == nil || !strings.Contains(err.Error(), "-tls") {
		t.Fatalf("err %v, want one naming -tls", err)
	}
}
