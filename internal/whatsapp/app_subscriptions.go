package whatsapp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// The two switches that make any Cloud webhook fire (API.md, "Webhooks and
// statuses"): the app's subscription to the WhatsApp Business Account
// (/{waba-id}/subscribed_apps, with the system user's token), and the app's
// own webhook for the whatsapp_business_account object (/{app-id}/subscriptions,
// with an app access token "{app-id}|{app-secret}").

// SubscribedApp is one entry of GET /{waba-id}/subscribed_apps.
type SubscribedApp struct {
	AppID               string
	Name                string
	OverrideCallbackURI string // the account-level callback override, "" when none
}

type subscribedAppsReply struct {
	Data []struct {
		App struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"whatsapp_business_api_data"`
		OverrideCallbackURI string `json:"override_callback_uri"`
	} `json:"data"`
}

func (c *Client) accountCheck(what string, needApp bool) error {
	switch {
	case c.cfg.Flavor != Cloud:
		return fmt.Errorf("%s exists on the Cloud API only", what)
	case c.cfg.BusinessAccountID == "" && !needApp:
		return fmt.Errorf("%s needs the WhatsApp Business Account ID", what)
	case needApp && c.cfg.AppID == "":
		return fmt.Errorf("%s needs the app ID", what)
	}
	return nil
}

// SubscribedApps lists the apps subscribed to the business account.
func (c *Client) SubscribedApps(ctx context.Context) ([]SubscribedApp, error) {
	if err := c.accountCheck("the app subscription", false); err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, &call{method: http.MethodGet, url: c.cloudURL(c.cfg.BusinessAccountID, "subscribed_apps"), idempotent: true})
	if err != nil {
		return nil, fmt.Errorf("list subscribed apps: %w", err)
	}
	defer resp.Body.Close()
	var reply subscribedAppsReply
	if err := decodeJSON(resp, &reply); err != nil {
		return nil, fmt.Errorf("list subscribed apps: unreadable reply: %w", err)
	}
	apps := make([]SubscribedApp, 0, len(reply.Data))
	for _, d := range reply.Data {
		apps = append(apps, SubscribedApp{AppID: d.App.ID, Name: d.App.Name, OverrideCallbackURI: d.OverrideCallbackURI})
	}
	return apps, nil
}

// SubscribeApp subscribes the token's app to the business account, with the
// account-level callback override when overrideURI is set (Meta then checks
// it with verifyToken first, error 2200 when it fails). Subscribing again
// replaces the override; an empty overrideURI sends {} and leaves none.
func (c *Client) SubscribeApp(ctx context.Context, overrideURI, verifyToken string) error {
	if err := c.accountCheck("the app subscription", false); err != nil {
		return err
	}
	body := map[string]string{}
	if overrideURI != "" {
		body["override_callback_uri"] = overrideURI
		body["verify_token"] = verifyToken
	}
	data, err := json.Marshal(body)
	if err != nil {
		return err
	}
	// Subscribing twice leaves the same subscription, so it is retried like a GET.
	resp, err := c.do(ctx, &call{method: http.MethodPost, url: c.cloudURL(c.cfg.BusinessAccountID, "subscribed_apps"),
		contentType: "application/json", body: data, idempotent: true})
	if err != nil {
		return fmt.Errorf("subscribe the app to the business account: %w", err)
	}
	drainClose(resp)
	return nil
}

// UnsubscribeApp removes the token's app from the business account, and with
// it the account-level override; not subscribed is not an error.
func (c *Client) UnsubscribeApp(ctx context.Context) error {
	if err := c.accountCheck("the app subscription", false); err != nil {
		return err
	}
	resp, err := c.do(ctx, &call{method: http.MethodDelete, url: c.cloudURL(c.cfg.BusinessAccountID, "subscribed_apps"), idempotent: true})
	if err != nil {
		if IsNotFound(err) {
			return nil
		}
		return fmt.Errorf("unsubscribe the app from the business account: %w", err)
	}
	drainClose(resp)
	return nil
}

// AppWebhookObject is the Graph object whose webhook carries WhatsApp's
// messages and statuses.
const AppWebhookObject = "whatsapp_business_account"

// AppWebhook is the app's webhook for AppWebhookObject.
type AppWebhook struct {
	CallbackURL string
	Fields      []string
	Active      bool
}

type appSubscriptionsReply struct {
	Data []struct {
		Object      string `json:"object"`
		CallbackURL string `json:"callback_url"`
		Active      bool   `json:"active"`
		Fields      []struct {
			Name string `json:"name"`
		} `json:"fields"`
	} `json:"data"`
}

func (c *Client) appToken(appSecret string) (string, error) {
	if err := c.accountCheck("the app's webhook", true); err != nil {
		return "", err
	}
	if appSecret == "" {
		return "", errors.New("the app's webhook needs the app secret (an app access token is {app-id}|{app-secret})")
	}
	return c.cfg.AppID + "|" + appSecret, nil
}

// AppWebhook reads the app's webhook for AppWebhookObject; the error wraps
// ErrNotFound when the app has none.
func (c *Client) AppWebhook(ctx context.Context, appSecret string) (*AppWebhook, error) {
	tok, err := c.appToken(appSecret)
	if err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, &call{method: http.MethodGet, url: c.cloudURL(c.cfg.AppID, "subscriptions"), idempotent: true, appToken: tok})
	if err != nil {
		return nil, fmt.Errorf("read the app's webhook subscriptions: %w", err)
	}
	defer resp.Body.Close()
	var reply appSubscriptionsReply
	if err := decodeJSON(resp, &reply); err != nil {
		return nil, fmt.Errorf("read the app's webhook subscriptions: unreadable reply: %w", err)
	}
	for _, d := range reply.Data {
		if d.Object != AppWebhookObject {
			continue
		}
		w := &AppWebhook{CallbackURL: d.CallbackURL, Active: d.Active, Fields: []string{}}
		for _, f := range d.Fields {
			w.Fields = append(w.Fields, f.Name)
		}
		return w, nil
	}
	return nil, fmt.Errorf("the app's webhook for %s: %w", AppWebhookObject, ErrNotFound)
}

// SetAppWebhook sets the app's webhook for AppWebhookObject: its callback URL
// (Meta checks it with verifyToken first, error 2200 when it fails) and the
// fields it receives, e.g. "messages" (which carries statuses too).
func (c *Client) SetAppWebhook(ctx context.Context, appSecret, callbackURL, verifyToken string, fields []string) error {
	tok, err := c.appToken(appSecret)
	if err != nil {
		return err
	}
	data, err := json.Marshal(map[string]any{"object": AppWebhookObject, "callback_url": callbackURL,
		"verify_token": verifyToken, "fields": fields})
	if err != nil {
		return err
	}
	resp, err := c.do(ctx, &call{method: http.MethodPost, url: c.cloudURL(c.cfg.AppID, "subscriptions"),
		contentType: "application/json", body: data, idempotent: true, appToken: tok})
	if err != nil {
		return fmt.Errorf("set the app's webhook to %q: %w", callbackURL, err)
	}
	drainClose(resp)
	return nil
}

// DeleteAppWebhook removes fields from the app's webhook for
// AppWebhookObject, or, with no fields, the whole webhook; none is not an error.
func (c *Client) DeleteAppWebhook(ctx context.Context, appSecret string, fields ...string) error {
	tok, err := c.appToken(appSecret)
	if err != nil {
		return err
	}
	q := url.Values{"object": {AppWebhookObject}}
	if len(fields) > 0 {
		q.Set("fields", strings.Join(fields, ","))
	}
	u := c.cloudURL(c.cfg.AppID, "subscriptions") + "?" + q.Encode()
	resp, err := c.do(ctx, &call{method: http.MethodDelete, url: u, idempotent: true, appToken: tok})
	if err != nil {
		if IsNotFound(err) {
			return nil
		}
		return fmt.Errorf("remove the app's webhook: %w", err)
	}
	drainClose(resp)
	return nil
}
