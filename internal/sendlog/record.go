// Package sendlog keeps a durable record of message sends: one append-only
// file, written and flushed to disk before each send (what is about to be
// sent), and written after each answer (the message ID, or that the outcome
// is unknown). When the state that should hold a send is lost (a crash while
// Terraform rewrote its state file, a killed CI job), the record still knows
// the send, so the next plan can adopt it instead of sending it again.
//
// It knows nothing of Terraform or of the WhatsApp API: a send is a key (a
// digest of what decides whether two sends are the same message) and the
// facts the answer brought. Several goroutines and several processes may
// share one file: every change is made under an exclusive lock on a lock
// file beside it (so the lock survives compaction, which replaces the file).
package sendlog

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/gofrs/flock"
)

// Outcome is what became of a send.
type Outcome string

const (
	Pending  Outcome = "pending"  // written before the send; no answer recorded (yet)
	Accepted Outcome = "accepted" // the API returned a message ID
	Unknown  Outcome = "unknown"  // the request may have reached the API; no answer came back
)

// Entry is one recorded send.
type Entry struct {
	Send      string            // this attempt's own ID, random
	Key       string            // what decides whether two sends are the same message (see Message.Key)
	Recipient string            // the canonical recipient, to name the send in messages
	Session   string            // the session (one provider configuration) that made the send
	At        time.Time         // when the intent was written
	Answered  time.Time         // when the answer was written (zero without one): the time a state keeps as sent_at
	Outcome   Outcome           // Pending until an answer is recorded
	MessageID string            // with Accepted
	Details   map[string]string // facts the caller keeps with the send (e.g. the media ID sent); shared, never changed
}

// Record is one record file, opened by Open. Its methods are safe for
// concurrent use, and other processes may use the same file at once.
type Record struct {
	path   string
	lock   *flock.Flock
	maxAge time.Duration
	now    func() time.Time

	mu      sync.Mutex
	syncMu  sync.RWMutex // read-held while f is flushed outside mu; closing f write-holds it
	closed  bool
	f       *os.File
	read    int64 // bytes of f taken in, always up to a newline
	lines   int   // lines in f, torn or not
	entries map[string]*Entry
	uploads map[string]*Upload // by media ID (upload.go)
	// forgotten holds the message IDs of destroyed messages (Forget), by
	// when, for maxAge: a send found elsewhere (WhatsApp's statuses) under one
	// of them was destroyed on purpose and must not be adopted again.
	forgotten map[string]time.Time
}

// ErrClosed is returned by every method after Close.
var ErrClosed = errors.New("sendlog: the record is closed")

// Open opens (creating it and its directory when missing) the record at
// path. Entries older than maxAge are dropped when the file is compacted
// (they can never be adopted). The file is compacted now when most of it is
// dead, which keeps its size bounded by the sends not yet seen in state.
func Open(path string, maxAge time.Duration) (*Record, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create the directory of the send record: %w", err)
	}
	r := &Record{path: path, lock: flock.New(path+".lock", flock.SetPermissions(0o600)), maxAge: maxAge, now: time.Now}
	err := r.locked(func() error { return r.compactIfWorthIt() })
	if err != nil {
		_ = r.Close()
		return nil, err
	}
	return r, nil
}

// Path is the record file's path.
func (r *Record) Path() string { return r.path }

// Close releases the file. The record stays on disk.
func (r *Record) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	err := r.closeFile()
	r.entries, r.uploads, r.forgotten = nil, nil, nil
	return errors.Join(err, r.lock.Close())
}

// NewSession returns a random session ID. A caller uses one per run, so that
// Lookup can skip the run's own sends.
func NewSession() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // never fails on supported platforms
	return hex.EncodeToString(b[:])
}

// Intent is a send written to the record before it was made; its methods
// record the answer.
type Intent struct {
	r    *Record
	send string
}

