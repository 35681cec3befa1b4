// Package sendrecord is the provider's use of the record of sends
// (internal/sendlog): how a message survives the loss of the state that
// should hold it. A send's intent is written, and flushed to disk, just
// before each attempt of the send (and dropped when the API proves it did
// not take it), its answer after; a plan that would send a message the record
// holds and no state does claims the recorded send instead (Find, FindAll):
// the first answered one, else the first without an answer. Read prunes what
// the state holds (Seen); Delete forgets what the user destroyed (Forget), so
// that creating it again sends it again.
//
// A send is named by its key (content.Content.Identity). This package
// returns facts and errors; the provider words them (send_record.go).
package sendrecord

import (
	"sort"
	"sync"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sendlog"
)

// Record is one provider configuration's use of the record: the file
// (shared by every configuration of the process that names it), who sends,
// and which recorded sends this configuration's plans already claimed.
type Record struct {
	path    string
	window  time.Duration
	sender  string // whatsapp.Client.Sender: a send by another account is another message
	session string // this configuration's sends, which its own lookups skip

	mu      sync.Mutex
	claimed map[string]bool // sendlog.Entry.Send claimed by a plan of this configuration
}

// New is the record at path (absolute), whose sends can be claimed for
// window, for the sends of sender. It opens nothing: the file is opened when
// a message first needs it.
func New(path string, window time.Duration, sender string) *Record {
	return &Record{path: path, window: window, sender: sender, session: sendlog.NewSession(), claimed: map[string]bool{}}
}

// Path is where the record is kept, for the provider's words.
func (r *Record) Path() string { return r.path }

// Window is how long a recorded send can be adopted.
func (r *Record) Window() time.Duration { return r.window }

// Sender is the account whose sends the record names (content.Content.Identity's account).
func (r *Record) Sender() string { return r.sender }

// openRecords holds the record files this process opened, by path: Terraform
// configures the provider again for every plan and apply, and the file stays
// open for the life of the process, which is one Terraform command.
var (
	openRecordsMu sync.Mutex
	openRecords   = map[string]*sendlog.Record{}
)

func (r *Record) file() (*sendlog.Record, error) {
	openRecordsMu.Lock()
	defer openRecordsMu.Unlock()
	if rec := openRecords[r.path]; rec != nil {
		return rec, nil
	}
	rec, err := sendlog.Open(r.path, r.window)
	if err != nil {
		return nil, err
	}
	openRecords[r.path] = rec
	return rec, nil
}

// claim picks, among the entries of one send's key, the one a plan adopts
// and marks it claimed, so that another plan of this configuration (a second
// message or recipient with the same content) does not adopt it too: the
// first answered send, else the first without an answer; nil when every one
// is claimed. r.mu must be held.
func (r *Record) claim(entries []sendlog.Entry) *sendlog.Entry {
	var answered, unanswered *sendlog.Entry
	for i, e := range entries {
		switch {
		case r.claimed[e.Send]:
		case e.Outcome == sendlog.Accepted && answered == nil:
			answered = &entries[i]
		case e.Outcome != sendlog.Accepted && unanswered == nil:
			unanswered = &entries[i]
		}
	}
	picked := answered
	if picked == nil {
		picked = unanswered
	}
	if picked != nil {
		r.claimed[picked.Send] = true
	}
	return picked
}

// Find claims a recorded send of key that no state holds; nil when there is
// none.
func (r *Record) Find(key string) (*sendlog.Entry, error) {
	found, err := r.FindAll(map[string]string{"": key})
	if e, ok := found[""]; ok {
		return &e, err
	}
	return nil, err
}

// FindAll claims, for each recipient of keys (recipient -> its send's key),
// a recorded send no state holds, and returns them by recipient.
func (r *Record) FindAll(keys map[string]string) (map[string]sendlog.Entry, error) {
	rec, err := r.file()
	var found map[string][]sendlog.Entry
	if err == nil {
		found, err = rec.LookupAll(r.session, KeysOf(keys), r.window)
	}
	if err != nil || len(found) == 0 {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[string]sendlog.Entry{}
	for _, to := range sortedKeys(keys) {
		if e := r.claim(found[keys[to]]); e != nil {
			out[to] = *e
		}
	}
	return out, nil
}

// Settle records that a recorded send without an answer was accepted as
// messageID, as WhatsApp's statuses say (first reported at), so that the
// next plan adopts it without asking again.
func (r *Record) Settle(send, messageID string, at time.Time) error {
	return r.with(func(rec *sendlog.Record) error { return rec.Settle(send, messageID, at) })
}

// Forgotten returns which of messageIDs the record forgot within its
// window: messages destroyed on purpose, or recipients removed from a
// broadcast.
func (r *Record) Forgotten(messageIDs []string) (map[string]bool, error) {
	rec, err := r.file()
	if err != nil {
		return nil, err
	}
	return rec.Forgotten(messageIDs)
}

// Seen prunes a send the state holds: by its message ID, or, for a send the
// state keeps as an unknown outcome (no ID), by its key. Best effort for the
// caller: a send left in the record is only adopted where no state holds it.
func (r *Record) Seen(key, messageID string) error {
	return r.with(func(rec *sendlog.Record) error { return rec.Seen(key, messageID) })
}

// SeenAll is Seen for a broadcast's held recipients at once.
func (r *Record) SeenAll(keys, messageIDs []string) error {
	return r.with(func(rec *sendlog.Record) error { return rec.SeenAll(keys, messageIDs) })
}

// Forget drops a destroyed message from the record, so that creating it
// again sends it again.
func (r *Record) Forget(key, messageID string) error {
	return r.with(func(rec *sendlog.Record) error { return rec.Forget(key, messageID) })
}

// ForgetAll is Forget for a broadcast's forgotten recipients at once.
func (r *Record) ForgetAll(keys, messageIDs []string) error {
	return r.with(func(rec *sendlog.Record) error { return rec.ForgetAll(keys, messageIDs) })
}

// with calls fn on the record's file, opening it first.
func (r *Record) with(fn func(*sendlog.Record) error) error {
	rec, err := r.file()
	if err != nil {
		return err
	}
	return fn(rec)
}

// KeysOf lists the keys of sends by recipient (recipient -> key), sorted.
func KeysOf(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

// sortedKeys lists m's keys, sorted.
func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
