package sendrecord

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sendlog"
)

// send writes, as another run would, a send of key to `to` answered with
// messageID ("" leaves it without an answer).
func send(t *testing.T, rec *sendlog.Record, key, to, messageID string) {
	t.Helper()
	in, err := rec.Intend("another run", key, to, nil)
	if err != nil {
		t.Fatal(err)
	}
	if messageID != "" {
		if err := in.Accepted(messageID); err != nil {
			t.Fatal(err)
		}
	}
}

// TestClaim: a plan claims, per key, the first answered send, else the first
// without an answer, and never one it claimed before: two messages of the
// same content adopt two sends, not one twice.
func TestClaim(t *testing.T) {
	path := filepath.Join(t.TempDir(), "record.log")
	other, err := sendlog.Open(path, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = other.Close() }()
	send(t, other, "k1", "1", "")
	send(t, other, "k1", "1", "wamid.a")
	send(t, other, "k1", "1", "wamid.b")
	send(t, other, "k2", "2", "")

	r := New(path, time.Hour, "cloud test")
	for i, want := range []string{"wamid.a", "wamid.b", "", "none"} {
		e, err := r.Find("k1")
		switch {
		case err != nil:
			t.Fatal(err)
		case want == "none":
			if e != nil {
				t.Fatalf("claim %d: %+v, want nothing left to claim", i, *e)
			}
		case e == nil:
			t.Fatalf("claim %d: nothing, want %q", i, want)
		case e.MessageID != want:
			t.Fatalf("claim %d: message ID %q (outcome %s), want %q", i, e.MessageID, e.Outcome, want)
		}
	}
	found, err := r.FindAll(map[string]string{"1": "k1", "2": "k2", "3": "k3"})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || found["2"].Outcome == sendlog.Accepted {
		t.Fatalf("FindAll = %+v, want only recipient 2's unanswered send (k1 is all claimed, k3 unknown)", found)
	}
}
