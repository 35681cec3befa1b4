package whatsapp

import (
	"container/heap"
	"math"
	"time"
)

// A discrete-event simulation of an apply: workers (Terraform's
// -parallelism) each send messages through one pacer to a token-bucket API,
// on a fake clock. It runs in microseconds and is deterministic, so tests
// can check what the pacer does against a server's limit without a sleep.

type simServer struct {
	rate, burst float64
	tokens      float64
	at          time.Time
	retryAfter  time.Duration // 0: bare 429
}

func (s *simServer) take(now time.Time) bool {
	s.tokens = math.Min(s.burst, s.tokens+now.Sub(s.at).Seconds()*s.rate)
	s.at = now
	if s.tokens >= 1 {
		s.tokens--
		return true
	}
	return false
}

type simResult struct {
	accepted, rejected int
	first, last        time.Time // first and last accepted send
}

type simEvent struct {
	at     time.Time
	worker int
	kind   int // 0 ready to send, 1 slot reached, 2 answer arrives
	ticket paceTicket
	ok     bool
	seq    int
}

type simQueue []simEvent

func (q simQueue) Len() int { return len(q) }
func (q simQueue) Less(i, j int) bool {
	if q[i].at.Equal(q[j].at) {
		return q[i].seq < q[j].seq
	}
	return q[i].at.Before(q[j].at)
}
func (q simQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *simQueue) Push(x any)   { *q = append(*q, x.(simEvent)) }
func (q *simQueue) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

// simulate sends n messages with the given workers. think is each worker's
// own time between one answer and its next send (Terraform's per-resource
// work), latency the round trip, backoff the retry wait after a bare 429.
func simulate(p *pacer, srv *simServer, n, workers int, think, latency, backoff time.Duration) simResult {
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p.now = func() time.Time { return clock }
	srv.at = clock
	srv.tokens = srv.burst
	var q simQueue
	seq := 0
	push := func(e simEvent) { seq++; e.seq = seq; heap.Push(&q, e) }
	for w := 0; w < workers && w < n; w++ {
		push(simEvent{at: clock, worker: w})
	}
	started := workers
	if started > n {
		started = n
	}
	var res simResult
	for q.Len() > 0 {
		e := heap.Pop(&q).(simEvent)
		clock = e.at
		switch e.kind {
		case 0, 1:
			d, t := p.take()
			if d > 0 {
				push(simEvent{at: clock.Add(min(d, maxNap)), worker: e.worker, kind: 1})
				continue
			}
			ok := srv.take(clock)
			push(simEvent{at: clock.Add(latency), worker: e.worker, kind: 2, ticket: t, ok: ok})
		case 2:
			if e.ok {
				p.success()
				res.accepted++
				if res.first.IsZero() {
					res.first = clock
				}
				res.last = clock.Add(-latency)
				if started < n {
					started++
					push(simEvent{at: clock.Add(think), worker: e.worker})
				}
				continue
			}
			res.rejected++
			p.throttled(e.ticket, srv.retryAfter, srv.retryAfter > 0)
			wait := backoff
			if srv.retryAfter > 0 {
				wait = srv.retryAfter
			}
			push(simEvent{at: clock.Add(wait), worker: e.worker})
		}
	}
	return res
}
