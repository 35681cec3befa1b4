package sendrecord

import (
	"errors"
	"fmt"
	"sync"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sendlog"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// NotRecordedError is a send the record could not protect: its intent could
// not be written, so nothing was sent.
type NotRecordedError struct {
	Path string
	Err  error
}

func (e *NotRecordedError) Error() string {
	return fmt.Sprintf("the record of sends at %s could not be written: %v", e.Path, e.Err)
}

func (e *NotRecordedError) Unwrap() error { return e.Err }

// answer writes what became of a send (the message resource's and each of a
// broadcast's): its message ID, an unknown outcome, or that the API did not
// take it.
func answer(intent *sendlog.Intent, sent *whatsapp.SentMessage, err error) error {
	switch {
	case err == nil:
		return intent.Accepted(sent.ID)
	case whatsapp.IsOutcomeUnknown(err):
		return intent.Unknown()
	default:
		return intent.NotSent()
	}
}

// Send is one message send's use of the record: its intent, written just
// before each attempt of the send and dropped when the API proves it did not
// take it, so that a crash while the send waits for the pace or a retry
// leaves nothing that looks sent.
type Send struct {
	r       *Record
	key, to string
	intent  *sendlog.Intent
	refusal error // the intent could not be written: nothing was sent
}

// Hooks is the client's hooks for sending the message whose key is key
// (empty when it cannot be identified: then nothing is recorded) to the
// canonical recipient to, and the send's record; no hooks when r is nil
// (the record is off).
func (r *Record) Hooks(key, to string) (whatsapp.SendHooks, *Send) {
	s := &Send{r: r, key: key, to: to}
	if r == nil || key == "" {
		return whatsapp.SendHooks{}, s
	}
	return whatsapp.SendHooks{
		BeforeAttempt: func() error {
			rec, err := r.file()
			if err == nil {
				s.intent, err = rec.Intend(r.session, key, to, nil)
			}
			if err != nil {
				s.refusal = &NotRecordedError{Path: r.path, Err: err}
				return s.refusal
			}
			return nil
		},
		NotTaken: func() {
			if s.intent != nil {
				_ = s.intent.NotSent() // a failure only leaves an unknown outcome after a crash
				s.intent = nil
			}
		},
	}, s
}

// Refused is why the record stopped the send before it was made, or nil.
func (s *Send) Refused() error { return s.refusal }

// Done records what became of the send; the error is an answer the record
// could not keep (the state holds it: only a crash before Terraform saves it
// would leave the send without its answer).
func (s *Send) Done(sent *whatsapp.SentMessage, err error) error {
	if s.intent == nil {
		return nil
	}
	return answer(s.intent, sent, err)
}

// Broadcast is one apply's use of the record around a broadcast's sends:
// the client's hooks write each intent before each attempt and its answer
// after.
type Broadcast struct {
	r       *Record
	rec     *sendlog.Record
	keys    map[string]string // recipient -> its send's key
	details map[string]string // the broadcast's ID, kept with each send: one map for all, never changed
	mu      sync.Mutex
	intents map[string]*sendlog.Intent // recipient -> its send's intent, until the answer
	lost    int                        // answers that could not be written
	lostErr error                      // the last such error
}

// ErrUnidentified is a broadcast whose sends cannot be named at apply, when
// every value is known: a bug.
var ErrUnidentified = errors.New("the broadcast's content is not fully known at apply")

// Broadcast prepares the hooks for sending broadcast id to the recipients of
// keys (recipient -> its send's key, nil when the content cannot be
// identified); nil when r is nil (the record is off) or there is no one to
// send to.
func (r *Record) Broadcast(id string, recipients int, keys map[string]string) (*Broadcast, error) {
	if r == nil || recipients == 0 {
		return nil, nil
	}
	rec, err := r.file()
	if err != nil {
		return nil, err
	}
	if keys == nil {
		return nil, ErrUnidentified
	}
	return &Broadcast{r: r, rec: rec, keys: keys, details: map[string]string{"broadcast": id},
		intents: map[string]*sendlog.Intent{}}, nil
}

// Hooks are SendToEach's calls: an intent is written just before each
// attempt of a send (after its wait for the pace) and dropped when the API
// proves it did not take it, so a crash while a send waits leaves nothing
// that looks sent. An intent that cannot be written stops the broadcast,
// since no later send could be protected either.
func (b *Broadcast) Hooks(progress func(whatsapp.BroadcastResult)) whatsapp.BroadcastHooks {
	if b == nil {
		return whatsapp.BroadcastHooks{After: progress}
	}
	return whatsapp.BroadcastHooks{
		Before: func(to string) error {
			in, err := b.rec.Intend(b.r.session, b.keys[to], to, b.details)
			if err != nil {
				return &NotRecordedError{Path: b.r.path, Err: err}
			}
			b.mu.Lock()
			b.intents[to] = in
			b.mu.Unlock()
			return nil
		},
		NotTaken: func(to string) {
			if in := b.take(to); in != nil {
				b.lose(in.NotSent())
			}
		},
		After: func(res whatsapp.BroadcastResult) {
			if in := b.take(res.To); in != nil {
				b.lose(answer(in, res.Sent, res.Err))
			}
			progress(res)
		},
	}
}

// take removes and returns the intent of the send to `to`, if one is open.
func (b *Broadcast) take(to string) *sendlog.Intent {
	b.mu.Lock()
	defer b.mu.Unlock()
	in := b.intents[to]
	delete(b.intents, to)
	return in
}

// lose counts an answer the record could not keep (err is nil when it could).
func (b *Broadcast) lose(err error) {
	if err == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.lost, b.lostErr = b.lost+1, err
}

// Lost is how many answers the record could not keep, and the last error.
func (b *Broadcast) Lost() (int, error) {
	if b == nil {
		return 0, nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.lost, b.lostErr
}
