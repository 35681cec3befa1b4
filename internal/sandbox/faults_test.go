package sandbox

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

const (
	opMsg = `{"to":"16315551001","type":"image","image":{"link":"https://e.com/a.png"}}`
	clMsg = `{"messaging_product":"whatsapp","to":"16315551001","type":"image","image":{"link":"https://e.com/a.png"}}`
)

func TestFaultStatus(t *testing.T) {
	cases := []struct {
		name     string
		fault    Fault
		opCode   int
		clCode   int
		clSubstr string
	}{
		{"429 defaults", Fault{Kind: FaultStatus, Status: 429, RetryAfter: "7"}, codeTooManyRequests, 130429, "(#130429) Rate limit hit"},
		{"500 defaults", Fault{Kind: FaultStatus, Status: 500}, codeInternalError, 1, "An unknown error occurred"},
		{"503 defaults", Fault{Kind: FaultStatus, Status: 503}, codeOverloaded, 2, "Service temporarily unavailable"},
		{"custom code and title", Fault{Kind: FaultStatus, Status: 400, Code: 131056, Title: "Pair rate limit hit"}, 131056, 131056, "(#131056) Pair rate limit hit"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := start(t, Options{})
			f := c.fault
			f.Method, f.PathSuffix = http.MethodPost, "/messages"
			f.Times = 2 // one for each flavor
			s.InjectFault(f)

			r := sendOnPrem(t, s, opMsg)
			code, title, _ := onPremErr(t, r)
			if r.status != f.Status || code != c.opCode || title == "" {
				t.Fatalf("On-Premises: %d code %d %q", r.status, code, title)
			}
			if got := r.header.Get("Retry-After"); got != f.RetryAfter {
				t.Fatalf("Retry-After %q, want %q", got, f.RetryAfter)
			}
			r = sendCloud(t, s, clMsg)
			e := cloudErr(t, r)
			if r.status != f.Status || e.Code != c.clCode || e.Message != c.clSubstr {
				t.Fatalf("Cloud: %d %+v", r.status, e)
			}
			if got := r.header.Get("Retry-After"); got != f.RetryAfter {
				t.Fatalf("Retry-After %q, want %q", got, f.RetryAfter)
			}
			if len(s.Messages()) != 0 {
				t.Fatal("a faulted request was acted on")
			}
			// Used up: the next send goes through.
			if r := sendCloud(t, s, clMsg); r.status != http.StatusOK {
				t.Fatalf("after the fault: %d %s", r.status, r.body)
			}
		})
	}
}

func TestFaultMatching(t *testing.T) {
	s := start(t, Options{})
	s.InjectFault(Fault{Kind: FaultStatus, Status: 500, Method: http.MethodPost, PathSuffix: "/media"})
	s.InjectFault(Fault{Kind: FaultStatus, Status: 429, PathSuffix: "/messages"})
	s.InjectFault(Fault{Kind: FaultStatus, Status: 503, PathSuffix: "/messages"})

	if r := do(t, http.MethodGet, s.URL()+"/v1/media/x", nil, bearer(testToken)); r.status != http.StatusNotFound {
		t.Fatalf("GET must not match a POST fault: %d", r.status)
	}
	for _, want := range []int{429, 503, 201} { // in the order armed, then normal
		if r := sendOnPrem(t, s, opMsg); r.status != want {
			t.Fatalf("status %d, want %d", r.status, want)
		}
	}
	if r := do(t, http.MethodPost, s.URL()+"/v1/media", strings.NewReader("x"),
		withHeader(bearer(testToken), "Content-Type", "image/png")); r.status != 500 {
		t.Fatalf("upload fault did not fire: %d", r.status)
	}
}

// noReuse keeps each request on its own connection, so a dropped connection
// is seen by exactly the request it was meant for.
var noReuse = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}

func TestFaultDropBefore(t *testing.T) {
	s := start(t, Options{})
	s.InjectFault(Fault{Kind: FaultDropBefore, PathSuffix: "/messages"})
	s.InjectFault(Fault{Kind: FaultDropBefore, PathSuffix: "/media"})
	if resp, err := post(s.URL()+"/v23.0/"+testPhone+"/messages", clMsg, bearer(testToken)); err == nil {
		resp.Body.Close()
		t.Fatalf("got a response %d, want a dropped connection", resp.StatusCode)
	}
	if resp, err := post(s.URL()+"/v1/media", "bytes", withHeader(bearer(testToken), "Content-Type", "image/png")); err == nil {
		resp.Body.Close()
		t.Fatalf("got a response %d, want a dropped connection", resp.StatusCode)
	}
	if len(s.Messages()) != 0 || len(s.Media()) != 0 {
		t.Fatal("drop_before acted on the request")
	}
	reqs := s.Requests()
	if len(reqs) != 2 || reqs[0].Status != 0 || reqs[1].Status != 0 {
		t.Fatalf("requests %+v, want two with status 0", reqs)
	}
}

