package sandbox

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Fuzz targets for the sandbox's request parsing: message bodies, Cloud
// multipart uploads, On-Premises logins and the control API's plans. Whatever
// arrives, the sandbox answers with a status it documents and never panics.
// The seeds run as ordinary tests; `make fuzz` runs each for FUZZTIME.

// fuzzServer is a sandbox without a listener; requests go to its handler.
func fuzzServer() *Server {
	return newServer(Options{AccessToken: testToken, PhoneNumberID: testPhone})
}

func serve(s *Server, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	return rec
}

func FuzzCheckMessage(f *testing.F) {
	for _, s := range []string{
		clMsg,
		`{"to":"+1 (631) 555-1001","type":"document","document":{"link":"http://e.com/a.pdf","caption":"c","filename":"a.pdf"}}`,
		`{"messaging_product":"whatsapp","recipient_type":"individual","to":"16315551001","type":"audio","audio":{"id":"1","voice":true}}`,
		`{"to":"16315551001","type":"image","image":{"link":"https://e.com/a.png","provider":{"name":"cdn"}}}`,
		`{"to":"16315551001","type":"image","image":null}`, `{"to":123}`, `[]`, `null`, `{`, ``, `{"to":"++","type":"video","video":{"id":""}}`,
	} {
		f.Add([]byte(s), true)
		f.Add([]byte(s), false)
	}
	s := fuzzServer()
	s.PutMediaProvider(MediaProvider{Name: "cdn"})
	f.Fuzz(func(t *testing.T, body []byte, cloud bool) {
		flavor := FlavorOnPremises
		if cloud {
			flavor = FlavorCloud
		}
		msg, cerr := s.checkMessage(body, flavor)
		if cerr != nil {
			if cerr.details == "" {
				t.Fatalf("refused %q without saying why", body)
			}
			return
		}
		if waID(msg.To) == "" || !mediaTypes[msg.Type] || !bytes.Equal(msg.Body, body) || msg.Flavor != flavor {
			t.Fatalf("accepted %q as %+v", body, msg)
		}
		if !json.Valid(body) {
			t.Fatalf("accepted a body that is not JSON: %q", body)
		}
	})
}

func FuzzCloudUpload(f *testing.F) {
	f.Add([]byte("--b\r\nContent-Disposition: form-data; name=\"messaging_product\"\r\n\r\nwhatsapp\r\n"+
		"--b\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\nimage/png\r\n"+
		"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n"+
		"--b--\r\n"), "b")
	f.Add([]byte("--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx\r\n--b--\r\n"), "b")
	f.Add([]byte("--b\r\n\r\n--b--"), "b")
	f.Add([]byte("garbage"), "")
	f.Add([]byte("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\nContent-Type: audio/ogg; codecs=opus\r\n\r\nx\r\n--x--\r\n"), "x")
	f.Fuzz(func(t *testing.T, body []byte, boundary string) {
		s := fuzzServer()
		req := httptest.NewRequest(http.MethodPost, "/v23.0/"+testPhone+"/media", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+testToken)
		req.Header.Set("User-Agent", testUserAgent)
		req.Header.Set("Content-Type", "multipart/form-data; boundary="+boundary)
		rec := serve(s, req)
		switch rec.Code {
		case http.StatusOK:
			if len(s.Media()) != 1 {
				t.Fatalf("200 but %d media stored", len(s.Media()))
			}
		case http.StatusBadRequest:
			if len(s.Media()) != 0 {
				t.Fatalf("400 but media stored: %+v", s.Media())
			}
		default:
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("answer is not JSON: %q", rec.Body)
		}
	})
}

