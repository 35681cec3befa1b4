package sandbox

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// A free-form message is accepted with an ID on both flavors whatever the
// window; outside it the message is marked failed with the flavor's
// re-engagement code, inside it (after the customer wrote) it is not, and
// moving the clock 24 hours closes the window again.
func TestCustomerServiceWindow(t *testing.T) {
	s := start(t, Options{})
	clID := cloudUpload(t, s, "image/png", []byte("x"))
	opID := onPremUpload(t, s, "image/png", []byte("x"))
	cloudBody := `{"messaging_product":"whatsapp","to":"+1 631-555-1001","type":"image","image":{"id":"` + clID + `"}}`
	onPremBody := `{"to":"16315551001","type":"image","image":{"id":"` + opID + `"}}`

	mustSend(t, sendCloud(t, s, cloudBody))
	mustSend(t, sendOnPrem(t, s, onPremBody))

	r := do(t, http.MethodPost, s.URL()+"/_sandbox/customers/+1%20631-555-1001/reply", nil, nil)
	if r.status != http.StatusOK {
		t.Fatalf("customer reply: %d %s", r.status, r.body)
	}
	if got := r.json(t); got["wa_id"] != "16315551001" || got["window_open"] != true {
		t.Fatalf("customer reply answered %s", r.body)
	}
	mustSend(t, sendCloud(t, s, cloudBody))
	mustSend(t, sendOnPrem(t, s, onPremBody))

	s.AdvanceClock(customerWindow + 1)
	mustSend(t, sendCloud(t, s, cloudBody))

	want := []int{codeReengagementCloud, codeReengagementOnPrem, 0, 0, codeReengagementCloud}
	msgs := s.Messages()
	if len(msgs) != len(want) {
		t.Fatalf("stored %d messages, want %d", len(msgs), len(want))
	}
	for i, m := range msgs {
		got := 0
		if m.Failure != nil {
			got = m.Failure.Code
			if m.Failure.Title != "Re-engagement message" || !strings.Contains(m.Failure.Details, "/_sandbox/customers/16315551001/reply") {
				t.Errorf("message %d failure %+v", i, *m.Failure)
			}
		}
		if got != want[i] {
			t.Errorf("message %d (%s) failure code %d, want %d", i, m.Flavor, got, want[i])
		}
	}

	// GET /_sandbox/state tells the failure and the customer's window.
	raw := do(t, http.MethodGet, s.URL()+"/_sandbox/state", nil, nil)
	var st struct {
		Messages []struct {
			Failure *struct {
				Code  int
				Title string
			}
		}
		Customers []customerJSON
	}
	if err := json.Unmarshal(raw.body, &st); err != nil {
		t.Fatal(err)
	}
	if f := st.Messages[0].Failure; f == nil || f.Code != 131047 || f.Title != "Re-engagement message" {
		t.Errorf("state message 0 failure %+v", f)
	}
	if st.Messages[2].Failure != nil {
		t.Errorf("state message 2 failure %+v, want none", st.Messages[2].Failure)
	}
	if len(st.Customers) != 1 || st.Customers[0].WaID != "16315551001" || st.Customers[0].Open {
		t.Errorf("state customers %+v, want one whose window has closed", st.Customers)
	}

	s.Reset()
	if len(s.CustomerWindows()) != 0 {
		t.Errorf("Reset kept customers %+v", s.CustomerWindows())
	}
}

func TestCustomerReplyRefusesWhatIsNoNumber(t *testing.T) {
	s := start(t, Options{})
	r := do(t, http.MethodPost, s.URL()+"/_sandbox/customers/bob/reply", nil, nil)
	if r.status != http.StatusBadRequest || !strings.Contains(string(r.body), "not a phone number") {
		t.Fatalf("reply for bob: %d %s", r.status, r.body)
	}
}

