package sendlog

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

func openTest(t *testing.T, path string) *Record {
	t.Helper()
	r, err := Open(path, 7*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Close() })
	return r
}

// send records one answered send and returns its message ID.
func send(t *testing.T, r *Record, session, key string) string {
	t.Helper()
	in, err := r.Intend(session, key, "4917012345", map[string]string{"media_id": "m1"})
	if err != nil {
		t.Fatal(err)
	}
	id := "wamid." + key
	if err := in.Accepted(id); err != nil {
		t.Fatal(err)
	}
	return id
}

// badLines counts the lines of the file that do not check out.
func badLines(t *testing.T, path string) (good, bad int) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if _, ok := decode(sc.Bytes()); ok {
			good++
		} else {
			bad++
		}
	}
	return good, bad
}

func TestRecordOutlivesTheProcessThatWroteIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "sends.log")
	w := openTest(t, path)
	id := send(t, w, "run1", "k1")
	pending, err := w.Intend("run1", "k2", "4917012346", nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = pending // the process "dies" before the answer

	r := openTest(t, path)
	got, err := r.Lookup("run2", "k1", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Outcome != Accepted || got[0].MessageID != id || got[0].Details["media_id"] != "m1" || got[0].Recipient != "4917012345" {
		t.Fatalf("Lookup(k1) = %+v, want the accepted send %s", got, id)
	}
	if got, _ := r.Lookup("run2", "k2", time.Hour); len(got) != 1 || got[0].Outcome != Pending {
		t.Fatalf("Lookup(k2) = %+v, want one pending intent", got)
	}
	if got, _ := r.Lookup("run1", "k1", time.Hour); len(got) != 0 {
		t.Fatalf("a session's own sends are skipped, got %+v", got)
	}
	if e, ok, _ := byMessageID(r, id); !ok || e.Key != "k1" {
		t.Fatalf("ByMessageID(%s) = %+v, %v", id, e, ok)
	}
}

func TestRecordWindowAndOutcomes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sends.log")
	r := openTest(t, path)
	clock := time.Now()
	r.now = func() time.Time { return clock }
	send(t, r, "a", "old")
	clock = clock.Add(2 * time.Hour)
	if got, _ := r.Lookup("b", "old", time.Hour); len(got) != 0 {
		t.Fatalf("a send older than the window was returned: %+v", got)
	}
	if got, _ := r.Lookup("b", "old", 3*time.Hour); len(got) != 1 {
		t.Fatalf("a send within the window was not returned: %+v", got)
	}

	in, _ := r.Intend("a", "refused", "1", nil)
	if err := in.NotSent(); err != nil {
		t.Fatal(err)
	}
	in, _ = r.Intend("a", "lost", "1", nil)
	if err := in.Unknown(); err != nil {
		t.Fatal(err)
	}
	if got, _ := r.Lookup("b", "refused", time.Hour); len(got) != 0 {
		t.Fatalf("a send the API refused is not a send: %+v", got)
	}
	if got, _ := r.Lookup("b", "lost", time.Hour); len(got) != 1 || got[0].Outcome != Unknown {
		t.Fatalf("Lookup(lost) = %+v, want one unknown outcome", got)
	}

	id := send(t, r, "a", "seen")
	if err := r.Seen("", id); err != nil {
		t.Fatal(err)
	}
	in, _ = r.Intend("a", "traced", "1", nil)
	if err := in.Unknown(); err != nil {
		t.Fatal(err)
	}
	send(t, r, "a", "traced") // an accepted send with the same key stays
	if err := r.Seen("traced", ""); err != nil {
		t.Fatal(err)
	}
	if got, _ := r.Lookup("b", "traced", time.Hour); len(got) != 1 || got[0].Outcome != Accepted {
		t.Fatalf("after a state held the unknown outcome, Lookup(traced) = %+v, want only the accepted send", got)
	}
	send(t, r, "a", "destroyed")
	if err := r.Forget("destroyed", ""); err != nil {
		t.Fatal(err)
	}
	fresh := openTest(t, path)
	for _, key := range []string{"seen", "destroyed", "refused"} {
		if got, _ := fresh.Lookup("b", key, 24*time.Hour); len(got) != 0 {
			t.Errorf("Lookup(%s) after reopening = %+v, want nothing", key, got)
		}
	}
}

func TestRecordIgnoresATornLastLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sends.log")
	w := openTest(t, path)
	send(t, w, "a", "k1")
	send(t, w, "a", "k2")
	_ = w.Close()
	// A crash in the middle of a write: half a line, no newline.
	whole := encode(event{Op: opIntent, Send: "torn", Key: "k3", Session: "a", At: time.Now()})
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(whole[:len(whole)/2]); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()

	r := openTest(t, path)
	for key, want := range map[string]int{"k1": 1, "k2": 1, "k3": 0} {
		if got, err := r.Lookup("b", key, time.Hour); err != nil || len(got) != want {
			t.Fatalf("Lookup(%s) = %+v, %v; want %d entries", key, got, err, want)
		}
	}
	// The next write starts on a line of its own, so the torn one stays one ignored line.
	send(t, r, "b", "k4")
	if got, _ := openTest(t, path).Lookup("c", "k4", time.Hour); len(got) != 1 || got[0].Outcome != Accepted {
		t.Fatalf("the send written after a torn line was lost: %+v", got)
	}
	if good, bad := badLines(t, path); good != 6 || bad != 1 {
		t.Fatalf("the file has %d good and %d bad lines, want 6 and 1 (the torn one)", good, bad)
	}
}

func TestRecordUnderConcurrentGoroutines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sends.log")
	r := openTest(t, path)
	const writers, each = 16, 10
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				send(t, r, "a", fmt.Sprintf("w%d-%d", w, i))
			}
		})
	}
	wg.Wait()
	checkAllSent(t, path, "w", writers, each)
}

// checkAllSent reopens the record and expects every key prefix<w>-<i> to be
// one accepted send, and every line of the file whole.
func checkAllSent(t *testing.T, path, prefix string, writers, each int) {
	t.Helper()
	r := openTest(t, path)
	for w := range writers {
		for i := range each {
			key := fmt.Sprintf("%s%d-%d", prefix, w, i)
			got, err := r.Lookup("reader", key, time.Hour)
			if err != nil || len(got) != 1 || got[0].Outcome != Accepted || got[0].MessageID != "wamid."+key {
				t.Fatalf("Lookup(%s) = %+v, %v; want its accepted send", key, got, err)
			}
		}
	}
	if good, bad := badLines(t, path); bad != 0 || good != 2*writers*each {
		t.Fatalf("the file has %d good and %d bad lines, want %d and 0: writes were interleaved", good, bad, 2*writers*each)
	}
}

// TestRecordUnderTwoProcesses runs this test binary twice at once as writers
// on one file (TestRecordHelperProcess), each with parallel goroutines.
func TestRecordUnderTwoProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sends.log")
	const procs, goroutines, each = 2, 4, 25
	cmds := make([]*exec.Cmd, procs)
	for p := range procs {
		cmd := exec.Command(os.Args[0], "-test.run=^TestRecordHelperProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(), "SENDLOG_HELPER_PATH="+path, "SENDLOG_HELPER_PREFIX=p"+strconv.Itoa(p)+"g",
			"SENDLOG_HELPER_GOROUTINES="+strconv.Itoa(goroutines), "SENDLOG_HELPER_EACH="+strconv.Itoa(each))
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds[p] = cmd
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("writer process: %v", err)
		}
	}
	r := openTest(t, path)
	for p := range procs {
		for g := range goroutines {
			for i := range each {
				key := fmt.Sprintf("p%dg%d-%d", p, g, i)
				if got, _ := r.Lookup("reader", key, time.Hour); len(got) != 1 || got[0].Outcome != Accepted {
					t.Fatalf("Lookup(%s) = %+v; want its accepted send", key, got)
				}
			}
		}
	}
	if good, bad := badLines(t, path); bad != 0 || good != 2*procs*goroutines*each {
		t.Fatalf("the file has %d good and %d bad lines, want %d and 0", good, bad, 2*procs*goroutines*each)
	}
}

// TestRecordHelperProcess is one writer of TestRecordUnderTwoProcesses; on its
// own it does nothing.
func TestRecordHelperProcess(t *testing.T) {
	path := os.Getenv("SENDLOG_HELPER_PATH")
	if path == "" {
		return
	}
	goroutines, _ := strconv.Atoi(os.Getenv("SENDLOG_HELPER_GOROUTINES"))
	each, _ := strconv.Atoi(os.Getenv("SENDLOG_HELPER_EACH"))
	r := openTest(t, path)
	session := NewSession()
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range each {
				send(t, r, session, fmt.Sprintf("%s%d-%d", os.Getenv("SENDLOG_HELPER_PREFIX"), g, i))
			}
		})
	}
	wg.Wait()
}

func TestRecordStaysBounded(t *testing.T) {
	compactThreshold = 64
	t.Cleanup(func() { compactThreshold = 1024 })
	path := filepath.Join(t.TempDir(), "sends.log")
	r := openTest(t, path)
	other := openTest(t, path) // a second opener, as another process would be
	for i := range 300 {
		id := send(t, r, "a", fmt.Sprintf("k%d", i))
		if err := r.Seen("", id); err != nil {
			t.Fatal(err)
		}
	}
	live := send(t, r, "a", "live")
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() > int64(3*compactThreshold*200) {
		t.Fatalf("after 300 pruned sends the record is %d bytes: it is not compacted", st.Size())
	}
	// The second opener holds the file that compaction replaced, and follows.
	if got, err := other.Lookup("b", "live", time.Hour); err != nil || len(got) != 1 || got[0].MessageID != live {
		t.Fatalf("after compaction by another opener, Lookup(live) = %+v, %v", got, err)
	}
	if got, _ := other.Lookup("b", "k1", time.Hour); len(got) != 0 {
		t.Fatalf("a pruned send survived compaction: %+v", got)
	}
}