func FuzzOnPremLogin(f *testing.F) {
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte(DefaultUsername+":"+DefaultPassword))
	for _, s := range []string{``, `{}`, `{"new_password":"n3w"}`, `{"new_password":""}`, `{"new_password":7}`, `[]`, `null`, `{`} {
		f.Add([]byte(s), basic)
	}
	f.Add([]byte(``), "Basic !!!")
	f.Add([]byte(``), "Bearer x")
	f.Fuzz(func(t *testing.T, body []byte, authorization string) {
		s := newServer(Options{})
		req := httptest.NewRequest(http.MethodPost, "/v1/users/login", bytes.NewReader(body))
		req.Header.Set("Authorization", authorization)
		rec := serve(s, req)
		switch rec.Code {
		case http.StatusOK:
			var reply struct {
				Users []struct {
					Token        string `json:"token"`
					ExpiresAfter string `json:"expires_after"`
				} `json:"users"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &reply); err != nil || len(reply.Users) != 1 || reply.Users[0].Token == "" || reply.Users[0].ExpiresAfter == "" {
				t.Fatalf("200 without a token: %s", rec.Body)
			}
			if s.Logins() != 1 {
				t.Fatalf("200 but %d logins counted", s.Logins())
			}
		case http.StatusBadRequest, http.StatusUnauthorized:
			if s.Logins() != 0 {
				t.Fatalf("%d but a login was counted", rec.Code)
			}
		default:
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	})
}

// The control API is outside input too: whoever scripts the sandbox.
func FuzzControlPlans(f *testing.F) {
	for _, s := range []string{`{"kind":"status","method":"post","path_suffix":"/messages","status":429,"retry_after":"1"}`,
		`{"kind":"latency","delay":"250ms"}`, `{"kind":"latency","delay":12.5}`, `{"kind":"latency","delay":"-1s"}`,
		`{"kind":"nope"}`, `{"kind":"status","status":200}`, `{"kind":"drop_after","times":-1}`} {
		f.Add([]byte(s), "/_sandbox/faults")
	}
	for _, s := range []string{`{"seed":1,"throttle_share":0.2,"error_after_share":0.1,"drop_after_share":0.1}`,
		`{"throttle_share":1.5}`, `{"send_latency_ms":-1}`, `{"expire_tokens_after":3}`} {
		f.Add([]byte(s), "/_sandbox/chaos")
	}
	f.Fuzz(func(t *testing.T, body []byte, path string) {
		if path != "/_sandbox/faults" && path != "/_sandbox/chaos" {
			return
		}
		s := fuzzServer()
		rec := serve(s, httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body)))
		if rec.Code != http.StatusOK && rec.Code != http.StatusCreated && rec.Code != http.StatusBadRequest {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		if rec.Code == http.StatusBadRequest && !strings.Contains(rec.Body.String(), `"error"`) {
			t.Fatalf("400 without an error: %s", rec.Body)
		}
		if path == "/_sandbox/faults" && rec.Code == http.StatusCreated {
			for _, f := range s.st.armedFaults() {
				if err := validFault(f.Fault); err != nil {
					t.Fatalf("armed an invalid fault %+v: %v", f.Fault, err)
				}
			}
		}
		if path == "/_sandbox/chaos" && rec.Code == http.StatusOK {
			s.chaos.mu.Lock()
			plan := s.chaos.plan
			s.chaos.mu.Unlock()
			if err := validChaos(plan); err != nil {
				t.Fatalf("set an invalid plan %+v: %v", plan, err)
			}
		}
	})
}

// On-Premises uploads are the raw bytes, typed only by Content-Type.
func FuzzOnPremUpload(f *testing.F) {
	f.Add([]byte("\x89PNG"), "image/png")
	f.Add([]byte("%PDF-1.7"), "application/pdf; charset=binary")
	f.Add([]byte(""), "image/png")
	f.Add([]byte("x"), "")
	f.Add([]byte("x"), "image/")
	f.Add([]byte("x"), `text/plain; charset="`)
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		s := fuzzServer()
		req := httptest.NewRequest(http.MethodPost, "/v1/media", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+testToken)
		req.Header.Set("Content-Type", contentType)
		rec := serve(s, req)
		switch rec.Code {
		case http.StatusCreated:
			m := s.Media()
			if len(m) != 1 || m[0].Size != int64(len(body)) || len(body) == 0 {
				t.Fatalf("201 for %d bytes, stored %+v", len(body), m)
			}
		case http.StatusBadRequest:
			if len(s.Media()) != 0 {
				t.Fatalf("400 but media stored: %+v", s.Media())
			}
		default:
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	})
}
