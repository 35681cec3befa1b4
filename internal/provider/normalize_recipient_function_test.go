package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// TestAccNormalizeRecipientFunction_canonical: every way of writing one
// number gives its digits, in outputs the real CLI computed; a wa_id and the
// canonical form itself come back unchanged. Nothing reaches the API.
func TestAccNormalizeRecipientFunction_canonical(t *testing.T) {
	s := startSandbox(t)
	written := map[string]string{
		"plus_spaces": "+49 170 1223003",
		"plus":        "+491701223003",
		"digits":      "491701223003",
		"punctuation": "+49 (170) 122-30.03",
		"us_dashes":   "+1 631-555-1001",
		"us_dots":     "1.631.555.1001",
	}
	want := map[string]string{
		"plus_spaces": "491701223003", "plus": "491701223003", "digits": "491701223003", "punctuation": "491701223003",
		"us_dashes": "16315551001", "us_dots": "16315551001",
	}
	var config strings.Builder
	config.WriteString(cloudProviderConfig(s))
	var checks []statecheck.StateCheck
	for name, to := range written {
		fmt.Fprintf(&config, "output %q {\n  value = provider::whatsapp::normalize_recipient(%q)\n}\n", name, to)
		checks = append(checks, statecheck.ExpectKnownOutputValue(name, knownvalue.StringExact(want[name])))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            config.String(),
			ConfigStateChecks: checks,
		}},
	})
	if n := len(s.Requests()); n != 0 {
		t.Errorf("the function sent %d requests, want none", n)
	}
}

// TestAccNormalizeRecipientFunction_errors: each way a recipient can be wrong
// fails the plan with the words the `to` argument uses, and sends nothing.
func TestAccNormalizeRecipientFunction_errors(t *testing.T) {
	s := startSandbox(t)
	for _, tc := range []struct{ to, want string }{
		{"alice", `"alice" is not a phone number or wa_id: use digits with an optional leading +`},
		{"+49 170 12230O3", `"+49 170 12230O3" is not a phone number or wa_id: use digits`},
		{"0170 1223003", `"0170 1223003" is not a phone number or wa_id: it starts with 0`},
		{"12345", `"12345" is not a phone number or wa_id: it has 5 digits`},
		{"+49 170 1223003 1223003", `it has 19 digits; a phone number in international form (country code first) or a wa_id has 6 to 15`},
	} {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: cloudProviderConfig(s) +
					fmt.Sprintf("output \"to\" {\n  value = provider::whatsapp::normalize_recipient(%q)\n}\n", tc.to),
				ExpectError: regexp.MustCompile(`(?s)normalize_recipient.*` + loosePattern(tc.want)),
			}},
		})
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("refused recipients sent %d requests, want none", n)
	}
}

// TestAccMediaMessage_toSaysWhatTheFunctionSays: a `to` the function refuses
// is refused by the resource with the same words, at plan time.
func TestAccMediaMessage_toSaysWhatTheFunctionSays(t *testing.T) {
	s := startSandbox(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cloudProviderConfig(s) + `
resource "whatsapp_media_message" "m" {
  to   = "0170 1223003"
  type = "image"
  link = "https://example.com/a.png"
}
`,
			ExpectError: regexp.MustCompile(`(?s)Invalid WhatsApp Recipient.*` +
				loosePattern(`"0170 1223003" is not a phone number or wa_id: it starts with 0`)),
		}},
	})
	if n := len(s.Requests()); n != 0 {
		t.Errorf("a refused to sent %d requests, want none", n)
	}
}

// loosePattern matches text as the CLI prints it, which may wrap a line at any space.
func loosePattern(text string) string {
	words := strings.Fields(text)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return strings.Join(words, `\s+`)
}

// TestAccNormalizeRecipientFunction_country: with the country it was written
// in, a national number and the country's international prefix read as the
// canonical form; a number with two readings, an unknown country and two
// countries fail the plan saying so. Nothing reaches the API.
func TestAccNormalizeRecipientFunction_country(t *testing.T) {
	s := startSandbox(t)
	calls := map[string][2]string{ // output => recipient, country
		"de_national": {"0151 1234 5678", "DE"}, "us_national": {"(631) 555-1001", "US"},
		"us_011": {"011 49 151 12345678", "US"}, "au_0011": {"0011 44 7911 123456", "au"},
		"br_mobile": {"(11) 91234-5678", "BR"}, "plus_any_country": {"+1 631 555 1001", "JP"},
	}
	want := map[string]string{"de_national": "4915112345678", "us_national": "16315551001", "us_011": "4915112345678",
		"au_0011": "447911123456", "br_mobile": "5511912345678", "plus_any_country": "16315551001"}
	var config strings.Builder
	config.WriteString(cloudProviderConfig(s))
	var checks []statecheck.StateCheck
	for name, call := range calls {
		fmt.Fprintf(&config, "output %q {\n  value = provider::whatsapp::normalize_recipient(%q, %q)\n}\n", name, call[0], call[1])
		checks = append(checks, statecheck.ExpectKnownOutputValue(name, knownvalue.StringExact(want[name])))
	}
	fmt.Fprintf(&config, "output \"no_country\" {\n  value = provider::whatsapp::normalize_recipient(\"0049 151 12345678\")\n}\n")
	checks = append(checks, statecheck.ExpectKnownOutputValue("no_country", knownvalue.StringExact("4915112345678")))
	steps := []resource.TestStep{{Config: config.String(), ConfigStateChecks: checks}}
	for _, tc := range []struct{ args, want string }{
		{`"3612345678", "US"`, `"3612345678" is not one phone number: with country US it reads as 2 different numbers, 13612345678 ` +
			`(+1 361-234-5678 in US, a national number of US) or 3612345678 (+36 1 234 5678 in HU, the digits as an international number`},
		{`"+1 631 555 1001", "Germany"`, `"Germany" is not a country code the phone number metadata knows`},
		{`"+1 631 555 1001", "DE", "US"`, `give at most one country, got 2`},
		{`"0151 1234 5678"`, `it starts with 0, which is how a number is dialled inside its country`},
		{`"0151 1234", "DE"`, `"0151 1234" is not a phone number or wa_id: it is not in a range of phone numbers in use in DE`},
	} {
		steps = append(steps, resource.TestStep{
			Config:      cloudProviderConfig(s) + fmt.Sprintf("output \"to\" {\n  value = provider::whatsapp::normalize_recipient(%s)\n}\n", tc.args),
			ExpectError: regexp.MustCompile(`(?s)normalize_recipient.*` + loosePattern(tc.want)),
		})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps})
	if n := len(s.Requests()); n != 0 {
		t.Errorf("the function sent %d requests, want none", n)
	}
}