// Intend records, and flushes to disk, that a send with this key is about to
// be made. Only after it returns nil may the send start. The record keeps
// details as given, never changing it: a caller may pass one map for many
// sends (a broadcast's 100,000 share one).
func (r *Record) Intend(session, key, recipient string, details map[string]string) (*Intent, error) {
	ev := event{Op: opIntent, Send: NewSession() + NewSession(), Key: key, To: recipient, Session: session,
		At: r.now().UTC(), Details: details}
	if err := r.appendSynced(ev); err != nil {
		return nil, err
	}
	return &Intent{r: r, send: ev.Send}, nil
}

// The answers below are written but not flushed: the intent was, before the
// send. A killed process's writes survive in the operating system's cache;
// only a crash of the machine itself can lose an answer, and a lost answer
// leaves its send unanswered, an unknown outcome the user decides on, never
// a second send. Not flushing halves the flushes on each send's path.

// Accepted records the message ID the API returned.
func (i *Intent) Accepted(messageID string) error {
	return i.r.appendAnswer(event{Op: opAnswer, Send: i.send, Outcome: Accepted, MessageID: messageID, At: i.r.now().UTC()})
}

// Unknown records that the send may have reached the API and no answer came.
func (i *Intent) Unknown() error {
	return i.r.appendAnswer(event{Op: opAnswer, Send: i.send, Outcome: Unknown, At: i.r.now().UTC()})
}

// NotSent records that the API proved it did not take the send: the entry
// is dropped, as if it had never been written.
func (i *Intent) NotSent() error {
	return i.r.appendAnswer(event{Op: opNotSent, Send: i.send, At: i.r.now().UTC()})
}

// Settle records the answer a send never got, learned afterwards from
// WhatsApp's own record (the statuses a webhook receiver stored): the API
// accepted it as messageID. at is when WhatsApp first reported it, which the
// entry keeps as its answer's time (a state's sent_at). A send the record no
// longer holds is left alone.
func (r *Record) Settle(send, messageID string, at time.Time) error {
	return r.write(false, func() (event, bool) {
		e := r.entries[send]
		return event{Op: opAnswer, Send: send, Outcome: Accepted, MessageID: messageID, At: at.UTC()},
			e != nil && e.Outcome != Accepted
	})
}

// Lookup returns the entries with key written within window before now by
// sessions other than session, oldest first. They are sends that no state
// was known to hold when they were last looked at.
func (r *Record) Lookup(session, key string, window time.Duration) ([]Entry, error) {
	all, err := r.LookupAll(session, []string{key}, window)
	return all[key], err
}

func sortOldestFirst(entries []Entry) {
	sort.Slice(entries, func(i, j int) bool {
		return entries[i].At.Before(entries[j].At) || entries[i].At.Equal(entries[j].At) && entries[i].Send < entries[j].Send
	})
}

// LookupAll is Lookup for many keys at once, in one pass over the record:
// the entries of each key that has any.
func (r *Record) LookupAll(session string, keys []string, window time.Duration) (map[string][]Entry, error) {
	want := set("", keys)
	out := map[string][]Entry{}
	err := r.lockedRead(func() error {
		since := r.now().Add(-window)
		for _, e := range r.entries {
			if want[e.Key] && e.Session != session && !e.At.Before(since) {
				out[e.Key] = append(out[e.Key], *e)
			}
		}
		return nil
	})
	for _, entries := range out {
		sortOldestFirst(entries)
	}
	return out, err
}

// Seen prunes what a state holds: the entry holding messageID, or, for a
// send whose outcome the state keeps as unknown (it has no message ID), the
// unanswered entries with key. Either may be empty. It writes only when the
// record holds such an entry, and does not flush (a lost prune only keeps an
// entry until the next one).
func (r *Record) Seen(key, messageID string) error {
	return r.prune(event{Op: opSeen, Key: key, MessageID: messageID}, false)
}

// SeenAll is Seen for many sends at once, in one line of the file.
func (r *Record) SeenAll(keys, messageIDs []string) error {
	return r.prune(event{Op: opSeen, Keys: keys, MessageIDs: messageIDs}, false)
}

// Forget drops every entry with key or holding messageID (either may be
// empty), flushed to disk: the message was destroyed, so creating it again
// must send it again.
func (r *Record) Forget(key, messageID string) error {
	return r.prune(event{Op: opForget, Key: key, MessageID: messageID}, true)
}

