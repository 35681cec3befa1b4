package whatsapp_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// TestAppWebhookSendsTheAppTokenOnlyThere: the app's endpoint gets
// "Bearer {app-id}|{app-secret}" instead of the system user token, and an
// error answer that echoes the app token does not carry it into the error.
func TestAppWebhookSendsTheAppTokenOnlyThere(t *testing.T) {
	const secret = "app-secret-echoed"
	var auth []string
	api := newFakeAPI(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		auth = append(auth, r.Header.Get("Authorization"))
		writeJSON(w, http.StatusBadRequest, `{"error":{"message":"bad token 42|`+secret+`","type":"OAuthException","code":190,"fbtrace_id":"x"}}`)
	})
	cfg := fastConfig(whatsapp.Cloud, api.URL)
	cfg.AppID, cfg.BusinessAccountID = "42", "7"
	c := mustNew(t, cfg)
	err := c.SetAppWebhook(context.Background(), secret, "https://hooks.example.com/w", "tok", []string{"messages"})
	var ae *whatsapp.APIError
	if !errors.As(err, &ae) || strings.Contains(err.Error(), secret) {
		t.Fatalf("error %v: want an API error without the secret", err)
	}
	if _, err := c.SubscribedApps(context.Background()); err == nil {
		t.Fatal("want the scripted error")
	}
	if len(auth) != 2 || auth[0] != "Bearer 42|"+secret || auth[1] != "Bearer "+cfg.AccessToken {
		t.Fatalf("Authorization headers = %q", auth)
	}
	if _, err := c.AppWebhook(context.Background(), ""); err == nil || !strings.Contains(err.Error(), "app secret") {
		t.Fatalf("no secret: %v", err)
	}
}

// TestDownloadQRImageSendsNoToken: a QR image URL (Meta's CDN) gets no
// credentials, on the API's host or any other.
func TestDownloadQRImageSendsNoToken(t *testing.T) {
	var auth []string
	api := newFakeAPI(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		auth = append(auth, r.Header.Get("Authorization"))
		w.Header().Set("Content-Type", "image/svg+xml")
		_, _ = w.Write([]byte("<svg/>"))
	})
	c := mustNew(t, fastConfig(whatsapp.Cloud, api.URL))
	data, err := c.DownloadQRImage(context.Background(), api.URL+"/m1/v/t6/qr.svg?oe=1")
	if err != nil || string(data) != "<svg/>" {
		t.Fatalf("download: %q %v", data, err)
	}
	if len(auth) != 1 || auth[0] != "" {
		t.Fatalf("Authorization headers = %q, want none", auth)
	}
	if _, err := c.DownloadQRImage(context.Background(), "file:///etc/passwd"); err == nil {
		t.Fatal("a file: URL was fetched")
	}
}

// TestAccountCallsNeedTheCloudAPI: On-Premises has none of these endpoints;
// the client says so without a request.
func TestAccountCallsNeedTheCloudAPI(t *testing.T) {
	api := newFakeAPI(t, func(int, http.ResponseWriter, *http.Request) {})
	c := mustNew(t, fastConfig(whatsapp.OnPremises, api.URL))
	ctx := context.Background()
	for name, err := range map[string]error{
		"subscribe":  c.SubscribeApp(ctx, "", ""),
		"qr":         func() error { _, err := c.CreateQRCode(ctx, "hi", ""); return err }(),
		"automation": c.SetConversationalAutomation(ctx, whatsapp.ConversationalAutomation{}),
	} {
		if err == nil || !strings.Contains(err.Error(), "Cloud API only") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if n := api.hits.Load(); n != 0 {
		t.Fatalf("%d requests", n)
	}
}
