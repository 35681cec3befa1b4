package sandbox

import (
	"net/http"
	"strings"
	"testing"
)

// templateSendBody is a template send of welcome_kit with an image header;
// edit changes the template object's JSON text before it is sent.
func templateSendBody(flavor, mediaID string, edit func(string) string) string {
	tmpl := `{"name":"welcome_kit","language":{"policy":"deterministic","code":"en_US"},"components":[` +
		`{"type":"header","parameters":[{"type":"image","image":{"id":"` + mediaID + `"}}]},` +
		`{"type":"body","parameters":[{"type":"text","text":"Ana"}]},` +
		`{"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"STOP"}]}]}`
	if flavor == FlavorOnPremises {
		tmpl = `{"namespace":"` + DefaultTemplateNamespace + `",` + tmpl[1:]
	}
	if edit != nil {
		tmpl = edit(tmpl)
	}
	body := `{"to":"+16315551003","type":"template","template":` + tmpl + `}`
	if flavor == FlavorCloud {
		body = `{"messaging_product":"whatsapp",` + body[1:]
	}
	return body
}

func sendFlavor(t *testing.T, s *Server, flavor, body string) reply {
	t.Helper()
	if flavor == FlavorCloud {
		return sendCloud(t, s, body)
	}
	return sendOnPrem(t, s, body)
}

// errCode is the error code of either flavor's error body.
func errCode(t *testing.T, flavor string, r reply) (int, string) {
	t.Helper()
	if flavor == FlavorCloud {
		e := cloudErr(t, r)
		return e.Code, e.Message + " | " + e.ErrorData.Details
	}
	code, title, details := onPremErr(t, r)
	return code, title + " | " + details
}

