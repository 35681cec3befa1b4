package receiver

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/receiverapi"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
)

// TestSandboxToReceiver: the sandbox, its Cloud webhook pointed at the
// receiver, posts the signed statuses of messages sent through its API; the
// receiver's read API then says for each message what the sandbox's
// /_sandbox/statuses says (highest status, failure code and title, label).
func TestSandboxToReceiver(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			h := startReceiver(t, b.url(t), nil)
			sb, err := sandbox.New(sandbox.Options{
				AppSecret:  testAppSecret,
				WebhookURL: h.url + PathWebhook,
				Statuses:   sandbox.StatusSchedule{Sent: 10 * time.Millisecond, Delivered: 30 * time.Millisecond, Read: 60 * time.Millisecond},
			})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(sb.Close)
			sb.SetWorld(sandbox.World{NotOnWhatsApp: []string{"16315551009"}})
			open := []string{"16315551001", "16315551002", "16315551003"}
			for _, c := range open {
				resp, err := http.Post(sb.URL()+"/_sandbox/customers/"+c+"/reply", "application/json", nil)
				if err != nil {
					t.Fatal(err)
				}
				_ = resp.Body.Close()
			}
			// Three inside their window, one not on WhatsApp (131026), one
			// who never wrote (outside the window: 131047).
			recipients := append(append([]string{}, open...), "16315551009", "16315551008")
			for _, to := range recipients {
				body := `{"messaging_product":"whatsapp","to":"` + to + `","type":"image","image":{"link":"https://e.com/a.png"},` +
					`"biz_opaque_callback_data":"bc:e2e:` + to + `"}`
				req, _ := http.NewRequest(http.MethodPost, sb.URL()+"/v23.0/"+sandbox.DefaultPhoneNumberID+"/messages", strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+sandbox.DefaultAccessToken)
				req.Header.Set("Content-Type", "application/json")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				_ = resp.Body.Close()
				if resp.StatusCode != 200 {
					t.Fatalf("send to %s: HTTP %d", to, resp.StatusCode)
				}
			}
			evs := sb.WaitForStatuses(3*3+2, 20*time.Second)
			for _, ev := range evs {
				if !ev.Delivered {
					t.Fatalf("the sandbox could not deliver %+v", ev)
				}
			}
			h.settle()

			// What the sandbox says, over its control API.
			var sbView struct {
				Statuses []struct {
					MessageID    string `json:"message_id"`
					Status       string `json:"status"`
					CallbackData string `json:"callback_data"`
					Error        *struct {
						Code  int    `json:"code"`
						Title string `json:"title"`
					} `json:"error"`
				} `json:"statuses"`
			}
			resp, err := http.Get(sb.URL() + "/_sandbox/statuses")
			if err != nil {
				t.Fatal(err)
			}
			if err := json.NewDecoder(resp.Body).Decode(&sbView); err != nil {
				t.Fatal(err)
			}
			_ = resp.Body.Close()
			type want struct {
				status, label string
				code          int
				title         string
			}
			wants := map[string]want{}
			for _, s := range sbView.Statuses {
				w := wants[s.MessageID]
				if receiverapi.Rank(s.Status) > receiverapi.Rank(w.status) {
					w.status = s.Status
				}
				w.label = s.CallbackData
				if s.Error != nil && w.code == 0 {
					w.code, w.title = s.Error.Code, s.Error.Title
				}
				wants[s.MessageID] = w
			}
			if len(wants) != len(recipients) {
				t.Fatalf("the sandbox reported statuses for %d messages, want %d", len(wants), len(recipients))
			}
			got, err := h.client().StatusesByLabel(context.Background(), "bc:e2e:", true)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(wants) {
				t.Fatalf("the receiver has %d messages labelled bc:e2e:, the sandbox %d", len(got), len(wants))
			}
			codes := map[int]bool{}
			for _, m := range got {
				w, ok := wants[m.MessageID]
				var code int
				var title string
				if m.Failure != nil {
					code, title = m.Failure.Code, m.Failure.Title
					codes[code] = true
				}
				if !ok || m.Status != w.status || m.CallbackData != w.label || code != w.code || title != w.title {
					t.Errorf("%s: receiver %s %q failure %d %q; sandbox %+v", m.MessageID, m.Status, m.CallbackData, code, title, w)
				}
			}
			if !codes[131026] || !codes[131047] {
				t.Fatalf("failure codes seen: %v, want 131026 and 131047", codes)
			}
		})
	}
}
