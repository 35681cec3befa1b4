package sandbox

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"sync"
	"time"
)

// Statuses: what happens to a message after the API accepted it. WhatsApp
// answers a send with a message ID at once and tells the business later, on
// its webhook, whether the message was sent, delivered and read, or why it
// failed (internal/whatsapp/API.md, "Webhooks and statuses"). The sandbox does
// the same: every accepted message gets its statuses on a schedule, each kept
// here (the inbox shows them as ticks) and posted to the configured webhook
// (webhook_delivery.go).

// Status values, in the order a delivered message reaches them.
const (
	StatusSent      = "sent"
	StatusDelivered = "delivered"
	StatusRead      = "read"
	StatusFailed    = "failed"
)

// Codes of the failures the sandbox's world can cause (Meta's error codes).
const (
	CodeUndeliverable   = 131026 // the recipient is not on WhatsApp (or cannot receive it)
	CodeMediaDownload   = 131053 // the media behind a link could not be fetched
	titleUndeliverable  = "Message undeliverable"
	titleMediaDownload  = "Media upload error"
	detailUndeliverable = "Message failed to send because the recipient's phone number is not on WhatsApp, or it cannot receive this message."
	detailMediaDownload = "Downloading the media from the link failed: the URL could not be fetched."
)

// Failure is why a message failed after it was accepted: the code and title
// its failed status carries. A send handler may set ReceivedMessage.Failure
// when it already knows, at accept time, that the message will fail (for
// example outside the customer service window); the message is still
// accepted with an ID, and its only status is failed.
type Failure struct {
	Code    int
	Title   string
	Details string
}

// StatusEvent is one status of one message, as the sandbox reported it.
type StatusEvent struct {
	MessageID    string
	Flavor       string
	RecipientID  string // the recipient's digits, as WhatsApp writes recipient_id
	Status       string // sent, delivered, read or failed
	Time         time.Time
	Failure      *Failure      // failed only
	CallbackData string        // the send's biz_opaque_callback_data (Cloud)
	Pricing      StatusPricing // how a Cloud status bills the message (pricing.go)

	// Delivery to the webhook.
	WebhookURL string // "" when no webhook was configured for the flavor
	Attempts   int    // POSTs made
	LastStatus int    // the receiver's last HTTP status; 0 when it never answered
	Delivered  bool   // a 2xx answer came back
	LastError  string // why the last attempt failed, in words
}

// StatusSchedule says when each status of a message that reaches its
// recipient happens, counted from the moment the sandbox accepted it.
// NoRead leaves messages delivered but unread (the recipient never opens
// them). A zero StatusSchedule in Options means DefaultStatusSchedule; set
// through SetStatusSchedule, zero durations mean "at once".
type StatusSchedule struct {
	Sent      time.Duration
	Delivered time.Duration
	Read      time.Duration
	NoRead    bool
}

// DefaultStatusSchedule is slow enough to watch in the inbox, quick enough
// for a demo.
var DefaultStatusSchedule = StatusSchedule{Sent: 200 * time.Millisecond, Delivered: time.Second, Read: 3 * time.Second}

// ordered makes each status come no earlier than the one before.
func (sc StatusSchedule) ordered() StatusSchedule {
	sc.Sent = max(sc.Sent, 0)
	sc.Delivered = max(sc.Delivered, sc.Sent)
	sc.Read = max(sc.Read, sc.Delivered)
	return sc
}

// World is what the sandbox pretends about the people and links messages
// reach, so tests can make WhatsApp fail a message the way it would.
type World struct {
	NotOnWhatsApp    []string // recipients (any format) that are not on WhatsApp: failed 131026
	UnfetchableLinks []string // media links WhatsApp cannot download: failed 131053
}

// statusEngine runs the statuses of accepted messages. Each message gets one
// goroutine that waits for each status in turn, records it and delivers it,
// so the statuses of one message reach the webhook in order.
type statusEngine struct {
	mu       sync.Mutex
	schedule StatusSchedule
	initial  StatusSchedule // what Reset restores
	world    World
	ctx      context.Context // canceled by Reset and Close: pending statuses stop
	cancel   context.CancelFunc
	wg       sync.WaitGroup
}

