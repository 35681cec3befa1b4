package receiver

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/receiverapi"
)

// postgresEnv names the PostgreSQL server the tests use; `make test` starts
// one with scripts/postgres.sh and sets it. Missing, the PostgreSQL half of
// every suite fails: it is never skipped.
const postgresEnv = "WHATSAPP_RECEIVER_TEST_POSTGRES"

// Test secrets.
const (
	testAppSecret   = "test-app-secret"
	testVerifyToken = "test-verify-token"
	testReadToken   = "test-read-token"
	testOnPremToken = "test-on-premises-token"
	testFwdSecret   = "test-forward-secret"
)

// freshPostgres creates a database of its own for one test and drops it after.
func freshPostgres(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv(postgresEnv)
	if dsn == "" {
		t.Fatalf("$%s is not set: run `make test`, or start PostgreSQL with scripts/postgres.sh and export %s=<the DSN it prints>", postgresEnv, postgresEnv)
	}
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = admin.Close() }()
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "receiver_test_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		t.Fatalf("create a test database on $%s: %v", postgresEnv, err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", dsn)
		if err == nil {
			_, _ = a.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
			_ = a.Close()
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// backends names a database URL per store kind; every suite runs on each.
var backends = []struct {
	name string
	url  func(t *testing.T) string
}{
	{"sqlite", func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "receiver.db") }},
	{"postgres", freshPostgres},
}

func openStore(t *testing.T, database string) Store {
	t.Helper()
	st, err := Open(context.Background(), database)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

// harness is one receiver serving real HTTP on loopback.
type harness struct {
	t   *testing.T
	srv *Server
	st  Store
	url string
}

func startReceiver(t *testing.T, database string, change func(*Config)) *harness {
	t.Helper()
	st := openStore(t, database)
	cfg := Config{Store: st, AppSecret: testAppSecret, VerifyToken: testVerifyToken, ReadToken: testReadToken,
		OnPremisesToken: testOnPremToken, ProcessEvery: 50 * time.Millisecond}
	if change != nil {
		change(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { hs.Close(); srv.Close() })
	return &harness{t: t, srv: srv, st: st, url: hs.URL}
}

// post sends body to path with headers and returns the HTTP status.
func (h *harness) post(path string, body []byte, headers map[string]string) int {
	h.t.Helper()
	req, err := http.NewRequest(http.MethodPost, h.url+path, bytes.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return resp.StatusCode
}

// postSigned posts a Cloud body signed with the app secret.
func (h *harness) postSigned(body []byte) int {
	h.t.Helper()
	return h.post(PathWebhook, body, map[string]string{SignatureHeader: Sign(testAppSecret, body)})
}

// settle processes everything stored.
func (h *harness) settle() {
	h.t.Helper()
	if err := h.srv.ProcessPending(context.Background()); err != nil {
		h.t.Fatal(err)
	}
}

// rows counts a table's rows, straight from the database.
func (h *harness) rows(table string) int {
	h.t.Helper()
	return countRows(h.t, h.st, table)
}

func countRows(t *testing.T, st Store, table string) int {
	t.Helper()
	var n int
	if err := st.(*sqlStore).db.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// metric reads one sample from /metrics, e.g.
// whatsapp_receiver_posts_refused_total{reason="bad_signature"}.
func metric(t *testing.T, base, sample string) float64 {
	t.Helper()
	resp, err := http.Get(base + PathMetrics)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		if ok && name == sample {
			f, err := strconv.ParseFloat(value, 64)
			if err != nil {
				t.Fatal(err)
			}
			return f
		}
	}
	t.Fatalf("no sample %s in %s", sample, PathMetrics)
	return 0
}

// getJSON reads the read API with the read token (token "" sends none).
func getJSON(t *testing.T, base, pathAndQuery, token string, into any) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+pathAndQuery, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusOK && into != nil {
		if err := json.Unmarshal(body, into); err != nil {
			t.Fatalf("%s: %v in %s", pathAndQuery, err, body)
		}
	}
	return resp.StatusCode
}

func (h *harness) client() *receiverapi.Client {
	return &receiverapi.Client{BaseURL: h.url, Token: testReadToken}
}

// status describes one status for cloudPost.
type status struct {
	id, st, to, label string
	ts                int64
	code              int
	title             string
}

// cloudPost is a Cloud webhook body holding the statuses, shaped as the
// sandbox's (and Meta's) WebhookPayload.
func cloudPost(statuses ...status) []byte {
	var list []map[string]any
	for _, s := range statuses {
		st := map[string]any{"id": s.id, "status": s.st, "recipient_id": s.to,
			"timestamp": strconv.FormatInt(s.ts, 10)}
		if s.label != "" {
			st["biz_opaque_callback_data"] = s.label
		}
		if s.code != 0 {
			st["errors"] = []any{map[string]any{"code": s.code, "title": s.title, "message": s.title,
				"error_data": map[string]string{"details": "details of " + strconv.Itoa(s.code)}}}
		} else {
			st["conversation"] = map[string]any{"id": "conv-" + s.to, "expiration_timestamp": strconv.FormatInt(s.ts+86400, 10),
				"origin": map[string]string{"type": "service"}}
			st["pricing"] = map[string]any{"billable": true, "pricing_model": "PMP", "category": "service"}
		}
		list = append(list, st)
	}
	body, _ := json.Marshal(map[string]any{"object": "whatsapp_business_account", "entry": []any{map[string]any{
		"id": "102290129340398", "changes": []any{map[string]any{"field": "messages", "value": map[string]any{
			"messaging_product": "whatsapp",
			"metadata":          map[string]string{"display_phone_number": "16315551000", "phone_number_id": "106540352242922"},
			"statuses":          list}}}}}})
	return body
}

// cloudInbound is a Cloud webhook body holding one message a customer sent.
func cloudInbound(id, from string, ts int64) []byte {
	body, _ := json.Marshal(map[string]any{"object": "whatsapp_business_account", "entry": []any{map[string]any{
		"id": "102290129340398", "changes": []any{map[string]any{"field": "messages", "value": map[string]any{
			"messaging_product": "whatsapp",
			"metadata":          map[string]string{"display_phone_number": "16315551000", "phone_number_id": "106540352242922"},
			"contacts":          []any{map[string]any{"wa_id": from, "profile": map[string]string{"name": "Ana"}}},
			"messages": []any{map[string]any{"id": id, "from": from, "timestamp": strconv.FormatInt(ts, 10),
				"type": "text", "text": map[string]string{"body": "hello"}}}}}}}}})
	return body
}

func waitFor(t *testing.T, timeout time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

var _ = fmt.Sprint
