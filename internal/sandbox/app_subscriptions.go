package sandbox

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// The app's webhook (Graph /{app-id}/subscriptions): which objects and fields
// Meta calls the app's callback URL for. It takes only an app access token,
// "{app-id}|{app-secret}" (the sandbox's secret is Options.AppSecret, which
// also signs payloads). For the whatsapp_business_account object, POST sets
// the callback URL (checked with a verification challenge) and adds fields;
// DELETE with fields removes those fields, without fields the whole object.
// The callback URL is the one statuses fall back to (webhooks.go).

// wabaWebhookFields are the whatsapp_business_account fields an app can
// subscribe to (Meta's webhook reference); "messages" carries messages and
// their statuses.
var wabaWebhookFields = []string{
	"account_alerts", "account_review_update", "account_update", "business_capability_update",
	"calls", "flows", "history", "message_echoes", "message_template_components_update",
	"message_template_quality_update", "message_template_status_update", "messages",
	"messaging_handovers", "partner_solutions", "payment_configuration_update",
	"phone_number_name_update", "phone_number_quality_update", "security", "smb_app_state_sync",
	"smb_message_echoes", "template_category_update", "user_preferences",
}

// AppWebhookFields is the app's fields for whatsapp_business_account, sorted.
func (s *Server) AppWebhookFields() []string {
	s.account.mu.Lock()
	defer s.account.mu.Unlock()
	return slices.Clone(s.account.appFields)
}

// SetAppWebhookFields changes the app's fields out of band, as someone using
// the App Dashboard would.
func (s *Server) SetAppWebhookFields(fields []string) {
	s.account.mu.Lock()
	defer s.account.mu.Unlock()
	s.account.appFields = slices.Sorted(slices.Values(fields))
}

// cloudAppAuth checks the app access token and the app ID in the path.
func (s *Server) cloudAppAuth(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		version, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
		tok, ok := bearerToken(r)
		switch {
		case !versionRE.MatchString(version):
			cloudUnknownPath(w, r)
		case !ok:
			writeCloudError(w, cloudInvalidToken())
		case equalSecret(tok, s.opts.AccessToken):
			writeCloudError(w, cloudError{Status: http.StatusBadRequest, Code: 15,
				Message: "(#15) This method must be called with an app access_token.",
				Details: "send Authorization: Bearer {app-id}|{app-secret} (the app's ID and secret from the App Dashboard)"})
		case !equalSecret(tok, s.opts.AppID+"|"+s.opts.AppSecret):
			writeCloudError(w, cloudInvalidToken())
		case r.PathValue("app") != s.opts.AppID:
			writeCloudError(w, cloudNoObject(r.Method, r.PathValue("app")))
		default:
			h(w, r)
		}
	}
}

func (s *Server) cloudGetAppSubscriptions(w http.ResponseWriter, _ *http.Request) {
	url := s.hooks.get().CloudAppURL
	fields := s.AppWebhookFields()
	data := []map[string]any{}
	if url != "" || len(fields) > 0 {
		list := make([]map[string]string, 0, len(fields))
		for _, f := range fields {
			list = append(list, map[string]string{"name": f, "version": "v23.0"})
		}
		data = append(data, map[string]any{"object": "whatsapp_business_account", "callback_url": url, "active": true, "fields": list})
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": data})
}

// fieldList takes fields as a JSON array or a comma-separated string, as
// Graph does.
type fieldList []string

func (f *fieldList) UnmarshalJSON(b []byte) error {
	var list []string
	if err := json.Unmarshal(b, &list); err == nil {
		*f = list
		return nil
	}
	var one string
	if err := json.Unmarshal(b, &one); err != nil {
		return err
	}
	*f = nil
	for _, p := range strings.Split(one, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*f = append(*f, p)
		}
	}
	return nil
}

func (s *Server) cloudPostAppSubscription(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Object        string    `json:"object"`
		CallbackURL   string    `json:"callback_url"`
		VerifyToken   string    `json:"verify_token"`
		Fields        fieldList `json:"fields"`
		IncludeValues *bool     `json:"include_values"`
	}
	if !decodeCloudJSON(w, r, &req, `{"object":"whatsapp_business_account","callback_url":"https://...","verify_token":"...","fields":["messages"]}`) {
		return
	}
	fail := func(msg, details string) {
		writeCloudError(w, cloudError{Status: http.StatusBadRequest, Code: 100, Message: msg, Details: details})
	}
	switch {
	case req.Object != "whatsapp_business_account":
		fail("(#100) Param object must be one of {whatsapp_business_account}", "this sandbox keeps only the WhatsApp object; got "+strconv.Quote(req.Object))
		return
	case !isCallbackURL(req.CallbackURL):
		fail("(#100) Param callback_url must be a valid URL", strconv.Quote(req.CallbackURL)+" is not an absolute https:// URL")
		return
	case req.VerifyToken == "":
		fail("(#100) The parameter verify_token is required.", "Meta calls callback_url with hub.verify_token first")
		return
	case len(req.Fields) == 0:
		fail("(#100) The parameter fields is required.", `name the fields to receive, e.g. ["messages"]`)
		return
	}
	for _, f := range req.Fields {
		if !slices.Contains(wabaWebhookFields, f) {
			fail("(#100) Param fields["+strconv.Quote(f)+"] is not a valid whatsapp_business_account field",
				"valid fields: "+strings.Join(wabaWebhookFields, ", "))
			return
		}
	}
	if problem := verifyCallback(r.Context(), req.CallbackURL, req.VerifyToken); problem != "" {
		writeCloudError(w, cloudError{Status: http.StatusBadRequest, Code: codeCallbackVerificationFailed,
			Message: "(#2200) Callback verification failed with the following errors: " + problem})
		return
	}
	s.hooks.mu.Lock()
	s.hooks.appURL = req.CallbackURL
	s.hooks.mu.Unlock()
	// Graph adds the fields to those the object already has.
	s.account.mu.Lock()
	for _, f := range req.Fields {
		if !slices.Contains(s.account.appFields, f) {
			s.account.appFields = append(s.account.appFields, f)
		}
	}
	slices.Sort(s.account.appFields)
	s.account.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]bool{"success": true})
}

func (s *Server) cloudDeleteAppSubscription(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if obj := q.Get("object"); obj != "" && obj != "whatsapp_business_account" {
		writeCloudError(w, cloudError{Status: http.StatusBadRequest, Code: 100,
			Message: "(#100) Param object must be one of {whatsapp_business_account}"})
		return
	}
	var fields fieldList
	if raw := q.Get("fields"); raw != "" {
		_ = fields.UnmarshalJSON([]byte(strconv.Quote(raw)))
	}
	s.account.mu.Lock()
	if len(fields) == 0 {
		s.account.appFields = nil
	} else {
		s.account.appFields = slices.DeleteFunc(s.account.appFields, func(f string) bool { return slices.Contains(fields, f) })
	}
	none := len(s.account.appFields) == 0
	s.account.mu.Unlock()
	if none {
		s.hooks.mu.Lock()
		s.hooks.appURL = ""
		s.hooks.mu.Unlock()
	}
	writeJSON(w, http.StatusOK, map[string]bool{"success": true})
}
