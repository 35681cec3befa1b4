package sandbox

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// chaosRun sends n messages per recipient to a fresh Cloud sandbox under plan
// and returns what each send got, by recipient ("200", "429/130429", "drop", ...).
func chaosRun(t *testing.T, plan Chaos, recipients, n int) (*Server, map[string][]string) {
	t.Helper()
	s := start(t, Options{})
	if err := s.SetChaos(plan); err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for i := 0; i < n; i++ {
		for r := 0; r < recipients; r++ {
			to := fmt.Sprintf("1555000%04d", r)
			body := `{"messaging_product":"whatsapp","to":"` + to + `","type":"image","image":{"link":"https://e.com/a.png"}}`
			resp, err := post(s.URL()+"/v23.0/"+testPhone+"/messages", body, withHeader(bearer(testToken), "Content-Type", "application/json"))
			if err != nil {
				got[to] = append(got[to], "drop")
				continue
			}
			b, _ := io.ReadAll(resp.Body)
			_ = resp.Body.Close()
			outcome := fmt.Sprint(resp.StatusCode)
			if resp.StatusCode != http.StatusOK {
				outcome += "/" + fmt.Sprint(cloudErr(t, reply{status: resp.StatusCode, body: b}).Code)
			}
			got[to] = append(got[to], outcome)
		}
	}
	return s, got
}

func TestChaosSharesAndBookkeeping(t *testing.T) {
	plan := Chaos{Seed: 7, ThrottleShare: 0.2, ErrorAfterShare: 0.1, DropAfterShare: 0.1}
	s, got := chaosRun(t, plan, 20, 20)
	count := map[string]int{}
	for _, outcomes := range got {
		for _, o := range outcomes {
			count[o]++
		}
	}
	st := s.ChaosStats()
	throttled := count["429/130429"] + count["400/131056"] + count["400/4"]
	if st.Sends != 400 || st.Throttled != throttled || st.DropsAfterTaking != count["drop"] || st.ErrorsAfterTaking != count["500/1"] {
		t.Fatalf("stats %+v do not match the answers %v", st, count)
	}
	for _, code := range []string{"429/130429", "400/131056", "400/4"} {
		if count[code] == 0 {
			t.Errorf("no send was throttled with %s: %v", code, count)
		}
	}
	// 400 sends: each share within a wide band, so the test never flakes on
	// a seed but still fails when a share is ignored.
	for name, c := range map[string]struct{ n, lo, hi int }{
		"throttled": {throttled, 40, 120}, "500 after taking": {count["500/1"], 15, 70}, "dropped after taking": {count["drop"], 15, 70},
	} {
		if c.n < c.lo || c.n > c.hi {
			t.Errorf("%s: %d of 400 sends, want %d-%d", name, c.n, c.lo, c.hi)
		}
	}
	// Taken = answered 200 + unanswered; every unanswered ID is a stored message.
	msgs := s.Messages()
	if st.Taken != len(msgs) || len(msgs) != count["200"]+len(st.Unanswered) {
		t.Fatalf("taken %d, stored %d, answered 200 %d, unanswered %d", st.Taken, len(msgs), count["200"], len(st.Unanswered))
	}
	for _, id := range st.Unanswered {
		if !slices.ContainsFunc(msgs, func(m ReceivedMessage) bool { return m.ID == id }) {
			t.Fatalf("unanswered ID %s is not a stored message", id)
		}
	}
}

// The same seed gives every recipient the same answers, whatever the order.
func TestChaosIsReproducible(t *testing.T) {
	plan := Chaos{Seed: 42, ThrottleShare: 0.3, ErrorAfterShare: 0.2, DropAfterShare: 0.2}
	_, a := chaosRun(t, plan, 5, 8)
	_, b := chaosRun(t, plan, 5, 8)
	for to := range a {
		if !slices.Equal(a[to], b[to]) {
			t.Fatalf("recipient %s: %v then %v", to, a[to], b[to])
		}
	}
	plan.Seed = 43
	_, c := chaosRun(t, plan, 5, 8)
	same := true
	for to := range a {
		same = same && slices.Equal(a[to], c[to])
	}
	if same {
		t.Fatal("another seed gave the same answers")
	}
}

