package sandbox

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"
)

// expiresLayout is the On-Premises login reply's time format: a space, not "T".
const expiresLayout = "2006-01-02 15:04:05-07:00"

// maxJSONBody bounds JSON request bodies; real ones are a few hundred bytes.
const maxJSONBody = 1 << 20

func equalSecret(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

func bearerToken(r *http.Request) (string, bool) {
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	// Graph takes "OAuth <token>" as well; Meta's Resumable Upload pages use it.
	if !ok || !strings.EqualFold(scheme, "Bearer") && !strings.EqualFold(scheme, "OAuth") {
		return "", false
	}
	return strings.TrimSpace(tok), true
}

// onPremAuth lets a request through with a live login token, the static
// AccessToken as a Bearer token, or the AccessToken raw in Options.AuthHeader.
func (s *Server) onPremAuth(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if hn := s.opts.AuthHeader; hn != "" {
			if v := r.Header.Get(hn); v != "" && equalSecret(v, s.opts.AccessToken) {
				h(w, r)
				return
			}
		}
		tok, ok := bearerToken(r)
		if !ok {
			how := "send Authorization: Bearer <token> with a token from POST /v1/users/login"
			if s.opts.AuthHeader != "" {
				how += ", or the API key in the " + s.opts.AuthHeader + " header"
			}
			writeOnPremError(w, http.StatusUnauthorized, codeAccessDenied, "Access denied", "Invalid credentials: "+how)
			return
		}
		if equalSecret(tok, s.opts.AccessToken) {
			h(w, r)
			return
		}
		switch s.st.tokenState(tok, time.Now()) {
		case tokenLive:
			h(w, r)
		case tokenExpired:
			writeOnPremError(w, http.StatusUnauthorized, codeAccessDenied, "Access denied", "Token expired: log in again with POST /v1/users/login")
		default:
			writeOnPremError(w, http.StatusUnauthorized, codeAccessDenied, "Access denied", "Invalid credentials: the token is unknown or was revoked; log in again with POST /v1/users/login")
		}
	}
}

// onPremLogin checks HTTP Basic credentials and issues a token. The body may
// be empty, {} or carry new_password (the first admin login must change it).
func (s *Server) onPremLogin(w http.ResponseWriter, r *http.Request) {
	user, pass, ok := r.BasicAuth()
	if !ok || !equalSecret(user, s.opts.Username) || !s.st.checkPassword(pass) {
		writeOnPremError(w, http.StatusUnauthorized, codeAccessDenied, "Access denied",
			"Invalid credentials: send Authorization: Basic with the admin username and password")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxJSONBody))
	if err != nil {
		writeOnPremError(w, http.StatusBadRequest, codeRequestNotValid, "Request not valid", "could not read the body: "+err.Error())
		return
	}
	if len(bytes.TrimSpace(body)) > 0 {
		var req map[string]json.RawMessage
		if err := json.Unmarshal(body, &req); err != nil || req == nil {
			writeOnPremError(w, http.StatusBadRequest, codeRequestNotValid, "Request not valid",
				"the login body must be empty, {} or {\"new_password\":\"...\"}")
			return
		}
		if raw, ok := req["new_password"]; ok {
			var np string
			if err := json.Unmarshal(raw, &np); err != nil || np == "" {
				writeOnPremError(w, http.StatusBadRequest, codeInvalidParameter, "Parameter value is not valid",
					"new_password must be a non-empty string")
				return
			}
			s.st.setPassword(np)
		}
	}
	tok := newToken()
	exp := time.Now().Add(s.opts.TokenTTL)
	s.st.issueToken(tok, exp)
	writeJSON(w, http.StatusOK, map[string]any{
		"users": []map[string]string{{"token": tok, "expires_after": exp.UTC().Format(expiresLayout)}},
		"meta":  onPremMeta,
	})
}

