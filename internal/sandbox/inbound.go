package sandbox

import (
	"encoding/json"
	"strconv"
	"time"
)

// A customer's message on the webhook. When a customer writes
// (CustomerReplies), WhatsApp posts their message to the business's webhook,
// the one its statuses go to (internal/whatsapp/API.md, "Webhooks and
// statuses"): Cloud as a WebhookPayload whose change value holds contacts
// and messages, signed; On-Premises as {"contacts": [...], "messages": [...]}.
// A receiver that keeps inbound messages (internal/receiver) then knows whose
// 24-hour window is open. The sandbox posts to each flavor's webhook that is
// set, with the statuses' retries; none set, nothing is posted.

// inboundText is what a sandbox customer writes.
const inboundText = "Hi! (a customer message from the sandbox)"

// deliverInbound posts the message the customer waID wrote at `at`.
func (s *Server) deliverInbound(waID string, at time.Time) {
	e := &s.statuses
	e.mu.Lock()
	ctx := e.ctx
	if ctx.Err() != nil {
		e.mu.Unlock()
		return // closing
	}
	e.wg.Add(1)
	e.mu.Unlock()
	go func() {
		defer e.wg.Done()
		for _, flavor := range []string{FlavorCloud, FlavorOnPremises} {
			url := s.hooks.urlFor(flavor)
			if url == "" {
				continue
			}
			body, err := json.Marshal(s.inboundPayload(flavor, waID, at))
			if err != nil {
				continue // plain strings and maps: cannot fail
			}
			_ = s.postWithRetry(ctx, url, flavor, body, func(int, error) {})
		}
	}()
}

// inboundPayload is the flavor's body for one text message from waID.
func (s *Server) inboundPayload(flavor, waID string, at time.Time) map[string]any {
	contacts := []any{map[string]any{"profile": map[string]string{"name": "Sandbox customer"}, "wa_id": waID}}
	message := map[string]any{
		"from":      waID,
		"timestamp": strconv.FormatInt(at.Unix(), 10),
		"type":      "text",
		"text":      map[string]string{"body": inboundText},
	}
	if flavor == FlavorOnPremises {
		message["id"] = newOnPremMessageID()
		return map[string]any{"contacts": contacts, "messages": []any{message}}
	}
	message["id"] = newCloudMessageID()
	return s.cloudEnvelope(map[string]any{"contacts": contacts, "messages": []any{message}})
}
