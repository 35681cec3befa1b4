package sendlog

import (
	"strings"
	"testing"
)

func TestLabel(t *testing.T) {
	a := Message{Account: "cloud:1", Recipient: "15551230001", Content: map[string]string{"type": "image", "media_id": "9"}}
	b := a
	b.Recipient = "15551230002"
	if a.Group() != b.Group() {
		t.Fatalf("one content to two recipients has two groups: %q %q", a.Group(), b.Group())
	}
	if a.Label("") == b.Label("") {
		t.Fatal("two recipients share a label")
	}
	if len(a.Label("")) != LabelLength || !strings.HasPrefix(a.Label(""), a.Group()) {
		t.Fatalf("label %q: length %d, want %d with prefix %q", a.Label(""), len(a.Label("")), LabelLength, a.Group())
	}
	c := a
	c.Content = map[string]string{"type": "image", "media_id": "10"}
	if c.Group() == a.Group() {
		t.Fatal("two contents share a group")
	}
	send, user, ok := ParseLabel(a.Label("order-7|x"))
	if !ok || send != a.SendLabel() || user != "order-7|x" {
		t.Fatalf("ParseLabel = %q %q %v", send, user, ok)
	}
	for _, s := range []string{"", "order-7", "wa1.abc.def", a.Group() + "zz", strings.ToUpper(a.Label(""))} {
		if _, _, ok := ParseLabel(s); ok {
			t.Errorf("ParseLabel(%q) took it for a label", s)
		}
	}
}

// TestLabelGolden pins the label of one send: a label that changes across an
// upgrade hides a crashed run's sends from the next run, which sends them a
// second time. Change it only with a new version prefix and a way to read
// the old one.
func TestLabelGolden(t *testing.T) {
	m := Message{Account: "cloud https://graph.facebook.com/v23.0 106540352242922", Recipient: "16315551001",
		Content:  map[string]string{"type": "image", "link": "https://cdn.example.com/kit.png", "recipient_type": "individual"},
		Triggers: map[string]string{"release": "v2"}}
	const want = "wa1.e01407716ff8.c8df19497e22b2585cb4119ef58cce7d|order-7"
	if got := m.Label("order-7"); got != want {
		t.Fatalf("the label of the golden send is %q, want %q: a changed label makes a crashed run's sends go twice", got, want)
	}
}
