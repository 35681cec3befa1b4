package receiver

import (
	"context"
	"time"
)

// processBatch is how many posts one transaction processes: small enough
// that on SQLite (one writer) an accept never waits long behind it.
const processBatch = 64

// processLoop reads stored posts after they were answered: at once for the
// posts this replica stored, every ProcessEvery for those another replica
// stored (or left when it stopped).
func (s *Server) processLoop(ctx context.Context) {
	t := time.NewTicker(s.cfg.ProcessEvery)
	defer t.Stop()
	for {
		for ctx.Err() == nil {
			n, err := s.processOnce(ctx)
			if err != nil {
				if ctx.Err() == nil {
					s.log.Error("processing stored posts failed; they stay queued", "error", err)
				}
				break
			}
			if n < processBatch {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-t.C:
		}
	}
}

func (s *Server) processOnce(ctx context.Context) (int, error) {
	res, err := s.store.ProcessPosts(ctx, processBatch, func(p Post) (Facts, error) {
		return ParseFacts(p.Flavor, p.Body)
	})
	if err != nil {
		return 0, err
	}
	for status, n := range res.StatusesStored {
		s.m.statuses.WithLabelValues(status).Add(float64(n))
	}
	s.m.statusRepeats.Add(float64(res.StatusesRepeat))
	s.m.inbound.Add(float64(res.InboundStored))
	s.m.unparsable.Add(float64(res.Unparsable))
	return res.Posts, nil
}

// ProcessPending returns once no stored post waits to be processed,
// processing them itself (tests wait on it). Posts another worker holds
// (PostgreSQL skips locked rows) are waited for.
func (s *Server) ProcessPending(ctx context.Context) error {
	for {
		if _, err := s.processOnce(ctx); err != nil {
			return err
		}
		posts, _, err := s.store.Backlog(ctx)
		if err != nil || posts == 0 {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
}
