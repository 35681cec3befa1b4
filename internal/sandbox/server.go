package sandbox

import (
	"net/http"
	"strings"
	"time"
)

// routes holds one mux per flavor plus the control API. Requests are split by
// path prefix first, so each flavor answers unknown paths with its own error
// body and a Cloud pattern like /{version}/{id} never swallows /v1/... paths.
type routes struct {
	onPrem  *http.ServeMux
	cloud   *http.ServeMux
	control *http.ServeMux
}

const controlPrefix = "/_sandbox/"

// downloadPrefix serves Cloud media bytes; it is API traffic (Bearer auth,
// faults apply), unlike the rest of the control API.
const downloadPrefix = controlPrefix + "download/"

func (s *Server) buildRoutes() routes {
	op := http.NewServeMux()
	op.HandleFunc("POST /v1/users/login", s.onPremLogin)
	op.HandleFunc("POST /v1/users/logout", s.onPremAuth(s.onPremLogout))
	op.HandleFunc("POST /v1/media", s.onPremAuth(s.onPremUpload))
	op.HandleFunc("GET /v1/media/{id}", s.onPremAuth(s.onPremGetMedia))
	op.HandleFunc("DELETE /v1/media/{id}", s.onPremAuth(s.onPremDeleteMedia))
	op.HandleFunc("POST /v1/messages", s.onPremAuth(s.onPremSend))
	op.HandleFunc("GET /v1/settings/application/media/providers", s.onPremAuth(s.onPremListProviders))
	op.HandleFunc("POST /v1/settings/application/media/providers", s.onPremAuth(s.onPremPutProviders))
	op.HandleFunc("DELETE /v1/settings/application/media/providers/{name}", s.onPremAuth(s.onPremDeleteProvider))
	op.HandleFunc("GET /v1/settings/application", s.onPremAuth(s.onPremGetApplicationSettings))
	op.HandleFunc("PATCH /v1/settings/application", s.onPremAuth(s.onPremPatchApplicationSettings))
	op.HandleFunc("/", s.onPremAuth(onPremUnknownPath))

	cl := http.NewServeMux()
	cl.HandleFunc("POST /{version}/{phone}/media", s.cloudAuth(s.cloudUpload))
	cl.HandleFunc("POST /{version}/{phone}/messages", s.cloudAuth(s.cloudSend))
	cl.HandleFunc("GET /{version}/{id}", s.cloudAuth(s.cloudGetObject)) // the phone number, media, a template or an upload
	cl.HandleFunc("POST /{version}/{id}", s.cloudAuth(s.cloudPostAny))  // a template edit, upload bytes (template_api.go) or the webhook override
	cl.HandleFunc("POST /{version}/{waba}/message_templates", s.cloudAuth(s.cloudCreateTemplate))
	cl.HandleFunc("GET /{version}/{waba}/message_templates", s.cloudAuth(s.cloudListTemplates))
	cl.HandleFunc("DELETE /{version}/{waba}/message_templates", s.cloudAuth(s.cloudDeleteTemplate))
	cl.HandleFunc("POST /{version}/{app}/uploads", s.cloudAuth(s.cloudStartUpload))
	cl.HandleFunc("DELETE /{version}/{id}", s.cloudAuth(s.cloudDeleteMedia))
	cl.HandleFunc("GET /{version}/{waba}/subscribed_apps", s.cloudAuth(s.cloudListSubscribedApps)) // subscribed_apps.go
	cl.HandleFunc("POST /{version}/{waba}/subscribed_apps", s.cloudAuth(s.cloudSubscribeApp))
	cl.HandleFunc("DELETE /{version}/{waba}/subscribed_apps", s.cloudAuth(s.cloudUnsubscribeApp))
	cl.HandleFunc("GET /{version}/{app}/subscriptions", s.cloudAppAuth(s.cloudGetAppSubscriptions)) // app_subscriptions.go
	cl.HandleFunc("POST /{version}/{app}/subscriptions", s.cloudAppAuth(s.cloudPostAppSubscription))
	cl.HandleFunc("DELETE /{version}/{app}/subscriptions", s.cloudAppAuth(s.cloudDeleteAppSubscription))
	cl.HandleFunc("GET /{version}/{phone}/message_qrdls", s.cloudAuth(s.cloudListQRCodes)) // qr_codes.go
	cl.HandleFunc("POST /{version}/{phone}/message_qrdls", s.cloudAuth(s.cloudPostQRCode))
	cl.HandleFunc("GET /{version}/{phone}/message_qrdls/{code}", s.cloudAuth(s.cloudGetQRCode))
	cl.HandleFunc("DELETE /{version}/{phone}/message_qrdls/{code}", s.cloudAuth(s.cloudDeleteQRCode))
	cl.HandleFunc("POST /{version}/{phone}/conversational_automation", s.cloudAuth(s.cloudSetAutomation)) // automation.go
	cl.HandleFunc("/", s.cloudAuth(cloudUnknownPath))

	ct := http.NewServeMux()
	ct.HandleFunc("GET /_sandbox/state", s.controlState)
	ct.HandleFunc("POST /_sandbox/faults", s.controlFault)
	ct.HandleFunc("POST /_sandbox/reset", s.controlReset)
	ct.HandleFunc("DELETE /_sandbox/media/{id}", s.controlDeleteMedia)
	ct.HandleFunc("POST /_sandbox/expire-tokens", s.controlExpireTokens)
	ct.HandleFunc("POST /_sandbox/advance-clock", s.controlAdvanceClock)
	ct.HandleFunc("POST /_sandbox/customers/{wa_id}/reply", s.controlCustomerReply) // window.go
	ct.HandleFunc("GET /_sandbox/templates", s.controlListTemplates)                // templates.go
	ct.HandleFunc("POST /_sandbox/templates", s.controlPutTemplate)
	ct.HandleFunc("POST /_sandbox/template-review", s.controlTemplateReview)
	ct.HandleFunc("GET /_sandbox/phone-number", s.controlGetPhoneNumber)
	ct.HandleFunc("POST /_sandbox/phone-number", s.controlSetPhoneNumber)
	ct.HandleFunc("GET /_sandbox/ratelimit", s.controlGetRateLimit)
	ct.HandleFunc("POST /_sandbox/ratelimit", s.controlSetRateLimit)
	ct.HandleFunc("GET /_sandbox/download/{id}", s.cloudBearer(s.cloudDownload))
	ct.HandleFunc("GET "+qrImagePrefix+"{file}", s.serveQRImage) // qr_codes.go: Meta's CDN, no token
	s.addInboxRoutes(ct)
	s.chaosRoutes(ct)           // chaos_control.go
	s.statusRoutes(ct)          // statuses_control.go
	s.profileRoutes(op, cl, ct) // business_profile.go
	ct.HandleFunc("/", controlUnknownPath)
	return routes{onPrem: op, cloud: cl, control: ct}
}

