package sendlog

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// An upload outlives the process that made it; another session finds it
// (newest first) until a state holds it, and its media ID's content stays
// known after that, through compaction, until it is too old.
func TestUploadsAdoptableUntilHeldContentKnownLonger(t *testing.T) {
	compactThreshold = 16
	t.Cleanup(func() { compactThreshold = 1024 })
	path := filepath.Join(t.TempDir(), "sends.log")
	w := openTest(t, path)
	if err := w.Uploaded("a", "logo", "m-old", "s1"); err != nil {
		t.Fatal(err)
	}
	w.now = func() time.Time { return time.Now().Add(time.Second) }
	if err := w.Uploaded("a", "logo", "m-new", "s1"); err != nil {
		t.Fatal(err)
	}
	if err := w.Uploaded("a", "other", "m-other", "s2"); err != nil {
		t.Fatal(err)
	}
	_ = w.Close()

	r := openTest(t, path)
	got, err := r.Uploads("b", "logo", time.Hour)
	if err != nil || len(got) != 2 || got[0].MediaID != "m-new" || got[1].MediaID != "m-old" || got[0].SHA256 != "s1" {
		t.Fatalf("Uploads(logo) = %+v, %v; want m-new then m-old", got, err)
	}
	if own, _ := r.Uploads("a", "logo", time.Hour); len(own) != 0 {
		t.Fatalf("a session finds its own uploads: %+v", own)
	}
	if err := r.UploadSeen("m-new"); err != nil {
		t.Fatal(err)
	}
	if got, _ := r.Uploads("b", "logo", time.Hour); len(got) != 1 || got[0].MediaID != "m-old" {
		t.Fatalf("after m-new was seen in a state, Uploads(logo) = %+v, want only m-old", got)
	}
	// Sends pruned from the record make it compact; the uploads stay.
	for i := range 40 {
		id := send(t, r, "b", fmt.Sprintf("k%d", i))
		if err := r.Seen("", id); err != nil {
			t.Fatal(err)
		}
	}
	if good, _ := badLines(t, path); good > 3*compactThreshold {
		t.Fatalf("the record holds %d lines after 40 pruned sends: it was not compacted", good)
	}
	again := openTest(t, path)
	if sha, ok, err := again.UploadedSHA256("m-new"); !ok || sha != "s1" || err != nil {
		t.Fatalf("UploadedSHA256(m-new) after compaction = %q, %v, %v; want s1", sha, ok, err)
	}
	if got, _ := again.Uploads("b", "logo", time.Hour); len(got) != 1 || got[0].MediaID != "m-old" {
		t.Fatalf("after compaction Uploads(logo) = %+v, want only m-old (m-new stays held)", got)
	}
	if _, ok, _ := again.UploadedSHA256("m-unknown"); ok {
		t.Fatal("UploadedSHA256 knows a media ID nobody uploaded")
	}
	if got, _ := again.Uploads("b", "logo", 0); len(got) != 0 {
		t.Fatalf("Uploads with a zero window = %+v, want none", got)
	}
	_ = again.Close()

	// Older than the record's age limit: gone when the file is opened.
	old, err := Open(path, time.Nanosecond)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = old.Close() }()
	if _, ok, _ := old.UploadedSHA256("m-old"); ok {
		t.Fatal("an upload older than the record's age limit survived reopening")
	}
}

// TestUploadOutlivesItsAgeWhileASendNeedsIt: a file uploaded eight days ago
// and sent yesterday names yesterday's send by its content; the record keeps
// what the media ID's content is while that send is adoptable, and drops it
// once no send is left.
func TestUploadOutlivesItsAgeWhileASendNeedsIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sends.log")
	w := openTest(t, path)
	w.now = func() time.Time { return time.Now().Add(-8 * 24 * time.Hour) }
	if err := w.Uploaded("a", "logo", "m-1", "s1"); err != nil {
		t.Fatal(err)
	}
	w.now = func() time.Time { return time.Now().Add(-24 * time.Hour) }
	id := send(t, w, "a", "k-by-content")
	_ = w.Close()

	r := openTest(t, path) // seven days: the upload is older, the send is not
	if sha, ok, err := r.UploadedSHA256("m-1"); !ok || sha != "s1" || err != nil {
		t.Fatalf("UploadedSHA256(m-1) while a send is adoptable = %q, %v, %v; want s1", sha, ok, err)
	}
	if err := r.Seen("", id); err != nil {
		t.Fatal(err)
	}
	_ = r.Close()
	again := openTest(t, path)
	if _, ok, _ := again.UploadedSHA256("m-1"); ok {
		t.Fatal("an upload older than the age limit survived once no send was left")
	}
}
