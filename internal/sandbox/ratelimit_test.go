package sandbox

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// A rate of 0.001/s refills nothing within a test, so what is counted below
// depends on the burst alone, never on timing.

func TestRateLimitBareThrottleBeyondBurst(t *testing.T) {
	s := start(t, Options{})
	if err := s.SetRateLimit(RateLimit{Rate: 0.001, Burst: 3}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if r := sendCloud(t, s, clMsg); r.status != http.StatusOK {
			t.Fatalf("send %d within the burst: %d %s", i+1, r.status, r.body)
		}
	}
	r := sendOnPrem(t, s, opMsg)
	if r.status != http.StatusTooManyRequests || len(r.body) != 0 || r.header.Get("Retry-After") != "" {
		t.Fatalf("send beyond the burst: %d %q Retry-After %q; want a bare 429", r.status, r.body, r.header.Get("Retry-After"))
	}
	if n := len(s.Messages()); n != 3 {
		t.Fatalf("%d messages stored, want 3: a throttled send must not be taken", n)
	}
	st := s.RateLimitStats()
	if st.Accepted != 3 || st.Rejected != 1 || st.FirstAccepted.IsZero() || st.LastAccepted.Before(st.FirstAccepted) {
		t.Fatalf("stats %+v, want 3 accepted, 1 rejected, with times", st)
	}
}

func TestRateLimitRetryAfterAndErrorBody(t *testing.T) {
	s := start(t, Options{})
	if err := s.SetRateLimit(RateLimit{Rate: 0.001, Burst: 1, RetryAfter: "1", ErrorBody: true}); err != nil {
		t.Fatal(err)
	}
	sendCloud(t, s, clMsg)
	r := sendCloud(t, s, clMsg)
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") != "1" {
		t.Fatalf("throttled send: %d Retry-After %q, want 429 with Retry-After 1", r.status, r.header.Get("Retry-After"))
	}
	if e := cloudErr(t, r); e.Code != 130429 {
		t.Fatalf("Cloud throttling body has code %d, want 130429", e.Code)
	}
	r = sendOnPrem(t, s, opMsg)
	if code, _, _ := onPremErr(t, r); code != codeTooManyRequests {
		t.Fatalf("On-Premises throttling body has code %d, want %d", code, codeTooManyRequests)
	}
}

func TestRateLimitOnlySends(t *testing.T) {
	s := start(t, Options{})
	if err := s.SetRateLimit(RateLimit{Rate: 0.001, Burst: 1}); err != nil {
		t.Fatal(err)
	}
	sendCloud(t, s, clMsg)
	cloudUpload(t, s, "image/png", []byte("x"))
	cloudUpload(t, s, "image/png", []byte("x"))
	if st := s.RateLimitStats(); st.Accepted != 1 || st.Rejected != 0 {
		t.Fatalf("stats %+v after uploads, want only the send counted", st)
	}
	if err := s.SetRateLimit(RateLimit{}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		if r := sendCloud(t, s, clMsg); r.status != http.StatusOK {
			t.Fatalf("send with the limit off: %d", r.status)
		}
	}
}

func TestRateLimitControlAPI(t *testing.T) {
	s := start(t, Options{})
	url := s.URL() + "/_sandbox/ratelimit"
	r := do(t, http.MethodPost, url, strings.NewReader(`{"rate":0.001,"burst":2,"retry_after":"3"}`), nil)
	if r.status != http.StatusOK {
		t.Fatalf("set: %d %s", r.status, r.body)
	}
	for i := 0; i < 3; i++ {
		sendCloud(t, s, clMsg)
	}
	var got rateLimitJSON
	r = do(t, http.MethodGet, url, nil, nil)
	if err := json.Unmarshal(r.body, &got); err != nil {
		t.Fatal(err)
	}
	if got.Rate != 0.001 || got.Burst != 2 || got.RetryAfter != "3" || got.Accepted != 2 || got.Rejected != 1 || got.FirstAccepted == "" {
		t.Fatalf("GET ratelimit: %+v", got)
	}
	if len(getState(t, s).Requests) != 3 {
		t.Fatal("the control API calls were recorded as API traffic, or sends were not")
	}
	for _, bad := range []string{`{"rate":-1}`, `{"burst":-2}`, `{"rate":1,"retry_after":"soon"}`, `{"rat":1}`} {
		if r := do(t, http.MethodPost, url, strings.NewReader(bad), nil); r.status != http.StatusBadRequest {
			t.Errorf("POST %s: %d, want 400", bad, r.status)
		}
	}
	if err := s.SetRateLimit(RateLimit{Rate: 5}); err != nil || s.limit.cfg.Burst != 5 {
		t.Fatalf("burst default: %v, burst %d, want 5 (one second's worth)", err, s.limit.cfg.Burst)
	}
}