// ForgetAll is Forget for many sends at once, in one line of the file and
// one flush.
func (r *Record) ForgetAll(keys, messageIDs []string) error {
	return r.prune(event{Op: opForget, Keys: keys, MessageIDs: messageIDs}, true)
}

// prune appends ev, a seen or forget event, when it drops some entry; a
// forget event with message IDs is always appended (Forgotten keeps them).
func (r *Record) prune(ev event, sync bool) error {
	return r.write(sync, func() (event, bool) {
		ev.At = r.now().UTC()
		return ev, r.holds(ev.pruner()) || ev.Op == opForget && len(set(ev.MessageID, ev.MessageIDs)) > 0
	})
}

// Forgotten returns which of messageIDs were forgotten (Forget, ForgetAll)
// within maxAge: messages destroyed on purpose, which creating them again
// sends again.
func (r *Record) Forgotten(messageIDs []string) (map[string]bool, error) {
	out := map[string]bool{}
	err := r.lockedRead(func() error {
		for _, id := range messageIDs {
			if _, ok := r.forgotten[id]; ok {
				out[id] = true
			}
		}
		return nil
	})
	return out, err
}

// holds reports whether some entry matches; the caller holds the lock.
func (r *Record) holds(match func(*Entry) bool) bool {
	for _, e := range r.entries {
		if match(e) {
			return true
		}
	}
	return false
}

// appendSynced appends ev and flushes it to disk.
func (r *Record) appendSynced(ev event) error {
	return r.write(true, func() (event, bool) { return ev, true })
}

// appendAnswer appends ev without flushing it (see Accepted).
func (r *Record) appendAnswer(ev event) error {
	return r.write(false, func() (event, bool) { return ev, true })
}

// write appends the event build returns, unless it says not to. With sync it
// returns once the line is on disk. The flush runs outside the locks, so the
// writes of parallel sends share their flushes instead of queueing for one
// each (a flush writes out whatever the file holds by then).
func (r *Record) write(sync bool, build func() (event, bool)) error {
	var f *os.File
	err := r.locked(func() error {
		ev, ok := build()
		if !ok {
			return nil
		}
		if err := r.appendLocked(ev); err != nil {
			return err
		}
		if sync {
			f = r.f
			r.syncMu.RLock() // nothing closes f until it is flushed
		}
		return nil
	})
	if f == nil {
		return err
	}
	defer r.syncMu.RUnlock()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("flush the send record %s to disk: %w", r.path, err)
	}
	return nil
}

// closeFile closes f once no flush is using it; the caller holds mu.
func (r *Record) closeFile() error {
	if r.f == nil {
		return nil
	}
	r.syncMu.Lock()
	defer r.syncMu.Unlock()
	err := r.f.Close()
	r.f = nil
	return err
}

// lockedRead runs fn, which only reads the entries, holding the process
// mutex; it takes the file lock too only when the file changed since it was
// last read (plans look up every message they create, and most find a file
// that nobody wrote meanwhile). A file of the size already read, and the same
// file, holds nothing new: an append in progress elsewhere is as if it came
// after this read.
func (r *Record) lockedRead(fn func() error) error {
	r.mu.Lock()
	unchanged := !r.closed && r.f != nil && r.unchanged()
	if unchanged {
		defer r.mu.Unlock()
		return fn()
	}
	r.mu.Unlock()
	return r.locked(fn)
}

func (r *Record) unchanged() bool {
	cur, err := os.Stat(r.path)
	if err != nil {
		return false
	}
	open, err := r.f.Stat()
	return err == nil && os.SameFile(cur, open) && cur.Size() == r.read
}

// locked runs fn holding the process mutex and the file lock, with the
// entries brought up to date with the file.
func (r *Record) locked(fn func() error) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return ErrClosed
	}
	if err := r.lock.Lock(); err != nil {
		return fmt.Errorf("lock the send record: %w", err)
	}
	defer func() { _ = r.lock.Unlock() }()
	if err := r.catchUp(); err != nil {
		return err
	}
	return fn()
}
