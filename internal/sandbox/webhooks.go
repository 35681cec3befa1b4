package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Where statuses go (internal/whatsapp/API.md, "Webhooks and statuses"):
//
//   - Cloud: the phone number's override (POST /{version}/{phone-number-id}
//     with webhook_configuration), else the business account's override
//     (subscribed_apps.go), else the app's callback URL, which lives in the
//     App Dashboard or is set with /{app-id}/subscriptions (here also
//     Options.WebhookURL or the control API).
//     Setting an override makes WhatsApp call it first with a verification
//     challenge; a URL that does not answer it is refused with error 2200.
//   - On-Premises: settings.application.webhooks.url (PATCH and GET
//     /v1/settings/application).
//
// The sandbox takes http:// URLs too, so a receiver on loopback works;
// Meta's Cloud API and most gateways want https.

type webhookConfig struct {
	mu       sync.Mutex
	appURL   string // Cloud: the app's callback URL
	override string // Cloud: the phone number's override_callback_uri
	// Cloud: the business account's override_callback_uri (subscribed_apps.go)
	accountOverride string
	onPremURL       string // On-Premises: webhooks.url
}

// WebhookSettings is where each flavor sends statuses now.
type WebhookSettings struct {
	CloudAppURL   string `json:"cloud_app_url"`  // the app's callback URL (App Dashboard)
	CloudOverride string `json:"cloud_override"` // the phone number's override_callback_uri
	// CloudAccountOverride is the business account's override_callback_uri.
	CloudAccountOverride string `json:"cloud_account_override,omitempty"`
	OnPremisesURL        string `json:"on_premises_url"` // settings.application.webhooks.url
}

func (h *webhookConfig) urlFor(flavor string) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	if flavor == FlavorOnPremises {
		return h.onPremURL
	}
	if h.override != "" {
		return h.override
	}
	if h.accountOverride != "" {
		return h.accountOverride
	}
	return h.appURL
}

func (h *webhookConfig) get() WebhookSettings {
	h.mu.Lock()
	defer h.mu.Unlock()
	return WebhookSettings{CloudAppURL: h.appURL, CloudOverride: h.override, CloudAccountOverride: h.accountOverride, OnPremisesURL: h.onPremURL}
}

func (h *webhookConfig) set(ws WebhookSettings) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.appURL, h.override, h.accountOverride, h.onPremURL = ws.CloudAppURL, ws.CloudOverride, ws.CloudAccountOverride, ws.OnPremisesURL
}

// Webhooks returns where each flavor sends statuses now.
func (s *Server) Webhooks() WebhookSettings { return s.hooks.get() }

// SetWebhooks changes the webhook settings out of band, as someone editing
// them in the App Dashboard or on the gateway would: no verification.
func (s *Server) SetWebhooks(ws WebhookSettings) { s.hooks.set(ws) }

// isCallbackURL: an absolute http(s) URL without a fragment.
func isCallbackURL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.Fragment == ""
}

// --- Cloud: the phone number's override ---

// codeCallbackVerificationFailed is Graph's error for a callback URL that did
// not answer the verification challenge.
const codeCallbackVerificationFailed = 2200

// cloudPostObject serves POST /{version}/{id}: on the phone number it updates
// the webhook override; Graph objects this sandbox does not keep get Graph's
// unknown-object answer.
func (s *Server) cloudPostObject(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if id != s.opts.PhoneNumberID {
		writeCloudError(w, cloudNoObject(r.Method, id))
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxJSONBody))
	var req struct {
		Config *struct {
			URI         *string `json:"override_callback_uri"`
			VerifyToken string  `json:"verify_token"`
		} `json:"webhook_configuration"`
	}
	if err == nil {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		err = dec.Decode(&req)
	}
	switch {
	case err != nil:
		writeCloudError(w, uploadError(100, "(#100) Invalid parameter",
			`send a JSON body like {"webhook_configuration":{"override_callback_uri":"https://...","verify_token":"..."}} `+
				"(this sandbox updates only webhook_configuration on a phone number): "+err.Error()))
		return
	case req.Config == nil || req.Config.URI == nil:
		writeCloudError(w, uploadError(100, "(#100) The parameter webhook_configuration[override_callback_uri] is required.",
			`send {"webhook_configuration":{"override_callback_uri":"https://...","verify_token":"..."}}; an empty URI removes the override`))
		return
	}
	uri := *req.Config.URI
	if uri == "" {
		s.hooks.mu.Lock()
		s.hooks.override = ""
		s.hooks.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]bool{"success": true})
		return
	}
	if !isCallbackURL(uri) {
		writeCloudError(w, uploadError(100, "(#100) Param webhook_configuration[override_callback_uri] must be a valid URL",
			strconv.Quote(uri)+" is not an absolute https:// URL"))
		return
	}
	if req.Config.VerifyToken == "" {
		writeCloudError(w, uploadError(100, "(#100) The parameter webhook_configuration[verify_token] is required.",
			"an override needs the verify token the callback URL expects in hub.verify_token"))
		return
	}
	if problem := verifyCallback(r.Context(), uri, req.Config.VerifyToken); problem != "" {
		// Graph's answer names what the callback did, never the verify token.
		writeCloudError(w, cloudError{Status: http.StatusBadRequest, Code: codeCallbackVerificationFailed, Type: "OAuthException",
			Message: "(#2200) Callback verification failed with the following errors: " + problem})
		return
	}
	s.hooks.mu.Lock()
	s.hooks.override = uri
	s.hooks.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]bool{"success": true})
}

