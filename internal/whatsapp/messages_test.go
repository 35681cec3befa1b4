package whatsapp_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// strictTo is what the strictest gateway we know takes as "to": digits with
// an optional leading +, nothing else (internal/whatsapp/API.md, "The message body").
var strictTo = regexp.MustCompile(`^\+?[0-9]{6,15}$`)

// TestSendBodyRecipientIsCanonical: whatever way a recipient was written,
// every send body of both flavors carries it as its canonical digits, which a
// strict gateway takes. It records the bodies on a plain server, not the
// sandbox, so the test sees exactly what the client wrote.
func TestSendBodyRecipientIsCanonical(t *testing.T) {
	written := map[string]string{
		"+49 170 1223003":      "491701223003",
		"491701223003":         "491701223003",
		"+491701223003":        "491701223003",
		"+49 (170) 122-30.03":  "491701223003",
		"  +1 631 555 1001":    "", // a leading space is not formatting: refused
		"1.631.555.1001":       "16315551001",
		"(1) 631-555-1001":     "16315551001",
		"+1-631-555-1001":      "16315551001",
		"123456":               "123456",
		"+1 2345 6789 012 345": "123456789012345",
	}
	for _, flavor := range []whatsapp.Flavor{whatsapp.Cloud, whatsapp.OnPremises} {
		t.Run(string(flavor), func(t *testing.T) {
			var mu sync.Mutex
			var got []string
			api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				var body struct {
					To string `json:"to"`
				}
				data, _ := io.ReadAll(r.Body)
				if err := json.Unmarshal(data, &body); err != nil {
					t.Errorf("send body is not JSON: %s", data)
				}
				mu.Lock()
				got = append(got, body.To)
				mu.Unlock()
				_, _ = w.Write([]byte(`{"messages":[{"id":"wamid.1"}]}`))
			}))
			defer api.Close()
			c := mustNew(t, fastConfig(flavor, api.URL))

			// A template send carries the recipient the same way as a media message.
			template := &whatsapp.Template{Name: "welcome_kit", Language: "en_US"}
			if flavor == whatsapp.OnPremises {
				template.Namespace = "ns"
			}
			for _, tmpl := range []*whatsapp.Template{nil, template} {
				for to, want := range written {
					before := len(got)
					_, err := c.SendMediaMessage(context.Background(), whatsapp.MediaMessage{To: to, Type: "image", MediaID: "m1", Template: tmpl})
					if want == "" {
						var re *whatsapp.RecipientError
						if !errors.As(err, &re) || len(got) != before {
							t.Errorf("to %q: err %v after %d requests, want a RecipientError and none", to, err, len(got)-before)
						}
						continue
					}
					if err != nil {
						t.Fatalf("to %q: %v", to, err)
					}
					if len(got) != before+1 {
						t.Fatalf("to %q: %d requests, want 1", to, len(got)-before)
					}
					sent := got[len(got)-1]
					if !strictTo.MatchString(sent) || sent != want {
						t.Errorf("to %q (template %v) went on the wire as %q, want %q (matching %s)", to, tmpl != nil, sent, want, strictTo)
					}
				}
			}
		})
	}
}
