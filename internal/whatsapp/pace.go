package whatsapp

import (
	"context"
	"math"
	"net/http"
	"sync"
	"time"
)

// One pace for all message sends of a client. Terraform runs up to
// -parallelism resources at once and each one sends on its own; if each
// backed off on its own, ten workers would keep hitting a throughput limit
// that one of them just found. The pacer is shared instead:
//
//   - Until the API first throttles a send, sends are not slowed at all
//     (unless MaxMessagesPerSecond sets a ceiling).
//   - A throttling answer means the API's allowance is used up at that
//     moment. Between two such moments the API accepted exactly what its
//     allowance let through, so successes since the last throttle divided by
//     the time since then estimate the API's rate (off by at most one
//     message over that time; after less than a second the pace is only
//     ever lowered). The pacer sends at a little below that
//     estimate, then probes upward along a cubic curve: slowly near the
//     estimate, faster the longer no throttle comes (as TCP CUBIC and the
//     AWS SDKs' "adaptive" retry mode do), so it also recovers when the
//     API's allowance grows.
//   - A Retry-After pauses every sender, not only the one that got it. After
//     the pause the sends the pause held back may go at once (up to one
//     second's worth), since the API said it would have room by then.
//   - Answers to sends that left before the last slow-down are stale: they
//     say nothing about the new pace and do not slow it again.
//
// Pacing only delays a send's first byte; it never changes which answers are
// retried (see retry.go), so a throttled send is still never repeated unless
// the API proved it did not take it.

const (
	// paceUnder is how far under the estimated API rate the pacer settles
	// after a throttle: close enough to use the allowance, far enough that
	// the next throttle comes only from probing.
	paceUnder = 0.97
	// paceCut is how far under the throttled pace the estimate goes when
	// successes since the last throttle were under half that pace: an API
	// without a burst allowance wasted what went unused, so they undercount.
	paceCut = 0.7
	// paceCubic scales the upward probe: the pace returns to the estimate
	// after cbrt((1-paceUnder)/paceCubic) s (1.5 s) and doubles it after a
	// further 4.8 s without a throttle.
	paceCubic = 0.0089
	// paceMinRate keeps a run of throttles from stalling sends entirely.
	paceMinRate = 0.2
	// paceWindow is how far back successes count for the first estimate,
	// when no earlier throttle marks where the allowance was last empty, and
	// the least time between throttles for an estimate to raise the pace.
	paceWindow = time.Second
	// paceDoubling is how fast the pace grows after the first throttle,
	// whose estimate is rough, until the second one.
	paceDoubling = time.Second
	// maxPauseCredit bounds the sends let out at once after a Retry-After.
	maxPauseCredit = time.Second
)

// pacer is the shared rate controller. Its methods take the time from now so
// tests can drive it with a fake clock.
type pacer struct {
	mu    sync.Mutex
	gate  chan struct{} // held by the sender first in line (wait)
	now   func() time.Time
	sleep func(context.Context, time.Duration) error

	ceilingGap  time.Duration // 1/MaxMessagesPerSecond; 0 means no ceiling
	lastCeiling time.Time

	rate        float64   // 0 until the first throttle: no adaptive limit
	last        time.Time // slot of the last send let out at rate
	pausedUntil time.Time // Retry-After: nobody sends before this
	credit      int       // sends allowed at pausedUntil without spacing
	epoch       uint64    // bumped at each slow-down; older tickets are stale

	cutAt    time.Time // last slow-down (zero: none yet)
	cutRate  float64   // rate right after it
	target   float64   // estimated API rate the cubic probe returns to
	sinceCut int       // successes since cutAt
	recent   []time.Time
	// exploring: only one throttle seen, so the estimate is a rough one.
	exploring bool
	// creditLimit is how many sends the API took at once after a pause the
	// last time a group let out together was throttled (-1: no such time).
	creditLimit int
}

// paceTicket ties an answer to the pace its send left under.
type paceTicket struct {
	epoch  uint64
	paced  bool
	credit bool // let out by a pause's credit
}

// maxNap bounds one sleep of a waiting sender, so a pace that grows while
// it sleeps lets it out sooner.
const maxNap = 100 * time.Millisecond

