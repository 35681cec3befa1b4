package sandbox

import (
	"net/http"
	"strconv"
)

// The app's subscription to the business account (Meta's OpenAPI spec,
// /{Version}/{WABA-ID}/subscribed_apps): GET lists the subscribed apps, POST
// subscribes the token's app (optionally with the account-level callback
// override, checked with a verification challenge like the phone number's),
// DELETE unsubscribes it and drops the override. The sandbox's token belongs
// to the app Options.AppID.
//
// The sandbox delivers statuses whether or not the app is subscribed, so
// that a test needs no setup to see them; Meta sends nothing without it.

// SandboxAppName is the name the sandbox's app has in subscribed_apps.
const SandboxAppName = "WhatsApp Sandbox App"

// AppSubscribed reports whether the app is subscribed to the business account.
func (s *Server) AppSubscribed() bool {
	s.account.mu.Lock()
	defer s.account.mu.Unlock()
	return s.account.subscribed
}

// SetAppSubscribed changes the subscription out of band, as someone using
// the WhatsApp Manager would; unsubscribing drops the account's override.
func (s *Server) SetAppSubscribed(on bool) {
	s.account.mu.Lock()
	s.account.subscribed = on
	s.account.mu.Unlock()
	if !on {
		s.setAccountOverride("")
	}
}

func (s *Server) cloudListSubscribedApps(w http.ResponseWriter, r *http.Request) {
	if !s.cloudWABA(w, r) {
		return
	}
	data := []map[string]any{}
	if s.AppSubscribed() {
		app := map[string]any{"whatsapp_business_api_data": map[string]string{
			"id": s.opts.AppID, "name": SandboxAppName, "link": "https://www.facebook.com/games/?app_id=" + s.opts.AppID}}
		if uri := s.hooks.get().CloudAccountOverride; uri != "" {
			app["override_callback_uri"] = uri
		}
		data = append(data, app)
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": data})
}

func (s *Server) cloudSubscribeApp(w http.ResponseWriter, r *http.Request) {
	if !s.cloudWABA(w, r) {
		return
	}
	var req struct {
		URI         *string `json:"override_callback_uri"`
		VerifyToken *string `json:"verify_token"`
	}
	if !decodeCloudJSON(w, r, &req, `{} or {"override_callback_uri":"https://...","verify_token":"..."}`) {
		return
	}
	uri := ""
	if req.URI != nil {
		uri = *req.URI
	}
	switch {
	case uri != "" && !isCallbackURL(uri):
		writeCloudError(w, templateParamError("(#100) Param override_callback_uri must be a valid URL: "+strconv.Quote(uri)))
		return
	case uri != "" && (req.VerifyToken == nil || *req.VerifyToken == ""):
		writeCloudError(w, cloudError{Status: http.StatusBadRequest, Code: 100,
			Message: "(#100) The parameter verify_token is required.",
			Details: "an override_callback_uri needs the verify token the callback URL expects in hub.verify_token"})
		return
	case uri != "":
		if problem := verifyCallback(r.Context(), uri, *req.VerifyToken); problem != "" {
			writeCloudError(w, cloudError{Status: http.StatusBadRequest, Code: codeCallbackVerificationFailed,
				Message: "(#2200) Callback verification failed with the following errors: " + problem})
			return
		}
	}
	s.account.mu.Lock()
	s.account.subscribed = true
	s.account.mu.Unlock()
	// Subscribing without an override removes the one there was.
	s.setAccountOverride(uri)
	writeJSON(w, http.StatusOK, map[string]bool{"success": true})
}

func (s *Server) cloudUnsubscribeApp(w http.ResponseWriter, r *http.Request) {
	if !s.cloudWABA(w, r) {
		return
	}
	if !s.AppSubscribed() {
		writeCloudError(w, cloudError{Status: http.StatusNotFound, Code: 803, Type: "GraphMethodException",
			Message: "(#803) The app " + s.opts.AppID + " is not subscribed to this WhatsApp Business Account"})
		return
	}
	s.SetAppSubscribed(false)
	writeJSON(w, http.StatusOK, map[string]bool{"success": true})
}

func (s *Server) setAccountOverride(uri string) {
	s.hooks.mu.Lock()
	s.hooks.accountOverride = uri
	s.hooks.mu.Unlock()
}
