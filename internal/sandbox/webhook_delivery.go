package sandbox

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/cenkalti/backoff/v5"
)

// Delivering statuses to the webhook, in each flavor's payload shape
// (internal/whatsapp/API.md, "Webhooks and statuses"). Cloud signs each body
// with the app secret; a receiver that does not answer 2xx is asked again
// with backoff, a bounded number of times within a bounded time (WhatsApp
// itself keeps trying for days; a sandbox run does not last that long).

// SignatureHeader carries the Cloud payload's signature:
// "sha256=" and the hex HMAC-SHA256 of the raw body, keyed with the app secret.
const SignatureHeader = "X-Hub-Signature-256"

// WebhookRetry bounds the delivery of one status. Zero values get the defaults.
type WebhookRetry struct {
	MaxAttempts int           // POSTs at most, default 5
	MaxElapsed  time.Duration // give up after, default 30s
	MinBackoff  time.Duration // first wait, default 200ms; it doubles with jitter
}

// DefaultWebhookRetry is what a zero WebhookRetry means.
var DefaultWebhookRetry = WebhookRetry{MaxAttempts: 5, MaxElapsed: 30 * time.Second, MinBackoff: 200 * time.Millisecond}

func (r WebhookRetry) withDefaults() WebhookRetry {
	if r.MaxAttempts <= 0 {
		r.MaxAttempts = DefaultWebhookRetry.MaxAttempts
	}
	if r.MaxElapsed <= 0 {
		r.MaxElapsed = DefaultWebhookRetry.MaxElapsed
	}
	if r.MinBackoff <= 0 {
		r.MinBackoff = DefaultWebhookRetry.MinBackoff
	}
	return r
}

// webhookTimeout bounds one POST to the receiver.
const webhookTimeout = 10 * time.Second

var webhookClient = &http.Client{Timeout: webhookTimeout}

// Sign returns the X-Hub-Signature-256 value of body under secret, as a
// receiver recomputes it to check a Cloud payload.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// deliverStatus records ev and posts it to the flavor's webhook.
func (s *Server) deliverStatus(ctx context.Context, ev StatusEvent) {
	ev.WebhookURL = s.hooks.urlFor(ev.Flavor)
	i := s.st.addStatus(ev)
	if ev.WebhookURL == "" {
		s.st.updateDelivery(i, func(e *StatusEvent) {
			e.LastError = "no webhook configured for the " + flavorName(ev.Flavor == FlavorCloud)
		}, true)
		return
	}
	body, err := s.statusPayload(ev)
	if err != nil {
		s.st.updateDelivery(i, func(e *StatusEvent) { e.LastError = "encode the payload: " + err.Error() }, true)
		return
	}
	err = s.postWithRetry(ctx, ev.WebhookURL, ev.Flavor, body, func(status int, err error) {
		s.st.updateDelivery(i, func(e *StatusEvent) {
			e.Attempts++
			e.LastStatus = status
			e.LastError = ""
			if err != nil {
				e.LastError = err.Error()
			}
		}, false)
	})
	s.st.updateDelivery(i, func(e *StatusEvent) { e.Delivered = err == nil }, true)
}

// postWithRetry posts body to url, asking again with backoff within
// WebhookRetry's bounds until a 2xx; attempt hears of each POST.
func (s *Server) postWithRetry(ctx context.Context, url, flavor string, body []byte, attempt func(status int, err error)) error {
	retry := s.opts.WebhookRetry.withDefaults()
	bo := backoff.NewExponentialBackOff()
	bo.InitialInterval = retry.MinBackoff
	post := func() (int, error) {
		status, err := s.post(ctx, url, flavor, body)
		attempt(status, err)
		return status, err
	}
	_, err := backoff.Retry(ctx, post, backoff.WithBackOff(bo),
		backoff.WithMaxTries(uint(retry.MaxAttempts)), backoff.WithMaxElapsedTime(retry.MaxElapsed))
	return err
}

