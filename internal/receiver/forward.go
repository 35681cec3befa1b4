package receiver

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Forwarding: a phone number has one webhook URL, and a chatbot or CRM may
// already sit behind it. Every stored post has a row per consumer in the
// outbox (forwards), written in the same transaction as the post; this loop
// posts each as received (the same bytes), re-signed with the forward
// secret, and retries with backoff until the consumer answers 2xx or
// ForwardRetry.GiveUp has passed since the post arrived. A replica that
// stops mid-attempt leaves the row claimed for forwardLease; then any
// replica takes it again, so a consumer may get a post twice, never zero
// times (consumers dedupe as they would WhatsApp's own retries).

const (
	forwardLease    = 30 * time.Second
	forwardParallel = 8
	forwardTimeout  = 10 * time.Second
	forwardPoll     = time.Second
)

var forwardClient = &http.Client{Timeout: forwardTimeout}

func (s *Server) forwardLoop(ctx context.Context) {
	if len(s.cfg.Forward) == 0 {
		return
	}
	t := time.NewTicker(forwardPoll)
	defer t.Stop()
	for {
		for ctx.Err() == nil {
			due, err := s.store.ClaimForwards(ctx, time.Now(), 64, forwardLease)
			if err != nil {
				if ctx.Err() == nil {
					s.log.Error("reading the outbox failed", "error", err)
				}
				break
			}
			if len(due) == 0 {
				break
			}
			s.forwardAll(ctx, due)
		}
		select {
		case <-ctx.Done():
			return
		case <-s.wakeFwd:
		case <-t.C:
		}
	}
}

func (s *Server) forwardAll(ctx context.Context, due []Forward) {
	sem := make(chan struct{}, forwardParallel)
	var wg sync.WaitGroup
	for _, f := range due {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			err := s.forwardOne(ctx, f)
			if ctx.Err() != nil {
				return // the lease runs out and another attempt follows
			}
			o := ForwardOutcome{Delivered: err == nil}
			result := "delivered"
			if err != nil {
				o.Error = err.Error()
				o.Next = time.Now().Add(s.backoff(f.Attempts))
				result = "failed"
				if time.Since(f.ReceivedAt) > s.cfg.ForwardRetry.GiveUp {
					o.GaveUp = true
					result = "gave_up"
					s.log.Warn("gave up forwarding a post", "url", redacted(f.URL), "post", f.PostID, "attempts", f.Attempts+1, "error", err)
				}
			}
			s.m.forwards.WithLabelValues(result).Inc()
			if err := s.store.ForwardDone(context.WithoutCancel(ctx), f.ID, o); err != nil {
				s.log.Error("recording a forward failed; it is tried again", "error", err)
			}
		}()
	}
	wg.Wait()
}

// backoff doubles from Min up to Max, with up to 20% jitter so consumers
// coming back are not hit by every replica at once.
func (s *Server) backoff(attempts int) time.Duration {
	r := s.cfg.ForwardRetry
	d := r.Min
	for i := 0; i < attempts && d < r.Max; i++ {
		d *= 2
	}
	d = min(d, r.Max)
	return d + time.Duration(rand.Int64N(int64(d)/5+1))
}

func (s *Server) forwardOne(ctx context.Context, f Forward) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, f.URL, bytes.NewReader(f.Body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "whatsapp-receiver-forward/1.0")
	req.Header.Set(SignatureHeader, Sign(s.cfg.ForwardSecret, f.Body))
	resp, err := forwardClient.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("the consumer answered HTTP %d", resp.StatusCode)
	}
	return nil
}

// redacted is a consumer's URL for the log, without a password it may carry.
func redacted(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
