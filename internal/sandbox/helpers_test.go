package sandbox

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"testing"
)

const (
	testToken = "test-token"
	testPhone = "111222333"
)

func start(t *testing.T, opts Options) *Server {
	t.Helper()
	if opts.AccessToken == "" {
		opts.AccessToken = testToken
	}
	if opts.PhoneNumberID == "" {
		opts.PhoneNumberID = testPhone
	}
	s, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// reply is a finished response with its body read.
type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v: %s", err, r.body)
	}
	return m
}

func do(t *testing.T, method, url string, body io.Reader, header map[string]string) reply {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("User-Agent", testUserAgent) // strict sandboxes check it (speccheck.go); a test header may override
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: b}
}

// testUserAgent matches the User-Agent pattern of Meta's spec; Go's default does not.
const testUserAgent = "sandbox-test/1.0.0"

func bearer(tok string) map[string]string { return map[string]string{"Authorization": "Bearer " + tok} }

func withHeader(h map[string]string, k, v string) map[string]string {
	out := map[string]string{k: v}
	for hk, hv := range h {
		out[hk] = hv
	}
	return out
}

// onPremErr returns the first error of an On-Premises error body.
func onPremErr(t *testing.T, r reply) (code int, title, details string) {
	t.Helper()
	var body struct {
		Errors []struct {
			Code    int    `json:"code"`
			Title   string `json:"title"`
			Details string `json:"details"`
		} `json:"errors"`
		Meta map[string]string `json:"meta"`
	}
	if err := json.Unmarshal(r.body, &body); err != nil || len(body.Errors) != 1 {
		t.Fatalf("not an On-Premises error body (%v): %s", err, r.body)
	}
	if body.Meta["api_status"] == "" || body.Meta["version"] == "" {
		t.Fatalf("On-Premises error body without meta: %s", r.body)
	}
	e := body.Errors[0]
	return e.Code, e.Title, e.Details
}

type graphErr struct {
	Message   string `json:"message"`
	Type      string `json:"type"`
	Code      int    `json:"code"`
	Subcode   int    `json:"error_subcode"`
	FBTraceID string `json:"fbtrace_id"`
	ErrorData struct {
		MessagingProduct string `json:"messaging_product"`
		Details          string `json:"details"`
	} `json:"error_data"`
}

// cloudErr returns the error object of a Cloud error body.
func cloudErr(t *testing.T, r reply) graphErr {
	t.Helper()
	var body struct {
		Error *graphErr `json:"error"`
	}
	if err := json.Unmarshal(r.body, &body); err != nil || body.Error == nil {
		t.Fatalf("not a Cloud error body (%v): %s", err, r.body)
	}
	if body.Error.FBTraceID == "" || body.Error.Type == "" {
		t.Fatalf("Cloud error without type or fbtrace_id: %s", r.body)
	}
	return *body.Error
}

// login logs in with the default credentials and returns the token.
func login(t *testing.T, s *Server) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.URL()+"/v1/users/login", nil)
	req.SetBasicAuth(DefaultUsername, DefaultPassword)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Users []struct {
			Token string `json:"token"`
		} `json:"users"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || resp.StatusCode != http.StatusOK || len(body.Users) != 1 {
		t.Fatalf("login: status %d, err %v", resp.StatusCode, err)
	}
	return body.Users[0].Token
}

// onPremUpload uploads bytes with the static token and returns the media ID.
func onPremUpload(t *testing.T, s *Server, contentType string, data []byte) string {
	t.Helper()
	r := do(t, http.MethodPost, s.URL()+"/v1/media", bytes.NewReader(data),
		withHeader(bearer(testToken), "Content-Type", contentType))
	if r.status != http.StatusCreated {
		t.Fatalf("On-Premises upload: %d %s", r.status, r.body)
	}
	var body struct {
		Media []struct{ ID string } `json:"media"`
	}
	_ = json.Unmarshal(r.body, &body)
	return body.Media[0].ID
}

// part is one multipart part; a part with a filename is a file part.
type part struct {
	name, filename, contentType string
	data                        []byte
}

func multipartBody(t *testing.T, parts ...part) (io.Reader, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		cd := `form-data; name="` + p.name + `"`
		if p.filename != "" {
			cd += `; filename="` + p.filename + `"`
		}
		h.Set("Content-Disposition", cd)
		if p.contentType != "" {
			h.Set("Content-Type", p.contentType)
		}
		w, err := mw.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write(p.data)
	}
	_ = mw.Close()
	return &buf, mw.FormDataContentType()
}

func cloudUploadReq(t *testing.T, s *Server, parts ...part) reply {
	t.Helper()
	body, ct := multipartBody(t, parts...)
	return do(t, http.MethodPost, s.URL()+"/v23.0/"+testPhone+"/media", body, withHeader(bearer(testToken), "Content-Type", ct))
}

func cloudUpload(t *testing.T, s *Server, contentType string, data []byte) string {
	t.Helper()
	r := cloudUploadReq(t, s,
		part{name: "messaging_product", data: []byte("whatsapp")},
		part{name: "type", data: []byte(contentType)},
		part{name: "file", filename: "f.bin", contentType: contentType, data: data})
	if r.status != http.StatusOK {
		t.Fatalf("Cloud upload: %d %s", r.status, r.body)
	}
	return r.json(t)["id"].(string)
}

func sendOnPrem(t *testing.T, s *Server, body string) reply {
	t.Helper()
	return do(t, http.MethodPost, s.URL()+"/v1/messages", strings.NewReader(body),
		withHeader(bearer(testToken), "Content-Type", "application/json"))
}

func sendCloud(t *testing.T, s *Server, body string) reply {
	t.Helper()
	return do(t, http.MethodPost, s.URL()+"/v23.0/"+testPhone+"/messages", strings.NewReader(body),
		withHeader(bearer(testToken), "Content-Type", "application/json"))
}

func getState(t *testing.T, s *Server) state {
	t.Helper()
	r := do(t, http.MethodGet, s.URL()+"/_sandbox/state", nil, nil)
	if r.status != http.StatusOK {
		t.Fatalf("state: %d %s", r.status, r.body)
	}
	if strings.Contains(string(r.body), `"data"`) {
		t.Fatalf("state leaks media bytes: %s", r.body)
	}
	var st state
	if err := json.Unmarshal(r.body, &st); err != nil {
		t.Fatal(err)
	}
	return st
}

func post(url, body string, header map[string]string) (*http.Response, error) {
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("User-Agent", testUserAgent)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return noReuse.Do(req)
}

func readAll(resp *http.Response) ([]byte, error) {
	var buf bytes.Buffer
	_, err := buf.ReadFrom(resp.Body)
	return buf.Bytes(), err
}