// flavorOf says whose error bodies and faults apply to a path.
func flavorOf(path string) string {
	if path == "/v1" || strings.HasPrefix(path, "/v1/") {
		return FlavorOnPremises
	}
	return FlavorCloud
}

// serveHTTP records every API request, applies armed faults to API traffic
// and hands the request to its flavor's routes. The control API and the inbox
// (GET /, see inbox.go) are neither recorded nor faulted: looking at the
// sandbox must not change what it shows it received.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	if isInboxPage(r) {
		s.inboxPage(w, r)
		return
	}
	if strings.HasPrefix(path, controlPrefix) && !strings.HasPrefix(path, downloadPrefix) {
		s.routes.control.ServeHTTP(w, r)
		return
	}
	s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	arrived := time.Now()
	// The Date header tells the sandbox's clock, as Meta's tells Meta's: moved
	// by AdvanceClock, it is the time the limits counted here are counted by.
	w.Header().Set("Date", s.st.now().UTC().Format(http.TimeFormat))
	sw := &statusWriter{ResponseWriter: w}
	to := "" // a send's recipient as written, read below
	recorded := false
	record := func() {
		if !recorded {
			recorded = true
			s.st.record(Request{Method: r.Method, Path: r.URL.Path, Status: sw.recorded(), To: to, Arrived: arrived, UserAgent: r.UserAgent()})
		}
	}
	// A dropped connection is recorded before it closes: the client may look
	// at Requests() the moment it sees the connection go.
	sw.beforeDrop = record
	defer record()

	flavor := flavorOf(path)
	f, faulted := s.st.takeFault(r.Method, path)
	// A connection dropped before the request is read must not read it.
	if r.Method == http.MethodPost && strings.HasSuffix(path, "/messages") && (!faulted || f.Kind != FaultDropBefore) {
		to = sentTo(r)
	}
	if faulted {
		s.applyFault(sw, r, flavor, f)
		return
	}
	if s.throttleSend(sw, r, flavor) || s.applyChaos(sw, r, flavor) { // ratelimit.go, chaos.go
		return
	}
	s.dispatch(sw, r, flavor)
}

func (s *Server) dispatch(w http.ResponseWriter, r *http.Request, flavor string) {
	switch {
	case strings.HasPrefix(r.URL.Path, controlPrefix):
		s.routes.control.ServeHTTP(w, r)
	case flavor == FlavorOnPremises:
		s.routes.onPrem.ServeHTTP(w, r)
	default:
		s.routes.cloud.ServeHTTP(w, r)
	}
}

func onPremUnknownPath(w http.ResponseWriter, r *http.Request) {
	writeOnPremError(w, http.StatusNotFound, codeNotFound, "Resource not found",
		"no On-Premises endpoint "+r.Method+" "+r.URL.Path+"; see the On-Premises API reference for the paths under /v1/")
}

func cloudUnknownPath(w http.ResponseWriter, r *http.Request) {
	writeCloudError(w, cloudError{Status: http.StatusBadRequest, Code: 100,
		Message: "(#100) Unknown path components: " + r.URL.Path,
		Details: "no Cloud endpoint " + r.Method + " " + r.URL.Path +
			"; use /{version}/{phone-number-id}/media, /{version}/{phone-number-id}/messages or /{version}/{media-id}"})
}

// statusWriter remembers the status sent, and whether the connection was
// dropped, for the request log.
type statusWriter struct {
	http.ResponseWriter
	status     int
	dropped    bool
	beforeDrop func()
}

// drop closes the connection without an answer.
func (w *statusWriter) drop() {
	w.dropped = true
	if w.beforeDrop != nil {
		w.beforeDrop()
	}
	dropConnection(w)
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach Hijack and Flush underneath.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) recorded() int {
	switch {
	case w.dropped:
		return 0
	case w.status == 0:
		return http.StatusOK // net/http sends 200 for a handler that wrote nothing
	default:
		return w.status
	}
}