// post makes one POST of a flavor's payload (Cloud's signed); any answer but
// 2xx is an error to retry.
func (s *Server) post(ctx context.Context, url, flavor string, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, backoff.Permanent(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "whatsapp-sandbox-webhooks/1.0")
	if flavor == FlavorCloud {
		req.Header.Set(SignatureHeader, Sign(s.opts.AppSecret, body))
	}
	resp, err := webhookClient.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return 0, backoff.Permanent(ctx.Err())
		}
		return 0, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("the webhook answered HTTP %d", resp.StatusCode)
	}
	return resp.StatusCode, nil
}

// statusPayload is the body WhatsApp posts for one status, in the flavor's shape.
func (s *Server) statusPayload(ev StatusEvent) ([]byte, error) {
	if ev.Flavor == FlavorOnPremises {
		return json.Marshal(map[string]any{"statuses": []any{onPremStatus(ev)}})
	}
	return json.Marshal(s.cloudPayload(ev))
}

// statusError is one entry of a status's "errors".
type statusError struct {
	Code      int    `json:"code"`
	Title     string `json:"title"`
	Message   string `json:"message,omitempty"`
	ErrorData *struct {
		Details string `json:"details"`
	} `json:"error_data,omitempty"`
}

func onPremStatus(ev StatusEvent) map[string]any {
	st := map[string]any{
		"id":           ev.MessageID,
		"recipient_id": ev.RecipientID,
		"status":       ev.Status,
		"timestamp":    strconv.FormatInt(ev.Time.Unix(), 10),
	}
	if ev.Failure != nil {
		st["errors"] = []statusError{{Code: ev.Failure.Code, Title: ev.Failure.Title}}
	}
	return st
}

// cloudPayload is the spec's WebhookPayload holding one status.
func (s *Server) cloudPayload(ev StatusEvent) map[string]any {
	st := map[string]any{
		"id":           ev.MessageID,
		"status":       ev.Status,
		"timestamp":    strconv.FormatInt(ev.Time.Unix(), 10),
		"recipient_id": ev.RecipientID,
	}
	if ev.Failure != nil {
		se := statusError{Code: ev.Failure.Code, Title: ev.Failure.Title, Message: ev.Failure.Title}
		if ev.Failure.Details != "" {
			se.ErrorData = &struct {
				Details string `json:"details"`
			}{ev.Failure.Details}
		}
		st["errors"] = []statusError{se}
	} else {
		// A message that reaches its recipient opens (or continues) a
		// conversation, and is priced: a template message in its template's
		// category (pricing.go).
		p := ev.Pricing
		st["conversation"] = map[string]any{
			"id":                   conversationID(ev.RecipientID),
			"expiration_timestamp": strconv.FormatInt(ev.Time.Add(24*time.Hour).Unix(), 10),
			"origin":               map[string]string{"type": p.Category},
		}
		st["pricing"] = map[string]any{"billable": p.Billable, "pricing_model": pricingModelPerSend, "category": p.Category, "type": p.Type}
	}
	if ev.CallbackData != "" {
		st["biz_opaque_callback_data"] = ev.CallbackData
	}
	return s.cloudEnvelope(map[string]any{"statuses": []any{st}})
}

// cloudEnvelope is the spec's WebhookPayload around one change's value of
// the messages field (statuses, or a customer's messages), with the
// business number's metadata.
func (s *Server) cloudEnvelope(value map[string]any) map[string]any {
	value["messaging_product"] = "whatsapp"
	value["metadata"] = map[string]string{
		"display_phone_number": waID(s.phone.get().DisplayPhoneNumber),
		"phone_number_id":      s.opts.PhoneNumberID,
	}
	return map[string]any{
		"object": "whatsapp_business_account",
		"entry": []any{map[string]any{
			"id":      s.opts.WABAID,
			"changes": []any{map[string]any{"field": "messages", "value": value}},
		}},
	}
}

// conversationID is stable per recipient, as a conversation lasts 24 hours.
func conversationID(recipient string) string {
	sum := sha256.Sum256([]byte("conversation:" + recipient))
	return hex.EncodeToString(sum[:16])
}
