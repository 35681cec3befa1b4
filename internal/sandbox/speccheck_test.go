package sandbox

import (
	"net/http"
	"strings"
	"testing"
)

// A Cloud request whose User-Agent breaks the spec's pattern is refused with
// Graph's invalid-parameter error and nothing is stored; On-Premises, which
// the spec does not cover, takes any User-Agent.
func TestCloudRefusesUserAgentsOutsideTheSpecPattern(t *testing.T) {
	s := start(t, Options{})
	for _, ua := range []string{
		"Go-http-client/1.1",
		"terraform-provider-whatsapp/dev Terraform/1.11.0",
		"terraform-provider-whatsapp/1.2.3 Terraform/1.15.0-beta1",
		"terraform-provider-whatsapp",
	} {
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
	r := do(t, http.MethodPost, s.URL()+"/v1/messages", strings.NewReader(`{"to":"16315551001","type":"image","image":{"link":"https://e.com/a.png"}}`),
		withHeader(withHeader(bearer(testToken), "Content-Type", "application/json"), "User-Agent", "Go-http-client/1.1"))
	if r.status != http.StatusCreated {
		t.Fatalf("On-Premises with Go's User-Agent: got %d %s, want 201", r.status, r.body)
	}
}

// A phone-number-ID segment that is not all digits breaks the spec's path
// pattern: refused before the sandbox even looks the number up.
func TestCloudRefusesPhoneNumberIDsThatAreNotDigits(t *testing.T) {
	s := start(t, Options{})
	for _, phone := range []string{"+111222333", "111-222-333", "abc", "%20111222333"} {
		r := do(t, http.MethodPost, s.URL()+"/v23.0/"+phone+"/messages", strings.NewReader(clMsg),
			withHeader(bearer(testToken), "Content-Type", "application/json"))
		e := cloudErr(t, r)
		if r.status != http.StatusBadRequest || e.Code != 100 || !strings.Contains(e.ErrorData.Details, "^[0-9]+$") {
			t.Errorf("phone %q: got %d %+v, want 400 code 100 naming the pattern", phone, r.status, e)
		}
	}
	if n := len(s.Messages()); n != 0 {
		t.Fatalf("%d messages stored from refused requests", n)
	}
}
