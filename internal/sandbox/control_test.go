package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

type state struct {
	Media []struct {
		ID, Flavor, ContentType, Filename, SHA256 string
		Size                                      int64
		Data                                      any
	}
	Messages []struct {
		ID, Flavor, To, Type string
		Body                 map[string]any
	}
	Logins    int
	Providers []providerJSON
	Faults    []faultJSON
	Requests  []stateRequest
	InFlight  int `json:"in_flight"`
}

func TestControlAPI(t *testing.T) {
	s := start(t, Options{})
	login(t, s)
	opID := onPremUpload(t, s, "image/png", []byte("abc"))
	cloudUpload(t, s, "video/mp4", []byte("defg"))
	s.PutMediaProvider(MediaProvider{Name: "cdn", Bearer: "t"})
	if r := sendOnPrem(t, s, opMsg); r.status != http.StatusCreated {
		t.Fatal(r.status)
	}

	st := getState(t, s)
	if len(st.Media) != 2 || st.Media[0].ID != opID || st.Media[0].Size != 3 || st.Media[1].Filename != "f.bin" || st.Media[1].SHA256 == "" {
		t.Fatalf("media %+v", st.Media)
	}
	if len(st.Messages) != 1 || st.Messages[0].Body["to"] != "16315551001" || st.Messages[0].Flavor != FlavorOnPremises {
		t.Fatalf("messages %+v", st.Messages)
	}
	if st.Logins != 1 || len(st.Providers) != 1 || st.Providers[0].Type != "www" || len(st.Requests) != 4 {
		t.Fatalf("state %+v", st)
	}

	t.Run("faults", func(t *testing.T) {
		r := do(t, http.MethodPost, s.URL()+"/_sandbox/faults",
			strings.NewReader(`{"kind":"status","method":"post","path_suffix":"/messages","status":429,"retry_after":"2","times":1}`), nil)
		if r.status != http.StatusCreated {
			t.Fatalf("arm: %d %s", r.status, r.body)
		}
		if f := getState(t, s).Faults; len(f) != 1 || f[0].Remaining != 1 || f[0].Method != "POST" {
			t.Fatalf("armed faults %+v", f)
		}
		r = sendCloud(t, s, clMsg)
		if r.status != 429 || r.header.Get("Retry-After") != "2" {
			t.Fatalf("fault did not fire: %d", r.status)
		}
		r = do(t, http.MethodPost, s.URL()+"/_sandbox/faults", strings.NewReader(`{"kind":"latency","delay":"20ms"}`), nil)
		if r.status != http.StatusCreated {
			t.Fatalf("arm latency: %d %s", r.status, r.body)
		}
		for _, bad := range []string{`{"kind":"boom"}`, `{"kind":"latency"}`, `{"kind":"latency","delay":"soon"}`, `{"kind":"status","status":200}`, `{"kind":"status","bogus":1}`, `nope`} {
			r := do(t, http.MethodPost, s.URL()+"/_sandbox/faults", strings.NewReader(bad), nil)
			var e map[string]string
			if r.status != http.StatusBadRequest || json.Unmarshal(r.body, &e) != nil || e["error"] == "" {
				t.Fatalf("%s: %d %s", bad, r.status, r.body)
			}
		}
	})

	t.Run("delete media out of band", func(t *testing.T) {
		if r := do(t, http.MethodDelete, s.URL()+"/_sandbox/media/"+opID, nil, nil); r.status != http.StatusOK {
			t.Fatalf("%d %s", r.status, r.body)
		}
		if r := do(t, http.MethodGet, s.URL()+"/v1/media/"+opID, nil, bearer(testToken)); r.status != http.StatusNotFound {
			t.Fatalf("deleted media still served: %d", r.status)
		}
		if r := do(t, http.MethodDelete, s.URL()+"/_sandbox/media/"+opID, nil, nil); r.status != http.StatusNotFound {
			t.Fatalf("second delete: %d", r.status)
		}
	})

	t.Run("expire tokens", func(t *testing.T) {
		tok := login(t, s)
		if r := do(t, http.MethodPost, s.URL()+"/_sandbox/expire-tokens", nil, nil); r.status != http.StatusOK {
			t.Fatal(r.status)
		}
		r := do(t, http.MethodGet, s.URL()+"/v1/media/x", nil, bearer(tok))
		if _, _, d := onPremErr(t, r); r.status != http.StatusUnauthorized || !strings.Contains(d, "Token expired") {
			t.Fatalf("%d %q", r.status, d)
		}
	})

	t.Run("reset", func(t *testing.T) {
		if r := do(t, http.MethodPost, s.URL()+"/_sandbox/reset", nil, nil); r.status != http.StatusOK {
			t.Fatal(r.status)
		}
		st := getState(t, s)
		if len(st.Media) != 0 || len(st.Messages) != 0 || st.Logins != 0 || len(st.Providers) != 0 || len(st.Faults) != 0 ||
			len(st.Requests) != 0 { // control calls, the state request included, are not API traffic
			t.Fatalf("after reset %+v", st)
		}
	})

	t.Run("unknown control path", func(t *testing.T) {
		if r := do(t, http.MethodGet, s.URL()+"/_sandbox/nothing", nil, nil); r.status != http.StatusNotFound {
			t.Fatal(r.status)
		}
	})
}

