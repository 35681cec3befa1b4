package sendlog

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"time"
)

// The file holds one event per line: eight hex digits of the CRC-32C of the
// JSON that follows, a space, the JSON, a newline. A line that does not check
// out (the torn last line of a crash, or a partial write past it) is ignored.

const (
	opIntent  = "intent"   // a send is about to be made
	opAnswer  = "answer"   // what became of it
	opNotSent = "not_sent" // the API proved it did not take it
	opSeen    = "seen"     // the state holds the message: prune it
	opForget  = "forget"   // the message was destroyed: forget it
	opUpload  = "upload"   // a file was uploaded (upload.go)
	opHeld    = "held"     // a state holds that upload: no plan may adopt it
)

type event struct {
	Op        string            `json:"op"`
	Send      string            `json:"send,omitempty"`
	Key       string            `json:"key,omitempty"`
	To        string            `json:"to,omitempty"`
	Session   string            `json:"session,omitempty"`
	At        time.Time         `json:"at"`
	Outcome   Outcome           `json:"outcome,omitempty"`
	MessageID string            `json:"message_id,omitempty"`
	Details   map[string]string `json:"details,omitempty"`
	// Keys and MessageIDs make one seen or forget event of many (a broadcast
	// prunes or forgets thousands of sends at once, with one flush).
	Keys       []string `json:"keys,omitempty"`
	MessageIDs []string `json:"message_ids,omitempty"`
	// An upload's facts (opUpload, opHeld); Held is set only by compaction.
	MediaID string `json:"media_id,omitempty"`
	SHA256  string `json:"sha256,omitempty"`
	Held    bool   `json:"held,omitempty"`
}

var crcTable = crc32.MakeTable(crc32.Castagnoli)

func encode(ev event) []byte {
	data, _ := json.Marshal(ev) // plain strings, times and maps: cannot fail
	return fmt.Appendf(nil, "%08x %s\n", crc32.Checksum(data, crcTable), data)
}

func decode(line []byte) (event, bool) {
	var ev event
	if len(line) < 10 || line[8] != ' ' {
		return ev, false
	}
	var sum uint32
	if _, err := fmt.Sscanf(string(line[:8]), "%08x", &sum); err != nil {
		return ev, false
	}
	data := line[9:]
	if crc32.Checksum(data, crcTable) != sum || json.Unmarshal(data, &ev) != nil {
		return ev, false
	}
	return ev, true
}

// apply folds one event into the entries.
func (r *Record) apply(ev event) {
	switch ev.Op {
	case opIntent:
		r.entries[ev.Send] = &Entry{Send: ev.Send, Key: ev.Key, Recipient: ev.To, Session: ev.Session, At: ev.At,
			Outcome: Pending, Details: ev.Details}
	case opAnswer:
		if e := r.entries[ev.Send]; e != nil {
			e.Outcome, e.MessageID, e.Answered = ev.Outcome, ev.MessageID, ev.At
		}
	case opNotSent:
		delete(r.entries, ev.Send)
	case opUpload, opHeld:
		r.applyUpload(ev)
	case opSeen, opForget:
		if ev.Op == opForget {
			for id := range set(ev.MessageID, ev.MessageIDs) {
				r.forgotten[id] = ev.At
			}
		}
		prunes := ev.pruner()
		for id, e := range r.entries {
			if prunes(e) {
				delete(r.entries, id)
			}
		}
	}
}

// pruner says which entries a seen or forget event drops: forget drops the
// message IDs and every entry with one of the keys; seen drops the message
// IDs, and with a key only sends without an answer (the state holds their
// trace). An empty key or message ID names nothing.
func (ev event) pruner() func(*Entry) bool {
	keys, ids := set(ev.Key, ev.Keys), set(ev.MessageID, ev.MessageIDs)
	return func(e *Entry) bool {
		if e.MessageID != "" && ids[e.MessageID] {
			return true
		}
		return keys[e.Key] && (ev.Op == opForget || e.Outcome != Accepted)
	}
}

// set is one and many as a set, without the empty string.
func set(one string, many []string) map[string]bool {
	s := make(map[string]bool, len(many)+1)
	for _, v := range append(many, one) {
		if v != "" {
			s[v] = true
		}
	}
	return s
}

// catchUp makes f the file now at path (another process may have compacted
// it into a new file) and takes in the lines appended since the last call.
// A last line without its newline is left for later: under the lock it can
// only be the torn write of a crash, which appendLocked ends first.
func (r *Record) catchUp() error {
	if r.f != nil {
		cur, err := os.Stat(r.path)
		open, ferr := r.f.Stat()
		if err != nil || ferr != nil || !os.SameFile(cur, open) {
			_ = r.closeFile()
		}
	}
	if r.f == nil {
		f, created, err := openFile(r.path)
		if err != nil {
			return err
		}
		r.f, r.read, r.lines, r.entries, r.uploads = f, 0, 0, map[string]*Entry{}, map[string]*Upload{}
		r.forgotten = map[string]time.Time{}
		if created {
			syncDir(r.path)
		}
	}
	if _, err := r.f.Seek(r.read, io.SeekStart); err != nil {
		return fmt.Errorf("read the send record %s: %w", r.path, err)
	}
	br := bufio.NewReader(r.f)
	for {
		line, err := br.ReadBytes('\n')
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil // a partial last line stays unread
			}
			return fmt.Errorf("read the send record %s: %w", r.path, err)
		}
		r.read += int64(len(line))
		r.lines++
		if ev, ok := decode(bytes.TrimSuffix(line, []byte("\n"))); ok {
			r.apply(ev)
		}
	}
}

