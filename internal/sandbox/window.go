package sandbox

import (
	"net/http"
	"sort"
	"sync"
	"time"
)

// The customer service window (internal/whatsapp/API.md, "The 24-hour
// window"): a business may send a free-form message (every media message) to
// a customer only within 24 hours of that customer's last message to it.
// Outside the window WhatsApp still answers the send with a message ID, and
// the failure comes later, as a "failed" status. The sandbox does the same:
// the send is accepted and the message is marked failed when it is accepted,
// so everything that shows messages (the inbox, GET /_sandbox/state, -show)
// and anything that reports statuses can tell the truth. Template messages
// are the way to reach a customer outside the window and never fail for it.

// customerWindow is how long a customer's message opens the window.
const customerWindow = 24 * time.Hour

// The "Re-engagement message" failure, per flavor: Cloud reports 131047,
// On-Premises 470.
const (
	codeReengagementCloud  = 131047
	codeReengagementOnPrem = 470
	titleReengagement      = "Re-engagement message"
)

// customers holds, per customer (by wa_id, the number's digits), when the
// customer last wrote to the business, on the sandbox's clock. It has its own
// lock: a customer writing must not wait on uploads.
type customers struct {
	mu    sync.Mutex
	wrote map[string]time.Time
}

func (c *customers) reply(waID string, at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.wrote == nil {
		c.wrote = map[string]time.Time{}
	}
	c.wrote[waID] = at
}

// lastWrote is when the customer last wrote, and whether they ever did.
func (c *customers) lastWrote(waID string) (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.wrote[waID]
	return t, ok
}

func (c *customers) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.wrote = nil
}

// CustomerWindow is one customer's service window as the sandbox sees it.
type CustomerWindow struct {
	WaID      string
	LastWrote time.Time // on the sandbox's clock
	OpenUntil time.Time
	Open      bool
}

func (c *customers) list(now time.Time) []CustomerWindow {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]CustomerWindow, 0, len(c.wrote))
	for id, t := range c.wrote {
		until := t.Add(customerWindow)
		out = append(out, CustomerWindow{WaID: id, LastWrote: t, OpenUntil: until, Open: now.Before(until)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].WaID < out[j].WaID })
	return out
}

// CustomerReplies records that the customer with this phone number or wa_id
// wrote to the business now (on the sandbox's clock), which opens their
// 24-hour window, and posts their message to the webhooks (inbound.go). It
// returns the customer's window.
func (s *Server) CustomerReplies(to string) CustomerWindow {
	id, now := waID(to), s.st.now()
	s.customers.reply(id, now)
	s.deliverInbound(id, now)
	return CustomerWindow{WaID: id, LastWrote: now, OpenUntil: now.Add(customerWindow), Open: true}
}

// CustomerWindows lists every customer who ever wrote, by wa_id.
func (s *Server) CustomerWindows() []CustomerWindow { return s.customers.list(s.st.now()) }

// windowFailure decides, when a message is accepted, whether WhatsApp would
// fail it for the window: a free-form message to a customer who has not
// written in the last 24 hours fails; a template message never does. A
// recipient the world lists as not on WhatsApp has no conversation to be
// outside of: statuses.go fails that message with 131026 instead.
func (s *Server) windowFailure(m ReceivedMessage) *Failure {
	if m.Type == "template" || s.statuses.notOnWhatsApp(m.To) {
		return nil
	}
	if s.windowOpen(m.To) { // pricing.go
		return nil
	}
	code := codeReengagementCloud
	if m.Flavor == FlavorOnPremises {
		code = codeReengagementOnPrem
	}
	return &Failure{Code: code, Title: titleReengagement,
		Details: "Message failed to send because more than 24 hours have passed since the customer last replied " +
			"to this number; send a template message instead (in the sandbox: POST /_sandbox/customers/" + waID(m.To) +
			"/reply opens the window)"}
}

// controlCustomerReply serves POST /_sandbox/customers/{wa_id}/reply: the
// customer writes to the business, and their window opens for 24 hours.
func (s *Server) controlCustomerReply(w http.ResponseWriter, r *http.Request) {
	to := r.PathValue("wa_id")
	if !toRE.MatchString(to) || waID(to) == "" {
		controlError(w, http.StatusBadRequest, "the customer "+quoteOrMissing(to)+
			" is not a phone number or wa_id; use digits, e.g. POST /_sandbox/customers/16315551001/reply")
		return
	}
	writeJSON(w, http.StatusOK, windowJSON(s.CustomerReplies(to)))
}

type customerJSON struct {
	WaID      string `json:"wa_id"`
	LastWrote string `json:"last_wrote"`
	OpenUntil string `json:"window_open_until"`
	Open      bool   `json:"window_open"`
}

func windowJSON(c CustomerWindow) customerJSON {
	return customerJSON{WaID: c.WaID, LastWrote: c.LastWrote.UTC().Format(time.RFC3339),
		OpenUntil: c.OpenUntil.UTC().Format(time.RFC3339), Open: c.Open}
}