func TestRecordDropsExpiredEntriesWhenOpened(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sends.log")
	r := openTest(t, path)
	r.now = func() time.Time { return time.Now().Add(-48 * time.Hour) }
	send(t, r, "a", "old")
	r.now = time.Now
	send(t, r, "a", "new")
	_ = r.Close()
	again, err := Open(path, 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = again.Close() }()
	if good, _ := badLines(t, path); good != 2 {
		t.Fatalf("after reopening with a 24h age limit the file has %d lines, want the 2 of the new send", good)
	}
	if got, _ := again.Lookup("b", "new", time.Hour); len(got) != 1 {
		t.Fatalf("the recent send was dropped: %+v", got)
	}
}

func TestMessageKey(t *testing.T) {
	base := Message{Account: "cloud 1", Recipient: "4917012345", Content: map[string]string{"type": "image", "link": "https://a"},
		Triggers: map[string]string{"release": "1"}}
	same := Message{Account: "cloud 1", Recipient: "4917012345", Content: map[string]string{"link": "https://a", "type": "image"},
		Triggers: map[string]string{"release": "1"}}
	if base.Key() != same.Key() {
		t.Fatal("the same message in another map order has another key")
	}
	for name, other := range map[string]Message{
		"account":   {Account: "cloud 2", Recipient: base.Recipient, Content: base.Content, Triggers: base.Triggers},
		"recipient": {Account: base.Account, Recipient: "4917012346", Content: base.Content, Triggers: base.Triggers},
		"content":   {Account: base.Account, Recipient: base.Recipient, Content: map[string]string{"type": "video", "link": "https://a"}, Triggers: base.Triggers},
		"triggers":  {Account: base.Account, Recipient: base.Recipient, Content: base.Content, Triggers: map[string]string{"release": "2"}},
	} {
		if other.Key() == base.Key() {
			t.Errorf("another %s gives the same key", name)
		}
	}
}

// A reader sees what another opener (another process) wrote after it last looked.
func TestRecordLookupSeesLaterWrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sends.log")
	reader, writer := openTest(t, path), openTest(t, path)
	if got, _ := reader.Lookup("r", "k", time.Hour); len(got) != 0 {
		t.Fatalf("Lookup on an empty record = %+v", got)
	}
	id := send(t, writer, "w", "k")
	if got, _ := reader.Lookup("r", "k", time.Hour); len(got) != 1 || got[0].MessageID != id {
		t.Fatalf("Lookup after another opener wrote = %+v, want %s", got, id)
	}
}

// A broadcast looks up, prunes and forgets thousands of sends at once: one
// pass, one line each, with the same rules as for one send, and another
// opener sees the same result.
func TestRecordBatchLookupSeenForget(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sends.log")
	w := openTest(t, path)
	ids := map[string]string{}
	for _, key := range []string{"a", "b", "c", "d"} {
		ids[key] = send(t, w, "w", key)
	}
	unanswered, err := w.Intend("w", "e", "4917012345", nil)
	if err != nil || unanswered == nil {
		t.Fatal(err)
	}
	got, err := w.LookupAll("other", []string{"a", "e", "z"}, time.Hour)
	if err != nil || len(got) != 2 || got["a"][0].MessageID != ids["a"] || got["e"][0].Outcome != Pending {
		t.Fatalf("LookupAll = %+v, %v; want a (accepted) and e (pending)", got, err)
	}
	if got, _ := w.LookupAll("w", []string{"a"}, time.Hour); len(got) != 0 {
		t.Fatalf("LookupAll returned the session's own sends: %+v", got)
	}
	// seen: a by its message ID; e by its key (unanswered); b by key only stays (it has its answer).
	if err := w.SeenAll([]string{"b", "e"}, []string{ids["a"]}); err != nil {
		t.Fatal(err)
	}
	// forget: c by key, d by message ID.
	if err := w.ForgetAll([]string{"c"}, []string{ids["d"]}); err != nil {
		t.Fatal(err)
	}
	for _, r := range []*Record{w, openTest(t, path)} {
		got, err := r.LookupAll("other", []string{"a", "b", "c", "d", "e"}, time.Hour)
		if err != nil || len(got) != 1 || got["b"][0].MessageID != ids["b"] {
			t.Fatalf("after SeenAll and ForgetAll the record holds %+v (%v), want only b", got, err)
		}
	}
	good, bad := badLines(t, path)
	if bad != 0 || good != 4*2+1+2 {
		t.Fatalf("the file has %d good and %d bad lines, want 11 good: one line per batch", good, bad)
	}
}