func newPacer(maxPerSecond float64) *pacer {
	p := &pacer{now: time.Now, sleep: sleep, creditLimit: -1, gate: make(chan struct{}, 1)}
	if maxPerSecond > 0 {
		p.ceilingGap = time.Duration(float64(time.Second) / maxPerSecond)
	}
	return p
}

// wait blocks until this send may start. Senders wait in line: only the
// first sleeps for the pace, the others for their turn at the gate. Were all
// to sleep for the pace, each slot would wake every waiter (128 in a
// campaign) to find it taken by one: at 1,000 sends/s, over a hundred
// thousand timers and wake-ups a second, an eighth of the provider's CPU in
// a profile of a 100,000-row campaign, and garbage for the collector.
func (p *pacer) wait(ctx context.Context) (paceTicket, error) {
	select {
	case p.gate <- struct{}{}:
	default:
		select {
		case p.gate <- struct{}{}:
		case <-ctx.Done():
			return paceTicket{}, ctx.Err()
		}
	}
	defer func() { <-p.gate }()
	for {
		d, t := p.take()
		if d <= 0 {
			return t, nil
		}
		if err := p.sleep(ctx, min(d, maxNap)); err != nil {
			return t, err
		}
	}
}

// take lets a send out now, or says how long until it may be let out.
func (p *pacer) take() (time.Duration, paceTicket) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if now.Before(p.pausedUntil) {
		return p.pausedUntil.Sub(now), paceTicket{}
	}
	// Sends keep a schedule: one slot per interval, never earlier. A sender
	// the scheduler wakes late takes its slot as if on time, so lateness
	// does not slow the pace (the API's allowance refills on the same
	// schedule); only after a whole interval unused does the schedule start
	// again from now, so an idle spell never lets a group out at once.
	if p.ceilingGap > 0 {
		if due := p.lastCeiling.Add(p.ceilingGap); now.Before(due) {
			return due.Sub(now), paceTicket{}
		}
	}
	t := paceTicket{epoch: p.epoch, paced: true}
	switch r := p.currentRate(now); {
	case p.credit > 0:
		p.credit-- // held back by the pause: may go as soon as it ends
		t.credit = true
	case r > 0:
		gap := time.Duration(float64(time.Second) / r)
		due := p.last.Add(gap)
		if now.Before(due) {
			return due.Sub(now), paceTicket{}
		}
		p.last = onSchedule(due, now, gap)
	}
	if p.ceilingGap > 0 {
		p.lastCeiling = onSchedule(p.lastCeiling.Add(p.ceilingGap), now, p.ceilingGap)
	}
	return 0, t
}

// currentRate is the cubic probe: cutRate right after a slow-down, target
// k seconds later (k as computed below), then growing ever faster. 0 means unlimited.
func (p *pacer) currentRate(now time.Time) float64 {
	if p.rate == 0 {
		return 0
	}
	if p.exploring {
		// The first estimate may be far too low (an API with no burst
		// throttles after a message or two): double each paceDoubling until
		// a second throttle gives an estimate between two empty allowances.
		return p.cutRate * math.Exp2(now.Sub(p.cutAt).Seconds()/paceDoubling.Seconds())
	}
	k := math.Cbrt((1 - p.cutRate/p.target) / paceCubic)
	dt := now.Sub(p.cutAt).Seconds() - k
	return p.target * (1 + paceCubic*dt*dt*dt) // never below cutRate: dt >= -k
}

// success records an accepted send.
func (p *pacer) success() {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	p.sinceCut++
	if p.cutAt.IsZero() {
		// Only the first estimate needs a window; keep it short.
		p.recent = append(p.recent, now)
		drop := 0
		for drop < len(p.recent) && now.Sub(p.recent[drop]) > paceWindow {
			drop++
		}
		p.recent = p.recent[drop:]
	}
}

