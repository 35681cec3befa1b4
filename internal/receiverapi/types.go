// Package receiverapi is the read API of the webhook receiver
// (internal/receiver): the JSON it answers and a small client for it. It is
// its own package so that a reader (the provider) does not link the
// receiver's databases.
package receiverapi

import "time"

// Status values in the order a message reaches them. Rank orders them:
// failed ranks highest because WhatsApp reports nothing after it.
const (
	StatusSent      = "sent"
	StatusDelivered = "delivered"
	StatusRead      = "read"
	StatusFailed    = "failed"
)

// Rank is the order of a status: 0 for a value WhatsApp does not document.
func Rank(status string) int {
	switch status {
	case StatusSent:
		return 1
	case StatusDelivered:
		return 2
	case StatusRead:
		return 3
	case StatusFailed:
		return 4
	}
	return 0
}

// Message is what the receiver knows of one sent message: its highest status
// and, when any status failed, the first failure reported.
type Message struct {
	MessageID   string `json:"message_id"`
	RecipientID string `json:"recipient_id"`
	// Status is the highest status received (Rank), Time when it happened
	// (WhatsApp's timestamp).
	Status string    `json:"status"`
	Time   time.Time `json:"time"`
	// StatusTimes holds WhatsApp's timestamp of each status received.
	StatusTimes  map[string]time.Time `json:"status_times"`
	CallbackData string               `json:"callback_data,omitempty"` // biz_opaque_callback_data (Cloud)
	Failure      *Failure             `json:"failure,omitempty"`
	Conversation *Conversation        `json:"conversation,omitempty"`
	Pricing      *Pricing             `json:"pricing,omitempty"`
	// Flavor is "cloud" or "on_premises": the endpoint the statuses came in on.
	Flavor string `json:"flavor"`
}

// Failure is the first failure reported for a message.
type Failure struct {
	Code    int    `json:"code"`
	Title   string `json:"title"`
	Details string `json:"details,omitempty"`
}

// Conversation is the conversation a Cloud status says the message opened or continued.
type Conversation struct {
	ID         string    `json:"id"`
	OriginType string    `json:"origin_type,omitempty"`
	Expires    time.Time `json:"expires,omitzero"`
}

// Pricing is how a Cloud status says the message is billed.
type Pricing struct {
	Billable     bool   `json:"billable"`
	PricingModel string `json:"pricing_model,omitempty"`
	Category     string `json:"category,omitempty"`
}

// StatusesPage answers GET /api/v1/statuses. Next is the cursor of the next
// page ("" when this is the last one): pass it as after=.
type StatusesPage struct {
	Messages []Message `json:"messages"`
	Next     string    `json:"next,omitempty"`
}

// Inbound is one message a customer sent to the business: who and when.
type Inbound struct {
	MessageID string    `json:"message_id"`
	WaID      string    `json:"wa_id"`
	Time      time.Time `json:"time"`
}

// InboundPage answers GET /api/v1/inbound, oldest first.
type InboundPage struct {
	Inbound []Inbound `json:"inbound"`
	Next    string    `json:"next,omitempty"`
}

// Error is the body of every answer that is not 200.
type Error struct {
	Error string `json:"error"`
}

// Paths of the read API.
const (
	PathStatuses = "/api/v1/statuses"
	PathInbound  = "/api/v1/inbound"
)

// Limits of one page.
const (
	DefaultLimit = 500
	MaxLimit     = 5000
	// MaxMessageIDs is how many message_id values one request may name.
	MaxMessageIDs = 1000
)
