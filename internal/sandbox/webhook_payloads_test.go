package sandbox

import (
	"encoding/json"
	"math"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The payloads the sandbox posts are checked against the field tables of
// internal/whatsapp/API.md ("Webhooks and statuses"), read from the file
// itself: every field sent is documented there, has the documented type,
// every required one is there, and values come from the documented sets.

// fieldRule is one row of a field table.
type fieldRule struct {
	path, typ, required string
	values              map[string]bool // allowed values; empty: any
	digits              bool            // the value is a string of digits
}

var backticked = regexp.MustCompile("`([^`]+)`")

// fieldTable reads the table between <!-- name --> and <!-- /name --> in API.md.
func fieldTable(t *testing.T, name string) map[string]fieldRule {
	t.Helper()
	doc, err := os.ReadFile("../whatsapp/API.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	start, end := strings.Index(text, "<!-- "+name+" -->"), strings.Index(text, "<!-- /"+name+" -->")
	if start < 0 || end < start {
		t.Fatalf("API.md has no table %q", name)
	}
	rules := map[string]fieldRule{}
	for _, line := range strings.Split(text[start:end], "\n") {
		cells := strings.Split(line, "|")
		if len(cells) != 6 || !strings.HasPrefix(strings.TrimSpace(cells[1]), "`") {
			continue // the marker, the header and its rule
		}
		r := fieldRule{path: strings.Trim(strings.TrimSpace(cells[1]), "`"), typ: strings.TrimSpace(cells[2]),
			required: strings.TrimSpace(cells[3]), values: map[string]bool{}}
		values := strings.TrimSpace(cells[4])
		r.digits = strings.HasPrefix(values, "digits")
		for _, m := range backticked.FindAllStringSubmatch(values, -1) {
			r.values[m[1]] = true
		}
		rules[r.path] = r
	}
	if len(rules) < 5 {
		t.Fatalf("API.md's table %q has %d rows; the parser is out of step with it", name, len(rules))
	}
	return rules
}

// leaves flattens a JSON document into field paths as API.md writes them
// (arrays as []), each with the values found there.
func leaves(v any, path string, out map[string][]any) {
	switch x := v.(type) {
	case map[string]any:
		for k, child := range x {
			p := k
			if path != "" {
				p = path + "." + k
			}
			leaves(child, p, out)
		}
	case []any:
		for _, child := range x {
			leaves(child, path+"[]", out)
		}
	default:
		out[path] = append(out[path], x)
	}
}

// checkPayload reports every way body breaks the rules.
func checkPayload(t *testing.T, rules map[string]fieldRule, body []byte) {
	t.Helper()
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatalf("payload is not JSON: %s", body)
	}
	got := map[string][]any{}
	leaves(doc, "", got)
	failed := false
	for path, vals := range got {
		if strings.HasSuffix(path, "statuses[].status") {
			for _, v := range vals {
				failed = failed || v == StatusFailed
			}
		}
	}
	for path, vals := range got {
		r, ok := rules[path]
		if !ok {
			t.Errorf("%s is not in API.md's table: %s", path, body)
			continue
		}
		for _, v := range vals {
			if !hasType(v, r.typ) {
				t.Errorf("%s = %#v is not a %s", path, v, r.typ)
				continue
			}
			s := jsonScalar(v)
			if len(r.values) > 0 && !r.values[s] {
				t.Errorf("%s = %s is not one of the documented values %v", path, s, r.values)
			}
			if r.digits && !regexp.MustCompile(`^[0-9]+$`).MatchString(s) {
				t.Errorf("%s = %q is not digits", path, s)
			}
		}
	}
	for path, r := range rules {
		present := len(got[path]) > 0
		switch {
		case r.required == "yes" && !present:
			t.Errorf("required %s is missing: %s", path, body)
		case r.required == "failed" && present != failed:
			t.Errorf("%s present = %v in a payload whose status failed = %v: %s", path, present, failed, body)
		}
	}
}

func hasType(v any, typ string) bool {
	switch typ {
	case "string":
		_, ok := v.(string)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "integer":
		f, ok := v.(float64)
		return ok && f == math.Trunc(f)
	}
	return false
}

func jsonScalar(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// TestWebhookPayloadsFollowAPIMD makes the sandbox send every kind of status
// on both flavors (delivered and read, not on WhatsApp, a link that cannot be
// fetched, an accept-time failure, callback data) and checks each payload.
func TestWebhookPayloadsFollowAPIMD(t *testing.T) {
	for _, flavor := range []string{FlavorCloud, FlavorOnPremises} {
		t.Run(flavor, func(t *testing.T) {
			rules := fieldTable(t, flavor+"-status-fields")
			rc := startReceiver(t, "")
			s := start(t, Options{Statuses: fastStatuses, WebhookURL: rc.URL})
			s.SetWebhooks(WebhookSettings{CloudAppURL: rc.URL, OnPremisesURL: rc.URL})
			s.SetWorld(World{NotOnWhatsApp: []string{"16315550199"}, UnfetchableLinks: []string{"https://example.com/gone.pdf"}})
			s.CustomerReplies("16315551001") // free-form messages need the customer's open window (window.go)
			s.CustomerReplies("16315551002")
			send, extra := sendOnPrem, ""
			if flavor == FlavorCloud {
				send, extra = sendCloud, `"messaging_product":"whatsapp","biz_opaque_callback_data":"order-42",`
			}
			for _, body := range []string{
				`{` + extra + `"to":"16315551001","type":"image","image":{"link":"https://example.com/a.png"}}`,
				`{` + extra + `"to":"16315550199","type":"image","image":{"link":"https://example.com/a.png"}}`,
				`{` + extra + `"to":"16315551002","type":"document","document":{"link":"https://example.com/gone.pdf"}}`,
				// 16315551003 never wrote: outside the window.
				`{` + extra + `"to":"16315551003","type":"image","image":{"link":"https://example.com/a.png"}}`,
			} {
				messageID(t, send(t, s, body))
			}
			s.WaitForStatuses(6, 5*time.Second)
			var statuses, inbound int
			for _, p := range rc.got() {
				if strings.Contains(string(p.Body), `"statuses"`) {
					statuses++
					checkPayload(t, rules, p.Body)
					continue
				}
				// A customer's message goes to both flavors' webhooks, here one
				// receiver: each payload in its own flavor's shape.
				inbound++
				shape := FlavorOnPremises
				if strings.Contains(string(p.Body), `"object"`) {
					shape = FlavorCloud
				}
				checkPayload(t, fieldTable(t, shape+"-inbound-fields"), p.Body)
			}
			if statuses != 6 || inbound != 4 {
				t.Fatalf("the receiver got %d status payloads and %d customer messages, want 6 (3 statuses of one "+
					"message, 3 failures) and 4 (the two customers who wrote, on both flavors' webhooks)", statuses, inbound)
			}
		})
	}
}

// TestTemplateStatusesArePricedByCategory: a Cloud template message's
// statuses carry its template's category as pricing.category and
// conversation.origin.type, billed (type regular), except a utility template
// inside the customer service window, which is free as a free-form reply is
// (category service); each payload follows API.md's table.
func TestTemplateStatusesArePricedByCategory(t *testing.T) {
	rules := fieldTable(t, "cloud-status-fields")
	rc := startReceiver(t, "")
	s := start(t, Options{Statuses: StatusSchedule{Sent: time.Millisecond, Delivered: 2 * time.Millisecond, NoRead: true}, WebhookURL: rc.URL})
	for _, c := range []string{"MARKETING", "UTILITY", "AUTHENTICATION"} {
		s.PutTemplate(MessageTemplate{Name: strings.ToLower(c) + "_note", Language: "en_US", Category: c,
			Components: []TemplateComponent{{Type: "BODY", Text: "A " + strings.ToLower(c) + " note."}}})
	}
	s.CustomerReplies("16315551004") // an open window: a utility template to them is free
	template := func(to, name string) string {
		return `{"messaging_product":"whatsapp","to":"` + to + `","type":"template","template":{"name":"` + name +
			`","language":{"code":"en_US"}}}`
	}
	type pricing struct {
		category, typ string
		billable      bool
	}
	want := map[string]pricing{} // by message ID
	for _, send := range []struct {
		body string
		want pricing
	}{
		{template("16315551001", "marketing_note"), pricing{"marketing", "regular", true}},
		{template("16315551002", "utility_note"), pricing{"utility", "regular", true}},
		{template("16315551003", "authentication_note"), pricing{"authentication", "regular", true}},
		{template("16315551004", "utility_note"), pricing{"utility", "free_customer_service", false}},
		{`{"messaging_product":"whatsapp","to":"16315551004","type":"image","image":{"link":"https://example.com/a.png"}}`,
			pricing{"service", "free_customer_service", false}},
	} {
		want[messageID(t, sendCloud(t, s, send.body))] = send.want
	}

	s.WaitForStatuses(2*len(want), 5*time.Second)
	var posts []hookPost
	for _, p := range rc.got() {
		if strings.Contains(string(p.Body), `"statuses"`) { // not the customer's own message
			posts = append(posts, p)
		}
	}
	if len(posts) != 2*len(want) {
		t.Fatalf("the receiver got %d payloads, want %d (sent and delivered of %d messages)", len(posts), 2*len(want), len(want))
	}
	for _, p := range posts {
		checkPayload(t, rules, p.Body)
		var payload struct {
			Entry []struct {
				Changes []struct {
					Value struct {
						Statuses []struct {
							ID           string `json:"id"`
							Conversation struct {
								Origin struct {
									Type string `json:"type"`
								} `json:"origin"`
							} `json:"conversation"`
							Pricing struct {
								Billable bool   `json:"billable"`
								Model    string `json:"pricing_model"`
								Category string `json:"category"`
								Type     string `json:"type"`
							} `json:"pricing"`
						} `json:"statuses"`
					} `json:"value"`
				} `json:"changes"`
			} `json:"entry"`
		}
		if err := json.Unmarshal(p.Body, &payload); err != nil {
			t.Fatal(err)
		}
		st := payload.Entry[0].Changes[0].Value.Statuses[0]
		w := want[st.ID]
		if st.Pricing.Category != w.category || st.Conversation.Origin.Type != w.category || st.Pricing.Type != w.typ ||
			st.Pricing.Billable != w.billable || st.Pricing.Model != "PMP" {
			t.Errorf("status of %s: pricing %+v, origin %q; want category and origin %q, type %q, billable %v, PMP",
				st.ID, st.Pricing, st.Conversation.Origin.Type, w.category, w.typ, w.billable)
		}
	}
}