func (s *Server) onPremLogout(w http.ResponseWriter, r *http.Request) {
	if tok, ok := bearerToken(r); ok {
		s.st.revokeToken(tok)
	}
	writeJSON(w, http.StatusOK, map[string]any{"meta": onPremMeta})
}

// onPremUpload takes the raw bytes as the body, typed by Content-Type.
func (s *Server) onPremUpload(w http.ResponseWriter, r *http.Request) {
	ct := r.Header.Get("Content-Type")
	if baseMediaType(ct) == "" {
		writeOnPremError(w, http.StatusBadRequest, codeInvalidParameter, "Parameter value is not valid",
			"Content-Type "+quoteOrMissing(ct)+" is not a valid MIME type; send the media's type, e.g. Content-Type: image/png")
		return
	}
	// The cap bounds how much of an oversized upload is drained before the
	// connection is closed instead.
	r.Body = http.MaxBytesReader(w, r.Body, onPremMaxUpload+mib)
	rec, err := receiveUpload(r.Body, onPremMaxUpload, !s.opts.DiscardMediaBytes)
	if err != nil {
		writeOnPremError(w, http.StatusBadRequest, codeRequestNotValid, "Request not valid", "could not read the upload: "+err.Error())
		return
	}
	if rec.over {
		writeOnPremError(w, http.StatusBadRequest, codeInvalidParameter, "Parameter value is not valid",
			"the media is at least "+itoa64(rec.size)+" bytes; the upload limit is "+formatLimit(onPremMaxUpload))
		return
	}
	if rec.size == 0 {
		writeOnPremError(w, http.StatusBadRequest, codeMissingParameter, "Required parameter is missing",
			"the body is empty; send the media bytes as the request body")
		return
	}
	id := newUUID()
	s.st.addMedia(StoredMedia{ID: id, Flavor: FlavorOnPremises, ContentType: ct, Data: rec.data, Size: rec.size, SHA256: rec.sum})
	writeJSON(w, http.StatusCreated, map[string]any{"media": []map[string]string{{"id": id}}, "meta": onPremMeta})
}

// onPremGetMedia serves the bytes; unknown or deleted media is a bare 404, as
// the real API answers it.
func (s *Server) onPremGetMedia(w http.ResponseWriter, r *http.Request) {
	m, mod, ok := s.st.liveMediaFor(r.PathValue("id"), FlavorOnPremises)
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	serveMedia(w, r, m, mod)
}

func serveMedia(w http.ResponseWriter, r *http.Request, m StoredMedia, mod time.Time) {
	w.Header().Set("Content-Type", m.ContentType)
	if m.Data == nil {
		w.Header().Set("X-Sandbox-Bytes-Discarded", "true")
	}
	http.ServeContent(w, r, "", mod, mediaContent(m))
}

func (s *Server) onPremDeleteMedia(w http.ResponseWriter, r *http.Request) {
	if !s.st.deleteMedia(r.PathValue("id"), FlavorOnPremises) {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"meta": onPremMeta})
}

func (s *Server) onPremSend(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxJSONBody+1))
	if err != nil || len(body) > maxJSONBody {
		writeOnPremError(w, http.StatusBadRequest, codeRequestNotValid, "Request not valid", "could not read a message body of at most 1 MB")
		return
	}
	msg, cerr := s.checkMessage(body, FlavorOnPremises)
	if cerr != nil {
		cerr.writeOnPrem(w)
		return
	}
	msg.ID = newOnPremMessageID()
	msg.Failure = s.windowFailure(msg) // window.go
	s.accepted(s.st.addMessage(msg))   // its statuses follow (statuses.go)
	writeJSON(w, http.StatusCreated, map[string]any{
		"messages": []map[string]string{{"id": msg.ID}},
		"contacts": []map[string]string{{"input": msg.To, "wa_id": waID(msg.To)}},
		"meta":     onPremMeta,
	})
}

func quoteOrMissing(v string) string {
	if v == "" {
		return "(missing)"
	}
	return `"` + v + `"`
}
