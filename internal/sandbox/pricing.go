package sandbox

import (
	"encoding/json"
	"strings"
)

// How a Cloud status says a message is billed, under Meta's per-message
// pricing (pricing_model PMP, since July 2025; internal/whatsapp/API.md,
// "What a status looks like"). A template message is priced in its
// template's category, and its conversation's origin is that category too;
// a utility template inside the customer service window and every free-form
// message (category service, which only reaches an open window) are free.

// StatusPricing is the pricing a Cloud status carries for its message.
type StatusPricing struct {
	Category string // marketing, utility, authentication or service
	Billable bool
	Type     string // regular, or free_customer_service
}

const (
	pricingRegular      = "regular"
	pricingFreeService  = "free_customer_service"
	pricingService      = "service"
	pricingUtility      = "utility"
	pricingModelPerSend = "PMP"
)

// pricingFor prices m when it is accepted: by the template's category at that
// moment, and the customer's window then.
func (s *Server) pricingFor(m ReceivedMessage) StatusPricing {
	free := StatusPricing{Category: pricingService, Type: pricingFreeService}
	if m.Type != "template" {
		return free
	}
	var body struct {
		Template struct {
			Name     string `json:"name"`
			Language struct {
				Code string `json:"code"`
			} `json:"language"`
		} `json:"template"`
	}
	if json.Unmarshal(m.Body, &body) != nil {
		return free
	}
	t, ok := s.templates.find(body.Template.Name, body.Template.Language.Code, s.st.now())
	if !ok {
		return free // not accepted: a failed status carries no pricing
	}
	category := strings.ToLower(t.Category)
	if category == pricingUtility && s.windowOpen(m.To) {
		return StatusPricing{Category: category, Type: pricingFreeService}
	}
	return StatusPricing{Category: category, Billable: true, Type: pricingRegular}
}

// windowOpen reports whether the customer wrote in the last 24 hours.
func (s *Server) windowOpen(to string) bool {
	t, ok := s.customers.lastWrote(waID(to))
	return ok && s.st.now().Before(t.Add(customerWindow))
}
