package provider

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/receiverapi"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sendlog"
)

// findSends against a read API that answers fixed messages: of a label sent
// twice, the first reported is the one; a message first reported before the
// window, callback data that is no label and a label of another send are
// skipped.
func TestFindSendsPicksTheFirstReportedWithinTheWindow(t *testing.T) {
	a := sendlog.Message{Account: "cloud x 1", Recipient: "1555", Content: map[string]string{"type": "image"}}
	b, old := a, a
	b.Recipient, old.Recipient = "1556", "1557"
	now := time.Now().UTC()
	msg := func(id, label string, at time.Time) receiverapi.Message {
		return receiverapi.Message{MessageID: id, CallbackData: label, Status: "sent", Time: at,
			StatusTimes: map[string]time.Time{"sent": at}}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("label_prefix") != a.Group() {
			t.Errorf("query %s, want label_prefix=%s", r.URL.RawQuery, a.Group())
		}
		_ = json.NewEncoder(w).Encode(receiverapi.StatusesPage{Messages: []receiverapi.Message{
			msg("wamid.later", a.Label("x"), now.Add(-time.Minute)),
			msg("wamid.first", a.Label(""), now.Add(-2*time.Minute)),
			msg("wamid.old", old.Label(""), now.Add(-8*24*time.Hour)),
			msg("wamid.nolabel", "order-7", now),
		}})
	}))
	defer srv.Close()
	found, err := findSends(context.Background(), &receiverapi.Client{BaseURL: srv.URL, Token: "t"}, nil, a.Group(),
		map[string]sendlog.Message{"a": a, "b": b, "old": old})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || found["a"].MessageID != "wamid.first" || !found["a"].At.Equal(now.Add(-2*time.Minute)) {
		t.Fatalf("found %+v, want only a as wamid.first", found)
	}
}