// TestConcurrentUse hits both flavors from many goroutines; run with -race.
func TestConcurrentUse(t *testing.T) {
	s := start(t, Options{})
	s.InjectFault(Fault{Kind: FaultStatus, Status: 429, PathSuffix: "/messages", Times: 10})
	var wg sync.WaitGroup
	var mu sync.Mutex
	throttled := 0
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := fmt.Sprintf(`{"to":"16315551%03d","type":"image","image":{"link":"https://e.com/a.png"}}`, i)
			var r reply
			if i%2 == 0 {
				onPremUpload(t, s, "image/png", []byte{byte(i)})
				r = sendOnPrem(t, s, body)
			} else {
				cloudUpload(t, s, "image/png", []byte{byte(i)})
				r = sendCloud(t, s, `{"messaging_product":"whatsapp",`+body[1:])
			}
			if r.status == http.StatusTooManyRequests {
				mu.Lock()
				throttled++
				mu.Unlock()
			}
			_ = s.Messages()
			_ = getState(t, s)
		}()
	}
	wg.Wait()
	if throttled != 10 || len(s.Messages()) != 10 || len(s.Media()) != 20 {
		t.Fatalf("throttled %d, messages %d, media %d; want 10, 10, 20", throttled, len(s.Messages()), len(s.Media()))
	}
}

// TestHandlerBehindHTTPTest serves the sandbox from another listener; the
// download URL must point at the address the client used.
func TestHandlerBehindHTTPTest(t *testing.T) {
	s := start(t, Options{})
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	id := cloudUpload(t, s, "image/png", []byte("x"))
	r := do(t, http.MethodGet, ts.URL+"/v23.0/"+id, nil, bearer(testToken))
	if r.status != http.StatusOK || r.json(t)["url"] != ts.URL+"/_sandbox/download/"+id {
		t.Fatalf("%d %s", r.status, r.body)
	}
}

// in_flight counts the API requests being served, and each request keeps
// when it arrived: a test that stops a client counts its sends once none is
// open, and proves none arrived after the stop.
func TestControlInFlight(t *testing.T) {
	s := start(t, Options{})
	s.InjectFault(Fault{Kind: FaultLatency, Method: "POST", PathSuffix: "/messages", Delay: 300 * time.Millisecond})
	before := time.Now()
	done := make(chan reply, 1)
	go func() { done <- sendCloud(t, s, clMsg) }()
	deadline := time.Now().Add(5 * time.Second)
	for s.InFlight() != 1 {
		if time.Now().After(deadline) {
			t.Fatalf("in flight %d while a send waits out its latency, want 1", s.InFlight())
		}
		time.Sleep(5 * time.Millisecond)
	}
	var mid struct {
		InFlight int `json:"in_flight"`
	}
	if err := json.Unmarshal(do(t, http.MethodGet, s.URL()+"/_sandbox/state", nil, nil).body, &mid); err != nil || mid.InFlight != 1 {
		t.Fatalf("GET /_sandbox/state in_flight = %d (%v), want 1", mid.InFlight, err)
	}
	if r := <-done; r.status != http.StatusOK {
		t.Fatalf("send: %d %s", r.status, r.body)
	}
	st := getState(t, s)
	if s.InFlight() != 0 || st.InFlight != 0 {
		t.Fatalf("in flight %d (state %d) after the answer, want 0", s.InFlight(), st.InFlight)
	}
	if r := st.Requests; len(r) != 1 || r[0].Arrived.Before(before) || r[0].Arrived.After(time.Now()) || r[0].UserAgent == "" {
		t.Fatalf("requests %+v: want one, arrived during the test, with its User-Agent", r)
	}
}
