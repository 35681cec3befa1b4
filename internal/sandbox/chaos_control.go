package sandbox

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"time"
)

// chaosJSON is a Chaos plan on the control API.
type chaosJSON struct {
	Seed              int64   `json:"seed"`
	ThrottleShare     float64 `json:"throttle_share"`
	ErrorAfterShare   float64 `json:"error_after_share"`
	DropAfterShare    float64 `json:"drop_after_share"`
	ExpireTokensAfter int     `json:"expire_tokens_after,omitempty"`
	SendLatencyMS     int64   `json:"send_latency_ms,omitempty"`
	// ExpireTokensWhenInFlight: see Chaos.
	ExpireTokensWhenInFlight int `json:"expire_tokens_when_in_flight,omitempty"`
}

func (cj chaosJSON) plan() Chaos {
	return Chaos{Seed: cj.Seed, ThrottleShare: cj.ThrottleShare, ErrorAfterShare: cj.ErrorAfterShare, DropAfterShare: cj.DropAfterShare,
		ExpireTokensAfter: cj.ExpireTokensAfter, SendLatency: time.Duration(cj.SendLatencyMS) * time.Millisecond,
		ExpireTokensWhenInFlight: cj.ExpireTokensWhenInFlight}
}

func chaosToJSON(c Chaos) chaosJSON {
	return chaosJSON{Seed: c.Seed, ThrottleShare: c.ThrottleShare, ErrorAfterShare: c.ErrorAfterShare, DropAfterShare: c.DropAfterShare,
		ExpireTokensAfter: c.ExpireTokensAfter, SendLatencyMS: c.SendLatency.Milliseconds(),
		ExpireTokensWhenInFlight: c.ExpireTokensWhenInFlight}
}

type chaosStatsJSON struct {
	Plan              *chaosJSON `json:"plan"` // null: no plan
	Sends             int        `json:"sends"`
	Throttled         int        `json:"throttled"`
	Taken             int        `json:"taken"`
	ErrorsAfterTaking int        `json:"errors_after_taking"`
	DropsAfterTaking  int        `json:"drops_after_taking"`
	Unanswered        []string   `json:"unanswered"`
	LoginsAtExpiry    int        `json:"logins_at_expiry"`
	HeldAtExpiry      int        `json:"held_at_expiry"`
}

// chaosRoutes serves the plan on the control API:
//
//	POST   /_sandbox/chaos  {"seed":1,"throttle_share":0.2,"error_after_share":0.1,"drop_after_share":0.1}
//	GET    /_sandbox/chaos  the plan and what it did
//	DELETE /_sandbox/chaos  no more chaos
func (s *Server) chaosRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /_sandbox/chaos", s.controlSetChaos)
	mux.HandleFunc("GET /_sandbox/chaos", s.controlChaosStats)
	mux.HandleFunc("DELETE /_sandbox/chaos", s.controlStopChaos)
}

func (s *Server) controlSetChaos(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxJSONBody))
	if err != nil {
		controlError(w, http.StatusBadRequest, "could not read the body: "+err.Error())
		return
	}
	var cj chaosJSON
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cj); err != nil {
		controlError(w, http.StatusBadRequest, `the body must be a plan like {"seed":1,"throttle_share":0.2,"error_after_share":0.1,"drop_after_share":0.1}: `+err.Error())
		return
	}
	if err := s.SetChaos(cj.plan()); err != nil {
		controlError(w, http.StatusBadRequest, err.Error())
		return
	}
	s.controlChaosStats(w, r)
}

func (s *Server) controlChaosStats(w http.ResponseWriter, _ *http.Request) {
	s.chaos.mu.Lock()
	var plan *chaosJSON
	if s.chaos.on {
		p := chaosToJSON(s.chaos.plan)
		plan = &p
	}
	s.chaos.mu.Unlock()
	st := s.ChaosStats()
	writeJSON(w, http.StatusOK, chaosStatsJSON{Plan: plan, Sends: st.Sends, Throttled: st.Throttled, Taken: st.Taken,
		ErrorsAfterTaking: st.ErrorsAfterTaking, DropsAfterTaking: st.DropsAfterTaking, Unanswered: st.Unanswered,
		LoginsAtExpiry: st.LoginsAtExpiry, HeldAtExpiry: st.HeldAtExpiry})
}

func (s *Server) controlStopChaos(w http.ResponseWriter, r *http.Request) {
	_ = s.SetChaos(Chaos{}) // a zero plan is always valid
	s.controlChaosStats(w, r)
}