// throttled records a throttling answer to a send that left under t.
func (p *pacer) throttled(t paceTicket, retryAfter time.Duration, hasRetryAfter bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	paused := false
	if hasRetryAfter && retryAfter > 0 {
		if until := now.Add(min(retryAfter, maxRetryAfter)); until.After(p.pausedUntil) {
			p.pausedUntil = until
			paused = true
		}
	}
	if t.epoch != p.epoch {
		if paused {
			p.epoch++ // waiting senders must see the longer pause
		}
		return // sent before the last slow-down: already accounted for
	}
	if t.credit {
		// A group let out after a pause was too many for the API at once.
		p.creditLimit = p.sinceCut
	}
	before := p.currentRate(now)
	estimate := p.estimate(now)
	measured := !p.cutAt.IsZero() && now.Sub(p.cutAt) >= paceWindow
	switch {
	case before == 0:
		// The first throttle: a rough estimate, so probe up fast from it.
		p.target = estimate
		p.exploring = true
	case !measured:
		// Too soon after the last throttle for the estimate to be precise
		// (it is off by up to one message over a short time): never go
		// above the pace that was just throttled.
		p.target = math.Min(estimate, before)
		p.exploring = false
	case estimate < before/2 && !p.exploring:
		// Successes since the last throttle undercount the API's rate when
		// the pace was well under it for a while (an API without a burst
		// allowance wastes what is not used); the pace just throttled
		// overstates it. Under half the pace: trust the pace, less paceCut.
		p.target = before * paceCut
	default:
		p.target = estimate
		p.exploring = false
	}
	// Every slow-down slows down, whatever the estimate says.
	p.cutRate = p.target * paceUnder
	if before > 0 {
		p.cutRate = math.Min(p.cutRate, before*paceUnder)
	}
	p.cutRate = math.Max(p.cutRate, paceMinRate)
	p.target = math.Max(p.target, p.cutRate)
	p.rate = p.cutRate
	p.cutAt = now
	p.sinceCut = 0
	p.recent = nil
	p.epoch++
	// The allowance is empty now: the next send waits one interval, or for
	// the pause, after which what the pause held back may go together.
	p.last = now
	p.credit = 0
	if p.pausedUntil.After(now) {
		p.last = p.pausedUntil
		p.credit = int(p.cutRate * min(p.pausedUntil.Sub(now), maxPauseCredit).Seconds())
		if p.creditLimit >= 0 {
			p.credit = min(p.credit, p.creditLimit)
		}
	}
}

// estimate is the API's accepted rate: successes since the allowance was
// last found empty, over that time (off by up to one message), or
// for the first throttle, successes in the last paceWindow over the window.
func (p *pacer) estimate(now time.Time) float64 {
	if p.cutAt.IsZero() {
		return math.Max(float64(len(p.recent))/paceWindow.Seconds(), paceMinRate)
	}
	dt := now.Sub(p.cutAt).Seconds()
	if dt <= 0 {
		return math.Inf(1)
	}
	return float64(p.sinceCut) / dt
}

// onSchedule is the slot a send at now takes: its due slot when less than
// an interval late, else now.
func onSchedule(due, now time.Time, gap time.Duration) time.Time {
	if now.Sub(due) < gap {
		return due
	}
	return now
}

// paceBefore is the hook before each attempt: sends wait for their slot.
func (c *Client) paceBefore(ctx context.Context, cl *call) (paceTicket, error) {
	if !cl.paced {
		return paceTicket{}, nil
	}
	return c.pace.wait(ctx)
}

// paceAfter is the hook after each attempt: accepted sends and throttling
// answers teach the pacer; everything else says nothing about the API's rate.
func (c *Client) paceAfter(t paceTicket, res attemptResult) {
	if !t.paced {
		return
	}
	switch {
	case res.resp != nil:
		c.pace.success()
	case res.apiErr != nil && c.throttling(res.apiErr):
		c.pace.throttled(t, res.retryAfter, res.hasRetryAfter)
	}
}

// throttling: answers that mean "over the throughput limit". Narrower than
// provenNotTaken: on Cloud only cloudThroughputCodes, not the per-recipient
// and spam limits (rules.go says why).
func (c *Client) throttling(ae *APIError) bool {
	if ae.HTTPStatus == http.StatusTooManyRequests {
		return true
	}
	if c.cfg.Flavor == OnPremises {
		return ae.HTTPStatus == http.StatusServiceUnavailable
	}
	return cloudThroughputCodes[ae.Code]
}