func openFile(path string) (*os.File, bool, error) {
	_, statErr := os.Stat(path)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, false, fmt.Errorf("open the send record: %w", err)
	}
	return f, os.IsNotExist(statErr), nil
}

// appendLocked writes ev at the end of the file, after a newline when the
// file ends in a torn line (so it stays one ignored line). Flushing it is the
// caller's (Record.write).
func (r *Record) appendLocked(ev event) error {
	line := encode(ev)
	end, err := r.f.Seek(0, io.SeekEnd)
	if err != nil {
		return fmt.Errorf("write the send record %s: %w", r.path, err)
	}
	if end > r.read {
		line = append([]byte("\n"), line...)
		r.lines++
	}
	if _, err := r.f.Write(line); err != nil {
		return fmt.Errorf("write the send record %s: %w", r.path, err)
	}
	r.read = end + int64(len(line))
	r.lines++
	r.apply(ev)
	if r.worthCompacting() {
		return r.compact()
	}
	return nil
}

// compactThreshold is how many dead lines a file may carry before it is
// rewritten with its live entries only (a variable for tests).
var compactThreshold = 1024

// worthCompacting: most of the file is dead (pruned, forgotten, not sent or
// answered entries take two lines each), and enough of it to pay for a rewrite.
func (r *Record) worthCompacting() bool {
	live := 2*len(r.entries) + len(r.uploads) + len(r.forgotten)
	dead := r.lines - live
	return dead >= compactThreshold && dead > live
}

// compactIfWorthIt drops entries too old to be adopted, then compacts when
// that or earlier prunes left the file mostly dead.
func (r *Record) compactIfWorthIt() error {
	expired := false
	if r.maxAge > 0 {
		since := r.now().Add(-r.maxAge)
		for id, e := range r.entries {
			if e.At.Before(since) {
				delete(r.entries, id)
				expired = true
			}
		}
		// An upload's content names the sends by its media ID (upload.go), so it
		// outlives its age limit while any send is still adoptable: a send made
		// days after its upload must be found under the same key after a crash.
		for id, u := range r.uploads {
			if len(r.entries) == 0 && u.At.Before(since) {
				delete(r.uploads, id)
				expired = true
			}
		}
		for id, at := range r.forgotten {
			if at.Before(since) {
				delete(r.forgotten, id)
				expired = true
			}
		}
	}
	if expired || r.worthCompacting() {
		return r.compact()
	}
	return nil
}

// compact writes the live entries into a new file, flushes it and renames it
// over the record: a crash leaves either the old file or the new one whole.
// Other processes notice the new file in catchUp.
func (r *Record) compact() error {
	tmp := r.path + ".compact"
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("compact the send record: %w", err)
	}
	w := bufio.NewWriter(f)
	lines := 0
	for _, e := range r.entries {
		_, _ = w.Write(encode(event{Op: opIntent, Send: e.Send, Key: e.Key, To: e.Recipient, Session: e.Session, At: e.At, Details: e.Details}))
		lines++
		if e.Outcome != Pending {
			_, _ = w.Write(encode(event{Op: opAnswer, Send: e.Send, Outcome: e.Outcome, MessageID: e.MessageID, At: e.answeredAt()}))
			lines++
		}
	}
	for _, u := range r.uploads {
		_, _ = w.Write(encode(u.event()))
		lines++
	}
	for id, at := range r.forgotten {
		_, _ = w.Write(encode(event{Op: opForget, MessageID: id, At: at}))
		lines++
	}
	err = errors.Join(w.Flush(), f.Sync())
	if err == nil {
		err = os.Rename(tmp, r.path)
	}
	if err != nil {
		_ = f.Close()
		_ = os.Remove(tmp)
		return fmt.Errorf("compact the send record: %w", err)
	}
	syncDir(r.path)
	_ = r.closeFile()
	size, _ := f.Seek(0, io.SeekEnd)
	// Reopen for appending: f was opened without O_APPEND.
	_ = f.Close()
	nf, _, err := openFile(r.path)
	if err != nil {
		return err
	}
	r.f, r.read, r.lines = nf, size, lines
	return nil
}

// syncDir flushes the directory holding path, so a new or renamed file's
// name is on disk too. Not every platform can; it is best effort.
func syncDir(path string) {
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

// answeredAt is when e's answer was written; a record compacted before
// answers kept their own time wrote the intent's.
func (e *Entry) answeredAt() time.Time {
	if e.Answered.IsZero() {
		return e.At
	}
	return e.Answered
}