// ExpireTokensAfter expires login tokens right after the Nth message.
func TestChaosExpiresTokensAfterNMessages(t *testing.T) {
	s := start(t, Options{})
	if err := s.SetChaos(Chaos{ExpireTokensAfter: 2}); err != nil {
		t.Fatal(err)
	}
	tok := login(t, s)
	send := func() int {
		return do(t, http.MethodPost, s.URL()+"/v1/messages", strings.NewReader(`{"to":"16315551001","type":"image","image":{"link":"https://e.com/a.png"}}`),
			withHeader(bearer(tok), "Content-Type", "application/json")).status
	}
	if a, b, c := send(), send(), send(); a != http.StatusCreated || b != http.StatusCreated || c != http.StatusUnauthorized {
		t.Fatalf("statuses %d %d %d, want 201 201 401", a, b, c)
	}
	if st := s.ChaosStats(); st.LoginsAtExpiry != 1 {
		t.Fatalf("logins at expiry %d, want 1", st.LoginsAtExpiry)
	}
}

func TestChaosControlAPI(t *testing.T) {
	s := start(t, Options{})
	r := do(t, http.MethodPost, s.URL()+"/_sandbox/chaos", strings.NewReader(`{"seed":1,"throttle_share":1}`), nil)
	if r.status != http.StatusOK || !strings.Contains(string(r.body), `"throttle_share":1`) {
		t.Fatalf("set: %d %s", r.status, r.body)
	}
	if sr := sendCloud(t, s, clMsg); sr.status == http.StatusOK {
		t.Fatalf("a send got through a plan that throttles everything: %s", sr.body)
	}
	r = do(t, http.MethodGet, s.URL()+"/_sandbox/chaos", nil, nil)
	if !strings.Contains(string(r.body), `"sends":1`) || !strings.Contains(string(r.body), `"throttled":1`) {
		t.Fatalf("stats: %s", r.body)
	}
	for _, bad := range []string{`{"throttle_share":1.5}`, `{"throttle_share":0.6,"drop_after_share":0.6}`, `{"shares":1}`, `[]`} {
		if r := do(t, http.MethodPost, s.URL()+"/_sandbox/chaos", strings.NewReader(bad), nil); r.status != http.StatusBadRequest {
			t.Errorf("plan %s: got %d, want 400", bad, r.status)
		}
	}
	r = do(t, http.MethodDelete, s.URL()+"/_sandbox/chaos", nil, nil)
	if r.status != http.StatusOK || !strings.Contains(string(r.body), `"plan":null`) {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}
	if sr := sendCloud(t, s, clMsg); sr.status != http.StatusOK {
		t.Fatalf("a send after chaos was stopped: %d %s", sr.status, sr.body)
	}
}

// ExpireTokensWhenInFlight holds sends until that many wait, then expires the
// tokens under all of them at once.
func TestChaosExpiresTokensUnderSendsInFlight(t *testing.T) {
	s := start(t, Options{})
	if err := s.SetChaos(Chaos{ExpireTokensWhenInFlight: 3}); err != nil {
		t.Fatal(err)
	}
	tok := login(t, s)
	statuses := make(chan int, 3)
	for range 3 {
		go func() {
			resp, err := post(s.URL()+"/v1/messages", `{"to":"16315551001","type":"image","image":{"link":"https://e.com/a.png"}}`,
				withHeader(bearer(tok), "Content-Type", "application/json"))
			if err != nil {
				statuses <- 0
				return
			}
			_ = resp.Body.Close()
			statuses <- resp.StatusCode
		}()
	}
	for range 3 {
		if code := <-statuses; code != http.StatusUnauthorized {
			t.Errorf("a held send got %d, want 401 (its token expired while it was held)", code)
		}
	}
	if st := s.ChaosStats(); st.HeldAtExpiry != 3 || st.LoginsAtExpiry != 1 {
		t.Fatalf("held %d, logins at expiry %d; want 3 and 1", st.HeldAtExpiry, st.LoginsAtExpiry)
	}
	// Once fired, sends are not held any more.
	tok = login(t, s)
	if r := sendOnPremWith(t, s, tok); r != http.StatusCreated {
		t.Fatalf("a send after the expiry got %d", r)
	}
}

func sendOnPremWith(t *testing.T, s *Server, tok string) int {
	t.Helper()
	return do(t, http.MethodPost, s.URL()+"/v1/messages", strings.NewReader(`{"to":"16315551001","type":"image","image":{"link":"https://e.com/a.png"}}`),
		withHeader(bearer(tok), "Content-Type", "application/json")).status
}
