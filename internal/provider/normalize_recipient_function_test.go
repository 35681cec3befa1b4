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