// verifyCallback makes the challenge request WhatsApp makes before it uses a
// callback URL: GET with hub.mode=subscribe, hub.verify_token and
// hub.challenge; the URL must answer 200 with the challenge as the body. It
// returns what went wrong, or "".
func verifyCallback(ctx context.Context, uri, verifyToken string) string {
	challenge := strconv.FormatInt(time.Now().UnixNano()%1_000_000_000+1_000_000_000, 10)
	u, _ := url.Parse(uri) // isCallbackURL parsed it
	q := u.Query()
	q.Set("hub.mode", "subscribe")
	q.Set("hub.verify_token", verifyToken)
	q.Set("hub.challenge", challenge)
	u.RawQuery = q.Encode()
	ctx, cancel := context.WithTimeout(ctx, webhookTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return "the URL cannot be requested: " + err.Error()
	}
	req.Header.Set("User-Agent", "whatsapp-sandbox-webhooks/1.0")
	resp, err := webhookClient.Do(req)
	if err != nil {
		return "the callback could not be reached (" + strings.ReplaceAll(err.Error(), verifyToken, "[verify token]") + ")"
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
	switch {
	case resp.StatusCode != http.StatusOK:
		return fmt.Sprintf("HTTP Status Code = %d; HTTP Message = %s", resp.StatusCode, http.StatusText(resp.StatusCode))
	case strings.TrimSpace(string(got)) != challenge:
		return "HTTP Status Code = 200; the response did not match the hub.challenge value"
	}
	return ""
}

// webhookConfigurationField is the phone number's webhook_configuration as
// GET ?fields=webhook_configuration answers it: the URL at each level that
// has one.
func (s *Server) webhookConfigurationField() map[string]string {
	ws := s.hooks.get()
	out := map[string]string{}
	if ws.CloudOverride != "" {
		out["phone_number"] = ws.CloudOverride
	}
	if ws.CloudAccountOverride != "" {
		out["whatsapp_business_account"] = ws.CloudAccountOverride
	}
	if ws.CloudAppURL != "" {
		out["application"] = ws.CloudAppURL
	}
	return out
}

// --- On-Premises: settings.application.webhooks ---

// onPremMaxConcurrentRequests is the documented default of webhooks.max_concurrent_requests.
const onPremMaxConcurrentRequests = 6

func (s *Server) onPremGetApplicationSettings(w http.ResponseWriter, _ *http.Request) {
	ws := s.hooks.get()
	writeJSON(w, http.StatusOK, map[string]any{
		"settings": map[string]any{"application": map[string]any{
			"webhooks": map[string]any{"url": ws.OnPremisesURL, "max_concurrent_requests": onPremMaxConcurrentRequests},
		}},
		"meta": onPremMeta,
	})
}

func (s *Server) onPremPatchApplicationSettings(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxJSONBody))
	var req struct {
		Webhooks *struct {
			URL                   *string `json:"url"`
			MaxConcurrentRequests *int    `json:"max_concurrent_requests"`
		} `json:"webhooks"`
	}
	if err == nil {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		err = dec.Decode(&req)
	}
	switch {
	case err != nil:
		writeOnPremError(w, http.StatusBadRequest, codeRequestNotValid, "Request not valid",
			`send {"webhooks":{"url":"https://..."}} (this sandbox keeps only the webhooks settings): `+err.Error())
		return
	case req.Webhooks == nil || req.Webhooks.URL == nil:
		writeOnPremError(w, http.StatusBadRequest, codeMissingParameter, "Required parameter is missing",
			`webhooks.url is required; send {"webhooks":{"url":"https://..."}} (an empty URL turns webhooks off)`)
		return
	case *req.Webhooks.URL != "" && !isCallbackURL(*req.Webhooks.URL):
		writeOnPremError(w, http.StatusBadRequest, codeInvalidParameter, "Parameter value is not valid",
			"webhooks.url "+strconv.Quote(*req.Webhooks.URL)+" must be an absolute https:// URL")
		return
	}
	s.hooks.mu.Lock()
	s.hooks.onPremURL = *req.Webhooks.URL
	s.hooks.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"meta": onPremMeta})
}
