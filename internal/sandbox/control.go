package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// The control API (/_sandbox/...) needs no auth: it exists for people running
// the sandbox by hand, the quickstart and scripts, never for the provider.
// /_sandbox/download/ is not part of it: that is where Cloud media bytes are
// served, as API traffic with Bearer auth (see server.go).

type stateMedia struct {
	ID          string `json:"id"`
	Flavor      string `json:"flavor"`
	ContentType string `json:"content_type"`
	Filename    string `json:"filename,omitempty"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
}

type stateMessage struct {
	ID      string          `json:"id"`
	Flavor  string          `json:"flavor"`
	To      string          `json:"to"`
	Type    string          `json:"type"`
	Body    json.RawMessage `json:"body"`
	Failure *failureJSON    `json:"failure,omitempty"`
}

type stateRequest struct {
	Method    string    `json:"method"`
	Path      string    `json:"path"`
	Status    int       `json:"status"`
	To        string    `json:"to,omitempty"`
	Arrived   time.Time `json:"arrived"`
	UserAgent string    `json:"user_agent,omitempty"`
}

// faultJSON is a Fault on the wire. Delay is a Go duration string ("250ms")
// or a number of milliseconds.
type faultJSON struct {
	Kind       FaultKind       `json:"kind"`
	Method     string          `json:"method,omitempty"`
	PathSuffix string          `json:"path_suffix,omitempty"`
	Times      int             `json:"times,omitempty"`
	Status     int             `json:"status,omitempty"`
	Code       int             `json:"code,omitempty"`
	Title      string          `json:"title,omitempty"`
	RetryAfter string          `json:"retry_after,omitempty"`
	Delay      json.RawMessage `json:"delay,omitempty"`
	Remaining  int             `json:"remaining,omitempty"`
}

func faultToJSON(f Fault, remaining int) faultJSON {
	out := faultJSON{Kind: f.Kind, Method: f.Method, PathSuffix: f.PathSuffix, Times: f.Times, Status: f.Status,
		Code: f.Code, Title: f.Title, RetryAfter: f.RetryAfter, Remaining: remaining}
	if f.Delay > 0 {
		out.Delay, _ = json.Marshal(f.Delay.String())
	}
	return out
}

func (fj faultJSON) fault() (Fault, error) {
	f := Fault{Kind: fj.Kind, Method: strings.ToUpper(fj.Method), PathSuffix: fj.PathSuffix, Times: fj.Times,
		Status: fj.Status, Code: fj.Code, Title: fj.Title, RetryAfter: fj.RetryAfter}
	if d := bytes.TrimSpace(fj.Delay); len(d) > 0 {
		var s string
		var ms float64
		switch {
		case json.Unmarshal(d, &s) == nil:
			dur, err := time.ParseDuration(s)
			if err != nil {
				return f, fmt.Errorf("delay %q is not a duration; use e.g. \"250ms\" or \"2s\"", s)
			}
			f.Delay = dur
		case json.Unmarshal(d, &ms) == nil:
			f.Delay = time.Duration(ms * float64(time.Millisecond))
		default:
			return f, fmt.Errorf("delay must be a duration string like \"250ms\" or a number of milliseconds")
		}
	}
	return f, validFault(f)
}

// validFault catches faults that could never fire as meant.
func validFault(f Fault) error {
	switch f.Kind {
	case FaultStatus:
		if f.Status != 0 && (f.Status < 400 || f.Status > 599) {
			return fmt.Errorf("status %d is not an error status; use 400-599 (default 500)", f.Status)
		}
	case FaultLatency:
		if f.Delay <= 0 {
			return fmt.Errorf("a latency fault needs a positive delay, e.g. \"delay\": \"2s\"")
		}
	case FaultDropBefore, FaultDropAfter, FaultExpireToken:
	default:
		return fmt.Errorf("kind %q is unknown; use status, drop_before, drop_after, latency or expire_token", f.Kind)
	}
	if f.Times < 0 {
		return fmt.Errorf("times must be 0 (once) or more")
	}
	return nil
}

func controlError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func (s *Server) controlState(w http.ResponseWriter, _ *http.Request) {
	media := []stateMedia{}
	for _, m := range s.Media() {
		media = append(media, stateMedia{ID: m.ID, Flavor: m.Flavor, ContentType: m.ContentType, Filename: m.Filename, Size: m.Size, SHA256: m.SHA256})
	}
	msgs := []stateMessage{}
	for _, m := range s.st.messageList() {
		sm := stateMessage{ID: m.ID, Flavor: m.Flavor, To: m.To, Type: m.Type, Body: m.Body}
		if f := m.Failure; f != nil {
			sm.Failure = &failureJSON{Code: f.Code, Title: f.Title, Details: f.Details}
		}
		msgs = append(msgs, sm)
	}
	customers := []customerJSON{}
	for _, c := range s.CustomerWindows() {
		customers = append(customers, windowJSON(c))
	}
	providers := []providerJSON{}
	for _, p := range s.st.providerList() {
		providers = append(providers, providerToJSON(p))
	}
	faults := []faultJSON{}
	for _, f := range s.st.armedFaults() {
		faults = append(faults, faultToJSON(f.Fault, f.left))
	}
	reqs := []stateRequest{}
	for _, r := range s.st.requestList() {
		reqs = append(reqs, stateRequest(r))
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"media":     media,
		"messages":  msgs,
		"logins":    s.st.loginCount(),
		"providers": providers,
		"customers": customers,
		"faults":    faults,
		"requests":  reqs,
		// API requests being served now: a client stopped mid-run has
		// settled once this is 0 and stays so.
		"in_flight": s.InFlight(),
	})
}

func (s *Server) controlFault(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxJSONBody))
	if err != nil {
		controlError(w, http.StatusBadRequest, "could not read the body: "+err.Error())
		return
	}
	var fj faultJSON
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&fj); err != nil {
		controlError(w, http.StatusBadRequest, `the body must be a fault like {"kind":"status","method":"POST","path_suffix":"/messages","status":429,"retry_after":"1"}: `+err.Error())
		return
	}
	f, err := fj.fault()
	if err != nil {
		controlError(w, http.StatusBadRequest, err.Error())
		return
	}
	s.InjectFault(f)
	writeJSON(w, http.StatusCreated, faultToJSON(f, max(f.Times, 1)))
}

func (s *Server) controlReset(w http.ResponseWriter, _ *http.Request) {
	s.Reset()
	writeJSON(w, http.StatusOK, map[string]bool{"reset": true})
}

func (s *Server) controlDeleteMedia(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !s.DeleteMedia(id) {
		controlError(w, http.StatusNotFound, "no live media with id "+id+"; GET /_sandbox/state lists the media")
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"deleted": id})
}

func (s *Server) controlExpireTokens(w http.ResponseWriter, _ *http.Request) {
	s.ExpireTokens()
	writeJSON(w, http.StatusOK, map[string]bool{"expired": true})
}

// controlAdvanceClock takes {"by":"721h"}: Cloud media older than 30 days on
// the moved clock has expired.
func (s *Server) controlAdvanceClock(w http.ResponseWriter, r *http.Request) {
	var req struct {
		By string `json:"by"`
	}
	d, err := time.Duration(0), json.NewDecoder(r.Body).Decode(&req)
	if err == nil {
		d, err = time.ParseDuration(req.By)
	}
	if err != nil || d <= 0 {
		controlError(w, http.StatusBadRequest, `send {"by":"<positive Go duration>"}, e.g. {"by":"721h"} to expire Cloud media`)
		return
	}
	s.AdvanceClock(d)
	writeJSON(w, http.StatusOK, map[string]string{"advanced_by": d.String()})
}

func controlUnknownPath(w http.ResponseWriter, r *http.Request) {
	controlError(w, http.StatusNotFound, "no control endpoint "+r.Method+" "+r.URL.Path+
		"; use GET /_sandbox/state, POST /_sandbox/faults, POST /_sandbox/reset, DELETE /_sandbox/media/{id}, POST /_sandbox/expire-tokens, "+
		"POST /_sandbox/advance-clock, /_sandbox/chaos, GET/POST /_sandbox/ratelimit, GET/POST /_sandbox/phone-number, GET /_sandbox/statuses, POST /_sandbox/customers/{wa_id}/reply, GET/POST /_sandbox/templates, "+
		"GET/POST /_sandbox/webhooks or GET/POST /_sandbox/world; the inbox page is GET /")
}
