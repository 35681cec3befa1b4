package sandbox

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestOnPremLogin(t *testing.T) {
	s := start(t, Options{TokenTTL: time.Hour})

	t.Run("bad credentials get 401 with the error body", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, s.URL()+"/v1/users/login", nil)
		req.SetBasicAuth("admin", "wrong")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("status %d, want 401", resp.StatusCode)
		}
		if s.Logins() != 0 {
			t.Fatalf("a failed login counted")
		}
	})

	t.Run("token and expiry layout", func(t *testing.T) {
		r := do(t, http.MethodPost, s.URL()+"/v1/users/login", strings.NewReader("{}"),
			map[string]string{"Authorization": "Basic YWRtaW46c2VjcmV0", "Content-Type": "application/json"})
		if r.status != http.StatusOK {
			t.Fatalf("status %d: %s", r.status, r.body)
		}
		users := r.json(t)["users"].([]any)
		u := users[0].(map[string]any)
		if u["token"].(string) == "" {
			t.Fatal("empty token")
		}
		exp, err := time.Parse(expiresLayout, u["expires_after"].(string))
		if err != nil {
			t.Fatalf("expires_after %q does not use the layout %q: %v", u["expires_after"], expiresLayout, err)
		}
		if d := time.Until(exp); d < 59*time.Minute || d > time.Hour+time.Minute {
			t.Fatalf("expires_after is %v away, want about the TTL of 1h", d)
		}
		if s.Logins() != 1 {
			t.Fatalf("Logins() = %d, want 1", s.Logins())
		}
	})

	t.Run("new_password changes the password", func(t *testing.T) {
		s := start(t, Options{})
		r := do(t, http.MethodPost, s.URL()+"/v1/users/login", strings.NewReader(`{"new_password":"n3w"}`),
			map[string]string{"Authorization": "Basic YWRtaW46c2VjcmV0"})
		if r.status != http.StatusOK {
			t.Fatalf("status %d: %s", r.status, r.body)
		}
		old := do(t, http.MethodPost, s.URL()+"/v1/users/login", nil, map[string]string{"Authorization": "Basic YWRtaW46c2VjcmV0"})
		if old.status != http.StatusUnauthorized {
			t.Fatalf("old password still works: %d", old.status)
		}
		req, _ := http.NewRequest(http.MethodPost, s.URL()+"/v1/users/login", nil)
		req.SetBasicAuth("admin", "n3w")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("new password: %d", resp.StatusCode)
		}
	})
}

func TestOnPremAuth(t *testing.T) {
	s := start(t, Options{AuthHeader: "D360-API-KEY"})
	tok := login(t, s)
	url := s.URL() + "/v1/settings/application/media/providers"

	cases := []struct {
		name    string
		header  map[string]string
		status  int
		details string
	}{
		{"login token", bearer(tok), http.StatusOK, ""},
		{"static token", bearer(testToken), http.StatusOK, ""},
		{"BSP header", map[string]string{"D360-API-KEY": testToken}, http.StatusOK, ""},
		{"wrong BSP key", map[string]string{"D360-API-KEY": "nope"}, http.StatusUnauthorized, "Invalid credentials"},
		{"no auth", nil, http.StatusUnauthorized, "Invalid credentials"},
		{"unknown token", bearer("nope"), http.StatusUnauthorized, "Invalid credentials"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := do(t, http.MethodGet, url, nil, c.header)
			if r.status != c.status {
				t.Fatalf("status %d, want %d: %s", r.status, c.status, r.body)
			}
			if c.status == http.StatusUnauthorized {
				code, title, details := onPremErr(t, r)
				if code != codeAccessDenied || title != "Access denied" || !strings.Contains(details, c.details) {
					t.Fatalf("got %d %q %q", code, title, details)
				}
			}
		})
	}

	t.Run("expired token", func(t *testing.T) {
		s.ExpireTokens()
		r := do(t, http.MethodGet, url, nil, bearer(tok))
		if r.status != http.StatusUnauthorized {
			t.Fatalf("status %d, want 401", r.status)
		}
		if _, _, details := onPremErr(t, r); !strings.Contains(details, "Token expired") {
			t.Fatalf("details %q do not say the token expired", details)
		}
		if r := do(t, http.MethodGet, url, nil, bearer(testToken)); r.status != http.StatusOK {
			t.Fatalf("the static token must survive ExpireTokens: %d", r.status)
		}
	})

	t.Run("TTL runs out", func(t *testing.T) {
		s := start(t, Options{TokenTTL: 50 * time.Millisecond})
		tok := login(t, s)
		time.Sleep(80 * time.Millisecond)
		r := do(t, http.MethodGet, s.URL()+"/v1/media/x", nil, bearer(tok))
		if _, _, details := onPremErr(t, r); r.status != http.StatusUnauthorized || !strings.Contains(details, "Token expired") {
			t.Fatalf("got %d %q", r.status, details)
		}
	})

	t.Run("logout revokes", func(t *testing.T) {
		tok := login(t, s)
		if r := do(t, http.MethodPost, s.URL()+"/v1/users/logout", nil, bearer(tok)); r.status != http.StatusOK {
			t.Fatalf("logout: %d %s", r.status, r.body)
		}
		r := do(t, http.MethodGet, url, nil, bearer(tok))
		if r.status != http.StatusUnauthorized {
			t.Fatalf("revoked token still works: %d", r.status)
		}
	})
}

