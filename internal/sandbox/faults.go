package sandbox

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"time"
)

// applyFault answers a request the way an armed fault says.
func (s *Server) applyFault(w *statusWriter, r *http.Request, flavor string, f Fault) {
	switch f.Kind {
	case FaultStatus:
		writeFaultStatus(w, flavor, f)
	case FaultDropBefore:
		w.drop()
	case FaultDropAfter:
		// The handler acts fully (stores media or the message) into a writer
		// that goes nowhere; then the client gets a closed connection.
		s.dispatch(&discardWriter{header: http.Header{}}, r, flavor)
		w.drop()
	case FaultLatency:
		bufferSmallBody(r)
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-t.C:
			if r.Context().Err() == nil {
				s.dispatch(w, r, flavor)
				return
			}
		case <-r.Context().Done():
		}
		w.dropped = true // the client gave up; nothing was answered or acted on
	case FaultExpireToken:
		if flavor == FlavorOnPremises {
			writeOnPremError(w, http.StatusUnauthorized, codeAccessDenied, "Access denied", "Token expired")
		} else {
			writeCloudError(w, cloudExpiredToken())
		}
	default:
		// validFault keeps unknown kinds out of the control API; a Go caller
		// who made one up gets told here rather than a silent pass.
		writeFaultStatus(w, flavor, Fault{Status: http.StatusInternalServerError,
			Title: fmt.Sprintf("sandbox: unknown fault kind %q; use status, drop_before, drop_after, latency or expire_token", f.Kind)})
	}
}

func writeFaultStatus(w http.ResponseWriter, flavor string, f Fault) {
	status := f.Status
	if status == 0 {
		status = http.StatusInternalServerError
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	if flavor == FlavorOnPremises {
		code, title := onPremFaultDefaults(status)
		if f.Code != 0 {
			code = f.Code
		}
		if f.Title != "" {
			title = f.Title
		}
		writeOnPremError(w, status, code, title, "injected by the sandbox")
		return
	}
	code, title, transient := cloudFaultDefaults(status)
	if f.Code != 0 {
		code, transient = f.Code, cloudTransient(f.Code)
	}
	if f.Title != "" {
		title = f.Title
	}
	e := cloudError{Status: status, Code: code, Message: cloudMessage(code, title),
		Details: "injected by the sandbox", Transient: transient}
	if code == 190 {
		e.Details = ""
	}
	writeCloudError(w, e)
}

// onPremFaultDefaults picks the On-Premises code for a status: 1015 and 1016
// are its throttling and overload codes, 1014 its internal error.
func onPremFaultDefaults(status int) (int, string) {
	switch {
	case status == http.StatusTooManyRequests:
		return codeTooManyRequests, "Too many requests"
	case status == http.StatusServiceUnavailable:
		return codeOverloaded, "System overloaded"
	case status == http.StatusUnauthorized:
		return codeAccessDenied, "Access denied"
	case status == http.StatusNotFound:
		return codeNotFound, "Resource not found"
	case status >= 500:
		return codeInternalError, "Internal error"
	case status >= 400:
		return codeInvalidParameter, "Parameter value is not valid"
	default:
		return codeGenericError, "Generic error"
	}
}

// cloudFaultDefaults picks the Cloud code for a status: 130429 is the
// throughput limit, 1 and 2 the documented transient errors.
func cloudFaultDefaults(status int) (int, string, bool) {
	switch {
	case status == http.StatusTooManyRequests:
		return 130429, "Rate limit hit", true
	case status == http.StatusServiceUnavailable:
		return 2, "Service temporarily unavailable", true
	case status == http.StatusUnauthorized:
		return 190, "Invalid OAuth access token - Cannot parse access token", false
	case status >= 500:
		return 1, "An unknown error occurred", true
	default:
		return 100, "Invalid parameter", false
	}
}

// cloudTransient lists the codes internal/whatsapp/API.md calls safe to retry.
func cloudTransient(code int) bool {
	switch code {
	case 1, 2, 4, 80007, 130429, 131000, 131016, 131048, 131056:
		return true
	}
	return false
}

// dropConnection closes the client's connection without an answer. Without a
// hijackable connection (HTTP/2, httptest.ResponseRecorder) it aborts the
// handler, which net/http turns into a reset stream or closed connection.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// bufferSmallBody reads a small body up front. net/http only watches for the
// client going away once the body is consumed; without this a client that
// gives up during a latency fault would go unnoticed and its message would
// still be stored. Large uploads are left streaming (and only checked after
// the delay) so the sandbox never buffers them.
func bufferSmallBody(r *http.Request) {
	if r.ContentLength < 0 || r.ContentLength > maxJSONBody {
		return
	}
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return // the handler will see the same broken body and answer it
	}
	r.Body = io.NopCloser(bytes.NewReader(b))
}

// discardWriter takes a response nobody will read (FaultDropAfter).
type discardWriter struct{ header http.Header }

func (d *discardWriter) Header() http.Header         { return d.header }
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d *discardWriter) WriteHeader(int)             {}
