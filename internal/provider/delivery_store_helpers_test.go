package provider

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/receiverapi"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// The delivery store in acceptance tests is the real whatsapp-receiver
// command, built once per test binary, on a SQLite file of the test's own or
// on the PostgreSQL database scripts/postgres.sh started
// (WHATSAPP_RECEIVER_TEST_POSTGRES, exported by scripts/run-tests.sh).

const (
	testStoreReadToken   = "store-read-token"
	testStoreVerifyToken = "store-verify-token"
	testStoreOnPremToken = "store-on-premises-token"
)

var (
	receiverBinOnce sync.Once
	receiverBin     string
	receiverBinErr  error
)

// receiverBinary builds cmd/whatsapp-receiver once into a directory that
// outlives the tests that share it (removed with the OS's temp files).
func receiverBinary(t *testing.T) string {
	t.Helper()
	receiverBinOnce.Do(func() {
		dir, err := os.MkdirTemp("", "whatsapp-receiver-bin-") //nolint:usetesting // shared by every test of the binary: it outlives any one test's TempDir
		if err != nil {
			receiverBinErr = err
			return
		}
		receiverBin = filepath.Join(dir, "whatsapp-receiver")
		out, err := exec.Command("go", "build", "-o", receiverBin, "../receiver/cmd/whatsapp-receiver").CombinedOutput()
		if err != nil {
			receiverBinErr = fmt.Errorf("go build whatsapp-receiver: %v\n%s", err, out)
		}
	})
	if receiverBinErr != nil {
		t.Fatal(receiverBinErr)
	}
	return receiverBin
}

// deliveryStore is one running whatsapp-receiver process.
type deliveryStore struct {
	URL string
	log bytes.Buffer
	cmd *exec.Cmd
}

// startDeliveryStore starts the receiver on database ("" means a SQLite file
// in the test's temp directory), checking Cloud posts with the sandbox's app
// secret, and stops it when the test ends.
func startDeliveryStore(t *testing.T, database string) *deliveryStore {
	t.Helper()
	if database == "" {
		database = "sqlite:" + filepath.Join(t.TempDir(), "store.db")
	}
	urlFile := filepath.Join(t.TempDir(), "url")
	d := &deliveryStore{}
	d.cmd = exec.Command(receiverBinary(t), "-addr", "127.0.0.1:0", "-url-file", urlFile, "-database", database,
		"-process-every", "50ms")
	d.cmd.Env = append(os.Environ(),
		"WHATSAPP_RECEIVER_APP_SECRET="+sandbox.DefaultAppSecret,
		"WHATSAPP_RECEIVER_READ_TOKEN="+testStoreReadToken,
		"WHATSAPP_RECEIVER_VERIFY_TOKEN="+testStoreVerifyToken,
		"WHATSAPP_RECEIVER_ON_PREMISES_TOKEN="+testStoreOnPremToken)
	d.cmd.Stdout, d.cmd.Stderr = &d.log, &d.log
	if err := d.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = d.cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = d.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = d.cmd.Process.Kill()
		}
		if t.Failed() {
			t.Logf("whatsapp-receiver's log:\n%s", d.log.String())
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		if b, err := os.ReadFile(urlFile); err == nil && len(b) > 0 {
			d.URL = strings.TrimSpace(string(b))
			return d
		}
		if time.Now().After(deadline) {
			t.Fatalf("whatsapp-receiver did not listen within 30 s:\n%s", d.log.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// CloudWebhook is the URL the sandbox's Cloud app posts to.
func (d *deliveryStore) CloudWebhook() string { return d.URL + "/webhook" }

// OnPremisesWebhook is the URL a gateway (the sandbox's On-Premises API)
// posts to: the On-Premises token as the last path segment.
func (d *deliveryStore) OnPremisesWebhook() string {
	return d.URL + "/webhook/on-premises/" + testStoreOnPremToken
}

// Client reads the store as the provider does.
func (d *deliveryStore) Client() *receiverapi.Client {
	return &receiverapi.Client{BaseURL: d.URL, Token: testStoreReadToken}
}

// ProviderArguments are the provider block's lines that point at the store.
func (d *deliveryStore) ProviderArguments() string {
	return fmt.Sprintf("  delivery_store_url   = %q\n  delivery_store_token = %q\n", d.URL, testStoreReadToken)
}

// testPostgresStore is the PostgreSQL DSN the receiver's tests use; the
// tests that need it fail without it, as the receiver's own do.
func testPostgresStore(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv("WHATSAPP_RECEIVER_TEST_POSTGRES")
	if dsn == "" {
		t.Fatal("WHATSAPP_RECEIVER_TEST_POSTGRES is not set: run through make test (scripts/run-tests.sh starts PostgreSQL), " +
			"or export WHATSAPP_RECEIVER_TEST_POSTGRES=$(scripts/postgres.sh)")
	}
	return dsn
}