func (e *statusEngine) init(sc StatusSchedule) {
	if sc == (StatusSchedule{}) {
		sc = DefaultStatusSchedule
	}
	e.schedule, e.initial = sc.ordered(), sc.ordered()
	e.ctx, e.cancel = context.WithCancel(context.Background())
}

// stop cancels every pending status and waits for the goroutines to end;
// restart makes the engine take new messages again.
func (e *statusEngine) stop(restart bool) {
	// Canceled under the lock, so accepted adds no goroutine while Wait runs.
	e.mu.Lock()
	e.cancel()
	e.mu.Unlock()
	e.wg.Wait()
	if restart {
		e.mu.Lock()
		e.ctx, e.cancel = context.WithCancel(context.Background())
		e.world, e.schedule = World{}, e.initial
		e.mu.Unlock()
	}
}

// SetStatusSchedule changes when the statuses of messages accepted from now
// on happen.
func (s *Server) SetStatusSchedule(sc StatusSchedule) {
	s.statuses.mu.Lock()
	defer s.statuses.mu.Unlock()
	s.statuses.schedule = sc.ordered()
}

// StatusScheduleNow is the schedule messages accepted now get.
func (s *Server) StatusScheduleNow() StatusSchedule {
	s.statuses.mu.Lock()
	defer s.statuses.mu.Unlock()
	return s.statuses.schedule
}

// SetWorld replaces what the sandbox pretends about recipients and links.
func (s *Server) SetWorld(w World) {
	s.statuses.mu.Lock()
	defer s.statuses.mu.Unlock()
	s.statuses.world = w
}

// WorldNow returns what the sandbox pretends about recipients and links.
func (s *Server) WorldNow() World {
	s.statuses.mu.Lock()
	defer s.statuses.mu.Unlock()
	return World{NotOnWhatsApp: append([]string{}, s.statuses.world.NotOnWhatsApp...),
		UnfetchableLinks: append([]string{}, s.statuses.world.UnfetchableLinks...)}
}

// Statuses returns every status reported so far, in the order they happened.
func (s *Server) Statuses() []StatusEvent { return s.st.statusList() }

