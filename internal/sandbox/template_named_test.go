package sandbox

import (
	"net/http"
	"strings"
	"testing"
)

// Named parameters, as Meta's template pages describe them: a NAMED template
// is created with a sample per {{name}}, listed with its parameter_format,
// and a send fills each variable by parameter_name; a missing name is 132000,
// the other kind of parameter 132012.
func TestNamedTemplate(t *testing.T) {
	s := start(t, Options{})
	s.SetTemplateReview(TemplateReview{})
	base := "/v23.0/" + DefaultBusinessAccountID + "/message_templates"
	handle := headerHandle(t, s, "png bytes")
	create := func(format, body, example string) reply {
		return cloudJSON(t, s, http.MethodPost, base, `{"name":"order_ready","language":"en_US","category":"UTILITY",`+
			`"parameter_format":"`+format+`","components":[`+
			`{"type":"HEADER","format":"IMAGE","example":{"header_handle":["`+handle+`"]}},`+
			`{"type":"BODY","text":"`+body+`","example":`+example+`}]}`, nil)
	}
	for _, bad := range []struct{ format, body, example, says string }{
		{"NAMED", "Hi {{first_name}}", `{"body_text":[["Ana"]]}`, "needs a sample in example.body_text_named_params"},
		{"NAMED", "Hi {{1}}", `{"body_text":[["Ana"]]}`, "numbered variables"},
		{"POSITIONAL", "Hi {{first_name}}", `{"body_text_named_params":[{"param_name":"first_name","example":"Ana"}]}`, "needs parameter_format NAMED"},
		{"NAMES", "Hi {{first_name}}", `{"body_text_named_params":[{"param_name":"first_name","example":"Ana"}]}`, "must be POSITIONAL or NAMED"},
	} {
		r := create(bad.format, bad.body, bad.example)
		if r.status != http.StatusBadRequest || !strings.Contains(string(r.body), bad.says) {
			t.Fatalf("create %s %q: %d %s, want 400 saying %q", bad.format, bad.body, r.status, r.body, bad.says)
		}
	}
	r := create("NAMED", "Hi {{first_name}}, order {{order_id}} is ready.",
		`{"body_text_named_params":[{"param_name":"first_name","example":"Jessica"},{"param_name":"order_id","example":"SK1"}]}`)
	if r.status != http.StatusOK {
		t.Fatalf("create a named template: %d %s", r.status, r.body)
	}
	list := cloudJSON(t, s, http.MethodGet, base+"?name=order_ready", "", nil)
	if !strings.Contains(string(list.body), `"parameter_format":"NAMED"`) {
		t.Fatalf("the list does not say the template is NAMED: %s", list.body)
	}

	media := cloudUpload(t, s, "image/png", []byte("x"))
	send := func(params string) reply {
		return sendCloud(t, s, `{"messaging_product":"whatsapp","to":"16315551003","type":"template","template":{`+
			`"name":"order_ready","language":{"code":"en_US"},"components":[`+
			`{"type":"header","parameters":[{"type":"image","image":{"id":"`+media+`"}}]},`+
			`{"type":"body","parameters":[`+params+`]}]}}`)
	}
	mustSend(t, send(`{"type":"text","parameter_name":"order_id","text":"A-1"},{"type":"text","parameter_name":"first_name","text":"Ana"}`))
	for _, bad := range []struct {
		params string
		code   int
	}{
		{`{"type":"text","parameter_name":"first_name","text":"Ana"}`, 132000},
		{`{"type":"text","parameter_name":"first_name","text":"Ana"},{"type":"text","parameter_name":"order","text":"A-1"}`, 132000},
		{`{"type":"text","text":"Ana"},{"type":"text","text":"A-1"}`, 132012},
	} {
		if code, says := errCode(t, FlavorCloud, send(bad.params)); code != bad.code {
			t.Fatalf("send %s: code %d (%s), want %d", bad.params, code, says, bad.code)
		}
	}
	// welcome_kit is positional: a parameter_name there is the other format.
	body := templateSendBody(FlavorCloud, media, func(tm string) string {
		return strings.Replace(tm, `{"type":"text","text":"Ana"}`, `{"type":"text","parameter_name":"name","text":"Ana"}`, 1)
	})
	if code, says := errCode(t, FlavorCloud, sendCloud(t, s, body)); code != 132012 {
		t.Fatalf("a named parameter for a positional template: code %d (%s), want 132012", code, says)
	}
}
