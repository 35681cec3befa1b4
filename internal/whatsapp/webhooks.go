package whatsapp

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
)

// Webhook is where WhatsApp sends statuses and inbound messages
// (API.md, "Webhooks and statuses").
type Webhook struct {
	// URL is the setting this client manages: on Cloud the phone number's
	// override_callback_uri, on On-Premises settings.application.webhooks.url.
	// Empty when none is set.
	URL string
	// Cloud only, as far as the API tells: the URLs statuses fall back to
	// when the phone number has no override.
	WABAURL string
	AppURL  string
}

type cloudWebhookReply struct {
	WebhookConfiguration struct {
		PhoneNumber string `json:"phone_number"`
		WABA        string `json:"whatsapp_business_account"`
		Application string `json:"application"`
	} `json:"webhook_configuration"`
}

type onPremSettingsReply struct {
	Settings *struct {
		Application *struct {
			Webhooks *struct {
				URL string `json:"url"`
			} `json:"webhooks"`
		} `json:"application"`
	} `json:"settings"`
}

// GetWebhook reads the webhook setting: Cloud GET
// /{version}/{phone-number-id}?fields=webhook_configuration, On-Premises GET
// /v1/settings/application.
func (c *Client) GetWebhook(ctx context.Context) (*Webhook, error) {
	if c.cfg.Flavor == Cloud {
		u := c.cloudURL(c.cfg.PhoneNumberID) + "?" + url.Values{"fields": {"webhook_configuration"}}.Encode()
		resp, err := c.do(ctx, &call{method: http.MethodGet, url: u, idempotent: true})
		if err != nil {
			return nil, fmt.Errorf("get webhook configuration: %w", err)
		}
		defer resp.Body.Close()
		var reply cloudWebhookReply
		if err := decodeJSON(resp, &reply); err != nil {
			return nil, fmt.Errorf("get webhook configuration: unreadable reply: %w", err)
		}
		wc := reply.WebhookConfiguration
		return &Webhook{URL: wc.PhoneNumber, WABAURL: wc.WABA, AppURL: wc.Application}, nil
	}
	resp, err := c.do(ctx, &call{method: http.MethodGet, url: c.onPremURL("settings", "application"), idempotent: true})
	if err != nil {
		return nil, fmt.Errorf("get application settings: %w", err)
	}
	defer resp.Body.Close()
	var reply onPremSettingsReply
	if err := decodeJSON(resp, &reply); err != nil {
		return nil, fmt.Errorf("get application settings: unreadable reply: %w", err)
	}
	w := &Webhook{}
	if s := reply.Settings; s != nil && s.Application != nil && s.Application.Webhooks != nil {
		w.URL = s.Application.Webhooks.URL
	}
	return w, nil
}

// SetWebhook points the webhook at callbackURL; an empty callbackURL removes
// the Cloud override (statuses then go to the WABA's or the app's URL) or
// turns On-Premises webhooks off.
//
// Cloud: POST /{version}/{phone-number-id} with webhook_configuration. Meta
// first calls the URL with a verification challenge carrying verifyToken, and
// refuses the setting with error 2200 (IsCallbackVerificationFailed) when the
// URL does not answer it. On-Premises: PATCH /v1/settings/application with
// webhooks.url; it has no verify token, so verifyToken must be empty.
func (c *Client) SetWebhook(ctx context.Context, callbackURL, verifyToken string) error {
	var (
		method, u string
		body      any
	)
	if c.cfg.Flavor == Cloud {
		cfg := map[string]string{"override_callback_uri": callbackURL}
		if verifyToken != "" {
			cfg["verify_token"] = verifyToken
		}
		method, u, body = http.MethodPost, c.cloudURL(c.cfg.PhoneNumberID), map[string]any{"webhook_configuration": cfg}
	} else {
		if verifyToken != "" {
			return fmt.Errorf("set webhook: the On-Premises API has no verify token; leave it empty")
		}
		method, u, body = http.MethodPatch, c.onPremURL("settings", "application"), map[string]any{"webhooks": map[string]string{"url": callbackURL}}
	}
	data, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("set webhook: %w", err)
	}
	// Setting the same URL twice leaves the same setting, so it is retried like a GET.
	resp, err := c.do(ctx, &call{method: method, url: u, contentType: "application/json", body: data, idempotent: true})
	if err != nil {
		return fmt.Errorf("set webhook to %q: %w", callbackURL, err)
	}
	drainClose(resp)
	return nil
}