// TestMessageKeyGolden pins the digest itself: the record written by one
// version of the provider is read by the next, so a key computed another way
// (another encoding, another hash) would make a send whose state was lost
// unrecognisable, and the next apply would send it twice.
func TestMessageKeyGolden(t *testing.T) {
	m := Message{Account: "cloud https://graph.facebook.com 106540352242922", Recipient: "16315551001",
		Content:  map[string]string{"type": "image", "link": "https://cdn.example.com/kit.png", "recipient_type": "individual"},
		Triggers: map[string]string{"release": "v2"}}
	const want = "c761fd8fbfc10fbf6a3300552787d82c378d656e78e6f65666facbdaddfcb8eb"
	if got := m.Key(); got != want {
		t.Fatalf("Key() = %s, want %s", got, want)
	}
}

// byMessageID returns the accepted entry that holds messageID: how a test
// sees what the record keeps of a send.
func byMessageID(r *Record, messageID string) (Entry, bool, error) {
	var found Entry
	ok := false
	err := r.locked(func() error {
		for _, e := range r.entries {
			if e.Outcome == Accepted && e.MessageID == messageID {
				found, ok = *e, true
				return nil
			}
		}
		return nil
	})
	return found, ok, err
}

// TestAnswerKeepsItsOwnTime: a send's answer keeps when it was written, apart
// from the intent's time, across reopening and compaction: a plan that adopts
// the send gives it the sent_at its lost state held.
func TestAnswerKeepsItsOwnTime(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sends.log")
	w := openTest(t, path)
	intended := time.Now().Add(-time.Hour).UTC().Truncate(time.Second)
	w.now = func() time.Time { return intended }
	in, err := w.Intend("a", "k", "4917012345", nil)
	if err != nil {
		t.Fatal(err)
	}
	answered := intended.Add(3 * time.Second)
	w.now = func() time.Time { return answered }
	if err := in.Accepted("wamid.k"); err != nil {
		t.Fatal(err)
	}
	if err := w.compact(); err != nil {
		t.Fatal(err)
	}
	_ = w.Close()
	r := openTest(t, path)
	got, err := r.Lookup("b", "k", 7*24*time.Hour)
	if err != nil || len(got) != 1 {
		t.Fatalf("Lookup = %+v, %v", got, err)
	}
	if !got[0].At.Equal(intended) || !got[0].Answered.Equal(answered) {
		t.Fatalf("entry times: intent %v, answer %v; want %v and %v", got[0].At, got[0].Answered, intended, answered)
	}
}

// A send without an answer settled from WhatsApp's statuses is an accepted
// send with that message ID and time, for every process that reads the file.
func TestSettle(t *testing.T) {
	path := filepath.Join(t.TempDir(), "record.log")
	r, err := Open(path, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	in, err := r.Intend("a", "k", "1555", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := in.Unknown(); err != nil {
		t.Fatal(err)
	}
	got, _ := r.Lookup("b", "k", time.Hour)
	if len(got) != 1 || got[0].Outcome != Unknown {
		t.Fatalf("before: %+v", got)
	}
	at := time.Now().Add(-time.Minute).UTC().Truncate(time.Second)
	if err := r.Settle(got[0].Send, "wamid.1", at); err != nil {
		t.Fatal(err)
	}
	_ = r.Close()
	r2, err := Open(path, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = r2.Close() }()
	got, _ = r2.Lookup("b", "k", time.Hour)
	if len(got) != 1 || got[0].Outcome != Accepted || got[0].MessageID != "wamid.1" || !got[0].Answered.Equal(at) {
		t.Fatalf("after settle: %+v", got)
	}
}

// A forgotten message ID stays known as forgotten, across a reopen and a
// compaction, though no entry held it any more (a state had it pruned).
func TestForgottenSurvivesCompaction(t *testing.T) {
	path := filepath.Join(t.TempDir(), "record.log")
	r, err := Open(path, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.ForgetAll(nil, []string{"wamid.1", "wamid.2"}); err != nil {
		t.Fatal(err)
	}
	if err := r.compact(); err != nil {
		t.Fatal(err)
	}
	_ = r.Close()
	r2, err := Open(path, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = r2.Close() }()
	got, err := r2.Forgotten([]string{"wamid.1", "wamid.2", "wamid.3"})
	if err != nil || !got["wamid.1"] || !got["wamid.2"] || got["wamid.3"] {
		t.Fatalf("Forgotten = %v, %v; want wamid.1 and wamid.2", got, err)
	}
}
