package whatsapp_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// challengeAnswerer answers Meta's verification challenge when the verify
// token is token, and refuses it otherwise.
func challengeAnswerer(t *testing.T, token string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if r.Method != http.MethodGet || q.Get("hub.verify_token") != token {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		_, _ = io.WriteString(w, q.Get("hub.challenge"))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestWebhookCloudSetReadClear(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{WebhookURL: "https://app.example.com/hook"})
	c := sandboxClient(t, sb, whatsapp.Cloud, nil)
	ctx := context.Background()
	hook := challengeAnswerer(t, "tok")

	err := c.SetWebhook(ctx, hook.URL+"/wa", "not-tok")
	if !whatsapp.IsCallbackVerificationFailed(err) {
		t.Fatalf("a refused challenge gave %v, want error 2200", err)
	}
	if err := c.SetWebhook(ctx, hook.URL+"/wa", "tok"); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetWebhook(ctx)
	if err != nil || got.URL != hook.URL+"/wa" || got.AppURL != "https://app.example.com/hook" {
		t.Fatalf("GetWebhook = %+v, %v", got, err)
	}
	if err := c.SetWebhook(ctx, "", ""); err != nil {
		t.Fatal(err)
	}
	if got, err := c.GetWebhook(ctx); err != nil || got.URL != "" {
		t.Fatalf("after clearing: %+v, %v", got, err)
	}
}

func TestWebhookOnPremisesSetRead(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	c := sandboxClient(t, sb, whatsapp.OnPremises, nil)
	ctx := context.Background()
	if err := c.SetWebhook(ctx, "https://hooks.example.com/wa", "tok"); err == nil || countRequests(sb, "PATCH", "/settings/application") != 0 {
		t.Fatalf("a verify token on On-Premises gave %v and reached the API; want an error before any request", err)
	}
	if err := c.SetWebhook(ctx, "https://hooks.example.com/wa", ""); err != nil {
		t.Fatal(err)
	}
	if got, err := c.GetWebhook(ctx); err != nil || got.URL != "https://hooks.example.com/wa" {
		t.Fatalf("GetWebhook = %+v, %v", got, err)
	}
}

func TestCallbackDataIsSentOnCloudOnly(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	ctx := context.Background()
	msg := whatsapp.MediaMessage{To: "16315551001", Type: "image", Link: "https://example.com/a.png", CallbackData: "order-42"}
	if _, err := sandboxClient(t, sb, whatsapp.OnPremises, nil).SendMediaMessage(ctx, msg); err == nil || len(sb.Messages()) != 0 {
		t.Fatalf("callback data on On-Premises: %v, %d messages; want an error and nothing sent", err, len(sb.Messages()))
	}
	if _, err := sandboxClient(t, sb, whatsapp.Cloud, nil).SendMediaMessage(ctx, msg); err != nil {
		t.Fatal(err)
	}
	if body := string(sb.Messages()[0].Body); !strings.Contains(body, `"biz_opaque_callback_data":"order-42"`) {
		t.Fatalf("the body %s lacks biz_opaque_callback_data", body)
	}
}
