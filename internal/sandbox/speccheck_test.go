package sandbox

import (
	"net/http"
	"strings"
	"testing"
)

// User-Agents that real clients send and that break the spec's pattern:
// node's fetch, Go's and Python's defaults (two-part versions), the browser-like
// header an SDK sends for media downloads, and none at all (an empty value
// makes Go's client send no header).
var userAgentsOutsideTheSpec = []string{"node", "Go-http-client/1.1", "Python-urllib/3.12",
	"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", ""}

// By default the sandbox takes any User-Agent, as the Graph API does, so any
// client can be pointed at it.
func TestCloudTakesAnyUserAgentByDefault(t *testing.T) {
	s := start(t, Options{})
	for _, ua := range userAgentsOutsideTheSpec {
		r := do(t, http.MethodPost, s.URL()+"/v23.0/"+testPhone+"/messages", strings.NewReader(clMsg),
			withHeader(withHeader(bearer(testToken), "Content-Type", "application/json"), "User-Agent", ua))
		if r.status != http.StatusOK {
			t.Errorf("User-Agent %q: got %d %s, want 200", ua, r.status, r.body)
		}
	}
	if n := len(s.Messages()); n != len(userAgentsOutsideTheSpec) {
		t.Fatalf("%d messages stored, want %d", n, len(userAgentsOutsideTheSpec))
	}
}

// In strict mode a Cloud request whose User-Agent breaks the spec's pattern
// is refused with Graph's invalid-parameter error and nothing is stored;
// On-Premises, which the spec does not cover, takes any User-Agent.
func TestStrictCloudRefusesUserAgentsOutsideTheSpecPattern(t *testing.T) {
	s := start(t, Options{Strict: true})
	for _, ua := range append([]string{
		"terraform-provider-whatsapp/dev Terraform/1.11.0",
		"terraform-provider-whatsapp/1.2.3 Terraform/1.15.0-beta1",
		"terraform-provider-whatsapp",
	}, userAgentsOutsideTheSpec...) {
		r := do(t, http.MethodPost, s.URL()+"/v23.0/"+testPhone+"/messages", strings.NewReader(clMsg),
			withHeader(withHeader(bearer(testToken), "Content-Type", "application/json"), "User-Agent", ua))
		e := cloudErr(t, r)
		if r.status != http.StatusBadRequest || e.Code != 100 || !strings.Contains(e.ErrorData.Details, "User-Agent") {
			t.Errorf("User-Agent %q: got %d %+v, want 400 code 100 naming User-Agent", ua, r.status, e)
		}
	}
	if n := len(s.Messages()); n != 0 {
		t.Fatalf("%d messages stored from refused requests", n)
	}
	for _, ua := range []string{"terraform-provider-whatsapp/0.0.0;dev Terraform/1.15.0", "Meta-Business-Messaging-OpenAPI/1.0.0;spec=2025-10-21"} {
		r := do(t, http.MethodPost, s.URL()+"/v23.0/"+testPhone+"/messages", strings.NewReader(clMsg),
			withHeader(withHeader(bearer(testToken), "Content-Type", "application/json"), "User-Agent", ua))
		if r.status != http.StatusOK {
			t.Errorf("User-Agent %q: got %d %s, want 200", ua, r.status, r.body)
		}
	}
	r := do(t, http.MethodPost, s.URL()+"/v1/messages", strings.NewReader(`{"to":"123","type":"image","image":{"link":"https://e.com/a.png"}}`),
		withHeader(withHeader(bearer(testToken), "Content-Type", "application/json"), "User-Agent", "Go-http-client/1.1"))
	if r.status != http.StatusCreated {
		t.Fatalf("On-Premises with Go's User-Agent: got %d %s, want 201", r.status, r.body)
	}
}

// A phone-number-ID segment that is not all digits breaks the spec's path
// pattern. In strict mode it is refused with the pattern in the details,
// before the sandbox looks the number up; by default it is an unknown object,
// as on Graph. Either way nothing is stored.
func TestCloudRefusesPhoneNumberIDsThatAreNotDigits(t *testing.T) {
	for _, strict := range []bool{true, false} {
		s := start(t, Options{Strict: strict})
		for _, phone := range []string{"+111222333", "111-222-333", "abc", "%20111222333"} {
			r := do(t, http.MethodPost, s.URL()+"/v23.0/"+phone+"/messages", strings.NewReader(clMsg),
				withHeader(bearer(testToken), "Content-Type", "application/json"))
			e := cloudErr(t, r)
			want := "does not exist"
			got := e.Message
			if strict {
				want, got = "^[0-9]+$", e.ErrorData.Details
			}
			if r.status != http.StatusBadRequest || e.Code != 100 || !strings.Contains(got, want) {
				t.Errorf("strict=%v, phone %q: got %d %+v, want 400 code 100 saying %q", strict, phone, r.status, e, want)
			}
		}
		if n := len(s.Messages()); n != 0 {
			t.Fatalf("strict=%v: %d messages stored from refused requests", strict, n)
		}
	}
}