// WaitForStatuses waits until n statuses have been reported and every
// delivery attempt of them has ended, or until timeout; it returns the
// statuses either way.
func (s *Server) WaitForStatuses(n int, timeout time.Duration) []StatusEvent {
	deadline := time.Now().Add(timeout)
	for {
		got := s.st.statusList()
		if (len(got) >= n && s.st.deliveriesSettled()) || time.Now().After(deadline) {
			return got
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// accepted starts the statuses of a message the API just accepted. Every
// send handler calls it right after storing the message.
func (s *Server) accepted(m ReceivedMessage) {
	e := &s.statuses
	e.mu.Lock()
	ctx, sc, failure := e.ctx, e.schedule, e.failureFor(m)
	if ctx.Err() != nil {
		e.mu.Unlock()
		return // closing: no statuses any more
	}
	e.wg.Add(1)
	e.mu.Unlock()

	type step struct {
		status string
		after  time.Duration
	}
	steps := []step{{StatusSent, sc.Sent}, {StatusDelivered, sc.Delivered}}
	if !sc.NoRead {
		steps = append(steps, step{StatusRead, sc.Read})
	}
	if failure != nil {
		// WhatsApp reports an undeliverable message as failed, without sent.
		steps = []step{{StatusFailed, sc.Sent}}
	}
	base := StatusEvent{MessageID: m.ID, Flavor: m.Flavor, RecipientID: waID(m.To), Failure: failure,
		CallbackData: callbackData(m.Body), Pricing: s.pricingFor(m)}
	go func() {
		defer e.wg.Done()
		start := m.Received
		for _, st := range steps {
			timer := time.NewTimer(time.Until(start.Add(st.after)))
			select {
			case <-ctx.Done():
				timer.Stop()
				return
			case <-timer.C:
			}
			ev := base
			ev.Status, ev.Time = st.status, time.Now()
			if st.status != StatusFailed {
				ev.Failure = nil
			}
			s.deliverStatus(ctx, ev) // webhook_delivery.go
		}
	}()
}

// failureFor decides whether a message fails: a failure known at accept time
// first, then what the world says about the recipient and the link. The
// caller holds e.mu.
func (e *statusEngine) failureFor(m ReceivedMessage) *Failure {
	if m.Failure != nil {
		f := *m.Failure
		return &f
	}
	if e.notOnWhatsAppLocked(m.To) {
		return &Failure{Code: CodeUndeliverable, Title: titleUndeliverable, Details: detailUndeliverable}
	}
	if link := mediaLink(m); link != "" {
		for _, bad := range e.world.UnfetchableLinks {
			if bad == link {
				return &Failure{Code: CodeMediaDownload, Title: titleMediaDownload, Details: detailMediaDownload}
			}
		}
	}
	return nil
}

// notOnWhatsApp says whether the world lists the recipient as not on
// WhatsApp.
func (e *statusEngine) notOnWhatsApp(to string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.notOnWhatsAppLocked(to)
}

// notOnWhatsAppLocked is notOnWhatsApp for a caller that holds e.mu.
func (e *statusEngine) notOnWhatsAppLocked(to string) bool {
	for _, n := range e.world.NotOnWhatsApp {
		if waID(n) != "" && waID(n) == waID(to) {
			return true
		}
	}
	return false
}

// mediaLink is the link a message's media is sent by, or "".
func mediaLink(m ReceivedMessage) string {
	var top map[string]json.RawMessage
	var media struct {
		Link string `json:"link"`
	}
	if json.Unmarshal(m.Body, &top) != nil || json.Unmarshal(top[m.Type], &media) != nil {
		return ""
	}
	return media.Link
}

// callbackData is a Cloud send's biz_opaque_callback_data, or "".
func callbackData(body json.RawMessage) string {
	var v struct {
		Data string `json:"biz_opaque_callback_data"`
	}
	_ = json.Unmarshal(body, &v) // the body passed checkMessage
	return v.Data
}

// --- the store's record of statuses ---

func (st *store) addStatus(ev StatusEvent) int {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.statuses = append(st.statuses, ev)
	st.pendingDeliveries++
	return len(st.statuses) - 1
}

// updateDelivery records how delivering status i went; done ends its delivery.
func (st *store) updateDelivery(i int, change func(*StatusEvent), done bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if i >= len(st.statuses) {
		return // reset in between
	}
	change(&st.statuses[i])
	if done {
		st.pendingDeliveries--
	}
}

func (st *store) deliveriesSettled() bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.pendingDeliveries <= 0
}

func (st *store) statusList() []StatusEvent {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make([]StatusEvent, len(st.statuses))
	for i, ev := range st.statuses {
		if ev.Failure != nil {
			f := *ev.Failure
			ev.Failure = &f
		}
		out[i] = ev
	}
	return out
}

// latestStatusLocked maps each message ID to its last status. The caller
// holds st.mu.
func (st *store) latestStatusLocked() map[string]StatusEvent {
	out := map[string]StatusEvent{}
	for _, ev := range st.statuses {
		out[ev.MessageID] = ev
	}
	return out
}

// RecipientStatusCount is how many statuses of each kind one recipient's
// messages reached: a message that was read counts once under each of sent,
// delivered and read.
type RecipientStatusCount struct {
	RecipientID string         `json:"recipient_id"`
	Messages    int            `json:"messages"`
	Counts      map[string]int `json:"counts"`
}

// StatusCounts counts statuses per recipient, sorted by recipient.
func (s *Server) StatusCounts() []RecipientStatusCount {
	msgs := s.st.messageList()
	byRecipient := map[string]*RecipientStatusCount{}
	get := func(id string) *RecipientStatusCount {
		c, ok := byRecipient[id]
		if !ok {
			c = &RecipientStatusCount{RecipientID: id, Counts: map[string]int{}}
			byRecipient[id] = c
		}
		return c
	}
	for _, m := range msgs {
		get(waID(m.To)).Messages++
	}
	for _, ev := range s.st.statusList() {
		get(ev.RecipientID).Counts[ev.Status]++
	}
	out := make([]RecipientStatusCount, 0, len(byRecipient))
	for _, c := range byRecipient {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return strings.Compare(out[i].RecipientID, out[j].RecipientID) < 0 })
	return out
}