// The inbox says per conversation whether the window is open, marks a
// failed message as failed with its code and title once its failed status
// came (not with delivery ticks) and offers the "Customer replies" action,
// which posts to the control endpoint.
func TestInboxShowsWindowAndFailures(t *testing.T) {
	s := startInbox(t)
	s.SetStatusSchedule(fastStatuses)
	id := cloudUpload(t, s, "image/png", pngBytes(t))
	body := `{"messaging_product":"whatsapp","to":"16315551001","type":"image","image":{"id":"` + id + `"}}`
	failed := mustSend(t, sendCloud(t, s, body))
	before := do(t, http.MethodGet, s.URL()+"/_sandbox/inbox/version", nil, nil)
	s.CustomerReplies("16315551001")
	after := do(t, http.MethodGet, s.URL()+"/_sandbox/inbox/version", nil, nil)
	if string(before.body) == string(after.body) {
		t.Error("the inbox version did not change when the customer wrote")
	}
	delivered := mustSend(t, sendCloud(t, s, body))
	s.WaitForStatuses(4, 5*time.Second) // failed; sent, delivered, read

	page := getInbox(t, s)
	if a := article(t, page, failed); !strings.Contains(a, `data-status="failed"`) ||
		!strings.Contains(a, "failed: 131047 Re-engagement message") || strings.Contains(a, "ticks") {
		t.Errorf("the failed message's bubble:\n%s", a)
	}
	if a := article(t, page, delivered); strings.Contains(a, "failed") || !strings.Contains(a, "ticks") {
		t.Errorf("the delivered message's bubble:\n%s", a)
	}
	for _, want := range []string{`data-window-open="true"`, "The customer wrote at", `data-wa-id="16315551001"`,
		"Customer replies", `"/_sandbox/customers/"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the inbox lacks %q", want)
		}
	}
}

// What a business sees on its webhook: a free-form message to a customer who
// never wrote is accepted, then reported failed with the flavor's
// re-engagement code (131047 on Cloud, 470 on On-Premises) and no sent
// status; a template message to the same customer is sent, delivered and
// read.
func TestOutsideTheWindowFailsOnTheWebhookAndATemplateIsDelivered(t *testing.T) {
	for flavor, code := range map[string]int{FlavorCloud: codeReengagementCloud, FlavorOnPremises: codeReengagementOnPrem} {
		t.Run(flavor, func(t *testing.T) {
			rc := startReceiver(t, "")
			s := start(t, Options{Statuses: fastStatuses})
			s.SetWebhooks(WebhookSettings{CloudAppURL: rc.URL, OnPremisesURL: rc.URL})
			freeForm := `{"to":"16315551003","type":"image","image":{"link":"https://example.com/a.png"}}`
			media, parse := onPremUpload(t, s, "image/png", []byte("x")), onPremStatuses
			if flavor == FlavorCloud {
				freeForm = `{"messaging_product":"whatsapp",` + freeForm[1:]
				media, parse = cloudUpload(t, s, "image/png", []byte("x")), cloudStatuses
			}
			failed := messageID(t, sendFlavor(t, s, flavor, freeForm))
			template := messageID(t, sendFlavor(t, s, flavor, templateSendBody(flavor, media, nil)))
			s.WaitForStatuses(4, 5*time.Second)

			byID := map[string][]flatStatus{}
			for _, p := range rc.got() {
				for _, st := range parse(t, p.Body) {
					byID[st.ID] = append(byID[st.ID], st)
				}
			}
			if got := byID[failed]; len(got) != 1 || got[0].Status != StatusFailed || got[0].RecipientID != "16315551003" ||
				len(got[0].Errors) != 1 || got[0].Errors[0].Code != code || got[0].Errors[0].Title != titleReengagement {
				t.Fatalf("statuses of the free-form message: %+v, want only failed with %d %s", got, code, titleReengagement)
			}
			var seq []string
			for _, st := range byID[template] {
				seq = append(seq, st.Status)
			}
			if strings.Join(seq, ",") != "sent,delivered,read" {
				t.Fatalf("statuses of the template message: %v, want sent, delivered, read", seq)
			}
		})
	}
}
