package receiver

import (
	"context"
	"errors"
	"time"
)

// acceptor commits posts in batches: every handler waiting at the same time
// shares one transaction (one fsync on SQLite), and each answers 200 only
// after that transaction committed. Under load a batch forms while the
// previous one commits; alone, a post commits at once.
type acceptor struct {
	s    *Server
	reqs chan acceptReq
}

type acceptReq struct {
	post Post
	done chan acceptResult
}

type acceptResult struct {
	dup bool
	err error
}

// maxBatch bounds one transaction.
const maxBatch = 256

func newAcceptor(s *Server) *acceptor {
	return &acceptor{s: s, reqs: make(chan acceptReq, maxBatch)}
}

var errStopping = errors.New("the receiver is stopping")

func (a *acceptor) submit(ctx context.Context, p Post) (bool, error) {
	req := acceptReq{post: p, done: make(chan acceptResult, 1)}
	select {
	case a.reqs <- req:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	// Once queued, the outcome is waited for even if the client left: the
	// post may be committed, and the metrics must say what happened.
	res := <-req.done
	return res.dup, res.err
}

func (a *acceptor) run(ctx context.Context) {
	for {
		var batch []acceptReq
		select {
		case <-ctx.Done():
			a.drain()
			return
		case r := <-a.reqs:
			batch = append(batch, r)
		}
	more:
		for len(batch) < maxBatch {
			select {
			case r := <-a.reqs:
				batch = append(batch, r)
			default:
				break more
			}
		}
		posts := make([]Post, len(batch))
		for i, r := range batch {
			posts[i] = r.post
		}
		// Not ctx: a batch that started commits even while stopping.
		cctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		dup, err := a.s.store.AcceptPosts(cctx, posts, a.s.cfg.Forward)
		cancel()
		for i, r := range batch {
			res := acceptResult{err: err}
			if err == nil {
				res.dup = dup[i]
			}
			r.done <- res
		}
		if err == nil {
			poke(a.s.wake)
			poke(a.s.wakeFwd)
		}
	}
}

// drain refuses what is still queued when stopping: those handlers answer
// 503 and WhatsApp retries.
func (a *acceptor) drain() {
	for {
		select {
		case r := <-a.reqs:
			r.done <- acceptResult{err: errStopping}
		default:
			return
		}
	}
}

func poke(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}