func TestOnPremMedia(t *testing.T) {
	s := start(t, Options{})
	data := []byte("\x89PNG fake image bytes")
	id := onPremUpload(t, s, "image/png", data)
	if len(id) != 36 || id[14] != '4' {
		t.Fatalf("media id %q is not a v4 UUID", id)
	}

	r := do(t, http.MethodGet, s.URL()+"/v1/media/"+id, nil, bearer(testToken))
	if r.status != http.StatusOK || !bytes.Equal(r.body, data) {
		t.Fatalf("GET: %d %q", r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "image/png" {
		t.Fatalf("Content-Type %q", ct)
	}
	if cl := r.header.Get("Content-Length"); cl != "21" {
		t.Fatalf("Content-Length %q", cl)
	}
	head := do(t, http.MethodHead, s.URL()+"/v1/media/"+id, nil, bearer(testToken))
	if head.status != http.StatusOK || len(head.body) != 0 || head.header.Get("Content-Length") != "21" {
		t.Fatalf("HEAD: %d %q %v", head.status, head.body, head.header)
	}
	m, ok := s.MediaByID(id)
	sum := sha256.Sum256(data)
	if !ok || m.Flavor != FlavorOnPremises || m.SHA256 != hex.EncodeToString(sum[:]) || m.Size != int64(len(data)) {
		t.Fatalf("stored %+v", m)
	}

	if r := do(t, http.MethodDelete, s.URL()+"/v1/media/"+id, nil, bearer(testToken)); r.status != http.StatusOK {
		t.Fatalf("DELETE: %d %s", r.status, r.body)
	}
	for _, method := range []string{http.MethodGet, http.MethodDelete} {
		for _, mid := range []string{id, "00000000-0000-4000-8000-000000000000"} {
			r := do(t, method, s.URL()+"/v1/media/"+mid, nil, bearer(testToken))
			if r.status != http.StatusNotFound || len(r.body) != 0 {
				t.Fatalf("%s deleted/unknown media: %d with body %q, want 404 and no body", method, r.status, r.body)
			}
		}
	}
	if len(s.Media()) != 0 {
		t.Fatalf("Media() lists deleted media")
	}
	if m, _ := s.MediaByID(id); !m.Deleted {
		t.Fatalf("MediaByID does not say deleted")
	}
}

func TestOnPremUploadRejects(t *testing.T) {
	s := start(t, Options{DiscardMediaBytes: true})
	cases := []struct {
		name        string
		contentType string
		size        int64
		code        int
		details     string
	}{
		{"no Content-Type", "", 10, codeInvalidParameter, "not a valid MIME type"},
		{"bad Content-Type", "pdf", 10, codeInvalidParameter, "not a valid MIME type"},
		{"empty body", "image/png", 0, codeMissingParameter, "empty"},
		{"over 100 MB", "application/pdf", onPremMaxUpload + 1, codeInvalidParameter, "100 MB"},
		{"far over 100 MB", "application/pdf", onPremMaxUpload + 2*mib, codeInvalidParameter, "100 MB"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, s.URL()+"/v1/media", &zeroContent{size: c.size})
			req.ContentLength = c.size
			req.Header.Set("Authorization", "Bearer "+testToken)
			if c.contentType != "" {
				req.Header.Set("Content-Type", c.contentType)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			r := reply{status: resp.StatusCode}
			r.body, _ = readAll(resp)
			if r.status != http.StatusBadRequest {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			code, _, details := onPremErr(t, r)
			if code != c.code || !strings.Contains(details, c.details) {
				t.Fatalf("got %d %q, want %d containing %q", code, details, c.code, c.details)
			}
		})
	}
	if len(s.Media()) != 0 {
		t.Fatalf("a rejected upload was stored")
	}
}

func TestOnPremDiscardMediaBytes(t *testing.T) {
	s := start(t, Options{DiscardMediaBytes: true})
	id := onPremUpload(t, s, "video/mp4", []byte("0123456789"))
	m, _ := s.MediaByID(id)
	if m.Data != nil || m.Size != 10 || m.SHA256 == "" {
		t.Fatalf("stored %+v, want no bytes but size and hash", m)
	}
	r := do(t, http.MethodGet, s.URL()+"/v1/media/"+id, nil, bearer(testToken))
	if r.status != http.StatusOK || len(r.body) != 10 || r.header.Get("X-Sandbox-Bytes-Discarded") != "true" {
		t.Fatalf("GET discarded media: %d, %d bytes, headers %v", r.status, len(r.body), r.header)
	}
}

func TestOnPremMediaProviders(t *testing.T) {
	s := start(t, Options{})
	url := s.URL() + "/v1/settings/application/media/providers"
	post := func(body string) reply {
		return do(t, http.MethodPost, url, strings.NewReader(body), withHeader(bearer(testToken), "Content-Type", "application/json"))
	}

	if r := post(`[{"name":"cdn","type":"www","config":{"bearer":"tok1"}}]`); r.status != http.StatusOK {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	if r := post(`[{"name":"cdn","type":"www","config":{"basic":{"username":"u","password":"p"}}},{"name":"b-2_x","type":"www","config":{"bearer":"t"}}]`); r.status != http.StatusOK {
		t.Fatalf("overwrite: %d %s", r.status, r.body)
	}
	r := do(t, http.MethodGet, url, nil, bearer(testToken))
	want := `{"name":"b-2_x","type":"www","config":{"bearer":"t"}},{"name":"cdn","type":"www","config":{"basic":{"username":"u","password":"p"}}}`
	if r.status != http.StatusOK || !strings.Contains(string(r.body), `"settings":{"application":{"media":{"providers":[`+want+`]}}}`) {
		t.Fatalf("GET: %d %s", r.status, r.body)
	}

	bad := []struct{ name, body, details string }{
		{"not an array", `{"name":"x","type":"www","config":{"bearer":"t"}}`, "JSON array"},
		{"empty array", `[]`, "at least one"},
		{"bad name", `[{"name":"a b","type":"www","config":{"bearer":"t"}}]`, "A-Z a-z 0-9 - _"},
		{"long name", `[{"name":"` + strings.Repeat("a", 201) + `","type":"www","config":{"bearer":"t"}}]`, "200"},
		{"bad type", `[{"name":"x","type":"s3","config":{"bearer":"t"}}]`, "www"},
		{"both configs", `[{"name":"x","type":"www","config":{"bearer":"t","basic":{"username":"u","password":"p"}}}]`, "exactly one"},
		{"no config", `[{"name":"x","type":"www","config":{}}]`, "exactly one"},
		{"basic without password", `[{"name":"x","type":"www","config":{"basic":{"username":"u"}}}]`, "password"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			r := post(c.body)
			if r.status != http.StatusBadRequest {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			if _, _, details := onPremErr(t, r); !strings.Contains(details, c.details) {
				t.Fatalf("details %q do not contain %q", details, c.details)
			}
		})
	}
	if len(s.MediaProviders()) != 2 {
		t.Fatalf("a rejected POST changed the providers: %+v", s.MediaProviders())
	}

	if r := do(t, http.MethodDelete, url+"/cdn", nil, bearer(testToken)); r.status != http.StatusOK {
		t.Fatalf("DELETE: %d %s", r.status, r.body)
	}
	r = do(t, http.MethodDelete, url+"/cdn", nil, bearer(testToken))
	if code, _, _ := onPremErr(t, r); r.status != http.StatusNotFound || code != codeNotFound {
		t.Fatalf("DELETE unknown: %d code %d", r.status, code)
	}
}

func TestOnPremUnknownPath(t *testing.T) {
	s := start(t, Options{})
	r := do(t, http.MethodGet, s.URL()+"/v1/nothing", nil, bearer(testToken))
	if code, _, _ := onPremErr(t, r); r.status != http.StatusNotFound || code != codeNotFound {
		t.Fatalf("got %d code %d", r.status, code)
	}
}