// A template send with a media header is accepted on both flavors, and never
// fails for the 24-hour window: the customer has not written.
func TestTemplateSendAccepted(t *testing.T) {
	s := start(t, Options{})
	ids := map[string]string{FlavorCloud: cloudUpload(t, s, "image/png", []byte("x")), FlavorOnPremises: onPremUpload(t, s, "image/png", []byte("x"))}
	for _, flavor := range []string{FlavorCloud, FlavorOnPremises} {
		mustSend(t, sendFlavor(t, s, flavor, templateSendBody(flavor, ids[flavor], nil)))
		byLink := templateSendBody(flavor, ids[flavor], func(tm string) string {
			return strings.Replace(tm, `{"id":"`+ids[flavor]+`"}`, `{"link":"https://cdn.example.com/kit.png"}`, 1)
		})
		mustSend(t, sendFlavor(t, s, flavor, byLink))
	}
	for _, m := range s.Messages() {
		if m.Type != "template" || m.Failure != nil {
			t.Errorf("stored %s message %+v, want a template without failure", m.Flavor, m)
		}
	}
	page := getInboxOf(t, s)
	for _, want := range []string{"template welcome_kit (en_US)", "Hi Ana, welcome aboard! Here is your welcome kit.", "Stop promotions", `data-type="image"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the inbox lacks %q", want)
		}
	}
}

func getInboxOf(t *testing.T, s *Server) string {
	t.Helper()
	r := do(t, http.MethodGet, s.URL()+"/", nil, nil)
	return string(r.body)
}

// Each template rule, on both flavors, with the code WhatsApp documents.
func TestTemplateSendRejected(t *testing.T) {
	s := start(t, Options{})
	ids := map[string]string{FlavorCloud: cloudUpload(t, s, "image/png", []byte("x")), FlavorOnPremises: onPremUpload(t, s, "image/png", []byte("x"))}
	s.PutTemplate(MessageTemplate{Name: "pending_one", Language: "en_US", Status: TemplatePending,
		Components: []TemplateComponent{{Type: "HEADER", Format: "IMAGE"}, {Type: "BODY", Text: "Hi {{1}}"}}})
	s.SetTemplateReview(TemplateReview{Delay: 1 << 62}) // pending_one stays PENDING
	s.PutTemplate(MessageTemplate{Name: "paused_one", Language: "en_US", Status: TemplatePaused,
		Components: []TemplateComponent{{Type: "HEADER", Format: "IMAGE"}, {Type: "BODY", Text: "Hi {{1}}"}}})
	s.PutTemplate(MessageTemplate{Name: "video_one", Language: "en_US",
		Components: []TemplateComponent{{Type: "HEADER", Format: "VIDEO"}, {Type: "BODY", Text: "Hi {{1}}"}}})

	replace := func(from, to string) func(string) string {
		return func(tm string) string { return strings.Replace(tm, from, to, 1) }
	}
	cases := []struct {
		name         string
		edit         func(string) string
		cloud, onPrm int
	}{
		{"unknown name", replace(`"welcome_kit"`, `"no_such_template"`), 132001, 2001},
		{"unknown language", replace(`"en_US"`, `"de"`), 132001, 2001},
		{"pending", replace(`"welcome_kit"`, `"pending_one"`), 132001, 2001},
		{"paused", replace(`"welcome_kit"`, `"paused_one"`), 132015, 2001},
		{"header format", replace(`"welcome_kit"`, `"video_one"`), 132012, 2012},
		{"too many body parameters", replace(`{"type":"text","text":"Ana"}`, `{"type":"text","text":"Ana"},{"type":"text","text":"x"}`), 132000, 2000},
		{"no body parameters", replace(`{"type":"body","parameters":[{"type":"text","text":"Ana"}]},`, ``), 132000, 2000},
		{"no header", replace(`{"type":"header","parameters":[{"type":"image","image":{"id":"ID"}}]},`, ``), 132012, 2012},
		{"caption in header", replace(`"image":{"id":"ID"}`, `"image":{"id":"ID","caption":"c"}`), 131009, 1009},
		{"button of another kind", replace(`"sub_type":"quick_reply"`, `"sub_type":"url"`), 131009, 1009},
		{"button index out of the spec", replace(`"index":"0"`, `"index":"10"`), 131009, 1009},
		{"button past the template's", replace(`"index":"0"`, `"index":"3"`), 132012, 2012},
		{"unknown component", replace(`"type":"body"`, `"type":"footer"`), 131009, 1009},
		{"language policy", replace(`"policy":"deterministic"`, `"policy":"fallback"`), 131009, 1009},
		{"no name", replace(`"name":"welcome_kit",`, ``), 131008, 1008},
		{"unknown media", replace(`"image":{"id":"ID"}`, `"image":{"id":"123456"}`), 131053, 1006},
	}
	for _, flavor := range []string{FlavorCloud, FlavorOnPremises} {
		for _, c := range cases {
			edit := func(tm string) string {
				return c.edit(strings.ReplaceAll(tm, ids[flavor], "ID"))
			}
			body := strings.ReplaceAll(templateSendBody(flavor, ids[flavor], edit), `"ID"`, `"`+ids[flavor]+`"`)
			r := sendFlavor(t, s, flavor, body)
			want := c.cloud
			if flavor == FlavorOnPremises {
				want = c.onPrm
			}
			if r.status != http.StatusBadRequest && r.status != http.StatusNotFound {
				t.Errorf("%s %s: status %d %s, want a refusal", flavor, c.name, r.status, r.body)
				continue
			}
			if code, text := errCode(t, flavor, r); code != want {
				t.Errorf("%s %s: code %d (%s), want %d", flavor, c.name, code, text, want)
			}
		}
	}

	// The flavors' own parameters.
	cloudNS := templateSendBody(FlavorCloud, ids[FlavorCloud], replace(`{"name"`, `{"namespace":"x","name"`))
	if code, _ := errCode(t, FlavorCloud, sendCloud(t, s, cloudNS)); code != 100 {
		t.Errorf("Cloud with a namespace: code %d, want 100", code)
	}
	for name, edit := range map[string]func(string) string{
		"no namespace":    replace(`"namespace":"`+DefaultTemplateNamespace+`",`, ``),
		"no policy":       replace(`"policy":"deterministic",`, ``),
		"other namespace": replace(DefaultTemplateNamespace, "other_namespace"),
	} {
		want := map[string]int{"no namespace": 1008, "no policy": 1008, "other namespace": 2001}[name]
		r := sendOnPrem(t, s, templateSendBody(FlavorOnPremises, ids[FlavorOnPremises], edit))
		if code, text := errCode(t, FlavorOnPremises, r); code != want {
			t.Errorf("On-Premises %s: code %d (%s), want %d", name, code, text, want)
		}
	}
	// Cloud leaves policy optional (Meta's pages do; the spec marks it required).
	noPolicy := templateSendBody(FlavorCloud, ids[FlavorCloud], replace(`"policy":"deterministic",`, ``))
	mustSend(t, sendCloud(t, s, noPolicy))
	if n := len(s.Messages()); n != 1 {
		t.Errorf("%d messages stored, want only the Cloud send without policy", n)
	}
}

func TestTemplateHydrateAndPlaceholders(t *testing.T) {
	for text, want := range map[string]int{"": 0, "Hi {{1}}": 1, "{{1}} and {{2}} and {{1}}": 2, "{{ 3 }}": 1} {
		if got := placeholders(text); got != want {
			t.Errorf("placeholders(%q) = %d, want %d", text, got, want)
		}
	}
	if got := hydrate("Hi {{1}}, {{2}}! {{3}}", []string{"Ana", "20%"}); got != "Hi Ana, 20%! {{3}}" {
		t.Errorf("hydrate: %q", got)
	}
}