func TestFaultDropAfter(t *testing.T) {
	s := start(t, Options{})
	s.InjectFault(Fault{Kind: FaultDropAfter, Method: http.MethodPost, PathSuffix: "/messages", Times: 2})
	if resp, err := post(s.URL()+"/v1/messages", opMsg, bearer(testToken)); err == nil {
		resp.Body.Close()
		t.Fatalf("got a response %d, want a dropped connection", resp.StatusCode)
	}
	if resp, err := post(s.URL()+"/v23.0/"+testPhone+"/messages", clMsg, bearer(testToken)); err == nil {
		resp.Body.Close()
		t.Fatalf("got a response %d, want a dropped connection", resp.StatusCode)
	}
	msgs := s.Messages()
	if len(msgs) != 2 || string(msgs[0].Body) != opMsg || string(msgs[1].Body) != clMsg {
		t.Fatalf("drop_after must store the message: %+v", msgs)
	}
	if reqs := s.Requests(); reqs[0].Status != 0 {
		t.Fatalf("request recorded as %+v, want status 0", reqs[0])
	}
	s.InjectFault(Fault{Kind: FaultDropAfter, PathSuffix: "/media"})
	if resp, err := post(s.URL()+"/v1/media", "bytes", withHeader(bearer(testToken), "Content-Type", "image/png")); err == nil {
		resp.Body.Close()
		t.Fatalf("got a response %d, want a dropped connection", resp.StatusCode)
	}
	if media := s.Media(); len(media) != 1 || string(media[0].Data) != "bytes" {
		t.Fatalf("drop_after must store the upload: %+v", media)
	}
	// An invalid message is still refused; dropping the answer does not store it.
	s.InjectFault(Fault{Kind: FaultDropAfter, PathSuffix: "/messages"})
	if resp, err := post(s.URL()+"/v1/messages", `{"to":"1"}`, bearer(testToken)); err == nil {
		resp.Body.Close()
	}
	if len(s.Messages()) != 2 {
		t.Fatal("drop_after stored an invalid message")
	}
}

func TestFaultLatency(t *testing.T) {
	s := start(t, Options{})
	s.InjectFault(Fault{Kind: FaultLatency, PathSuffix: "/messages", Delay: 150 * time.Millisecond})
	begin := time.Now()
	if r := sendCloud(t, s, clMsg); r.status != http.StatusOK {
		t.Fatalf("status %d", r.status)
	}
	if d := time.Since(begin); d < 150*time.Millisecond {
		t.Fatalf("answered after %v, want at least the delay", d)
	}

	// A client that gives up during the delay leaves nothing acted on.
	s.InjectFault(Fault{Kind: FaultLatency, PathSuffix: "/messages", Delay: 5 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.URL()+"/v23.0/"+testPhone+"/messages", strings.NewReader(clMsg))
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.Header.Set("User-Agent", testUserAgent)
	if _, err := http.DefaultClient.Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v, want deadline exceeded", err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for len(s.Requests()) < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond) // the handler notices the cancel asynchronously
	}
	if n := len(s.Messages()); n != 1 {
		t.Fatalf("%d messages, want only the first", n)
	}
}

func TestFaultExpireToken(t *testing.T) {
	s := start(t, Options{})
	s.InjectFault(Fault{Kind: FaultExpireToken, Times: 2})
	r := sendOnPrem(t, s, opMsg)
	if code, _, details := onPremErr(t, r); r.status != 401 || code != codeAccessDenied || details != "Token expired" {
		t.Fatalf("On-Premises: %d %d %q", r.status, code, details)
	}
	r = sendCloud(t, s, clMsg)
	if e := cloudErr(t, r); r.status != 401 || e.Code != 190 || e.Subcode != 463 || !strings.Contains(e.Message, "Session has expired") {
		t.Fatalf("Cloud: %d %+v", r.status, e)
	}
	if len(s.Messages()) != 0 {
		t.Fatal("an expired-token answer was acted on")
	}
}
