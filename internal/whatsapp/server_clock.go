package whatsapp

import (
	"net/http"
	"sync"
	"time"
)

// serverClock follows the API's own clock through the Date header of its
// answers (RFC 9110 section 6.6.1: an origin server with a clock sends one).
// Meta counts its limits, such as a template's edits per 24 hours and per
// 30 days, by its clock, not by the machine running the client.
type serverClock struct {
	mu   sync.Mutex
	date time.Time // the last Date the API sent
	seen time.Time // when it arrived, on this machine's monotonic clock
}

// observe keeps an answer's Date header. A missing or unreadable one changes
// nothing.
func (sc *serverClock) observe(h http.Header) {
	d, err := http.ParseTime(h.Get("Date"))
	if err != nil {
		return
	}
	sc.mu.Lock()
	defer sc.mu.Unlock()
	sc.date, sc.seen = d, time.Now()
}

// ServerNow is the API's time now: the Date of its last answer plus the time
// since it arrived. Before any answer it is this machine's clock, and known
// is false.
func (c *Client) ServerNow() (now time.Time, known bool) {
	sc := &c.clock
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.date.IsZero() {
		return time.Now().UTC(), false
	}
	return sc.date.Add(time.Since(sc.seen)).UTC(), true
}
