package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// TestAccNormalizeRecipientsFunction_set: a list with one person twice, in
// two formats, gives one element per person; a set works as input too; an
// empty list gives an empty set.
func TestAccNormalizeRecipientsFunction_set(t *testing.T) {
	s := startSandbox(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cloudProviderConfig(s) + `
output "people" {
  value = provider::whatsapp::normalize_recipients(["491701223003", "+49 170 1223003", "+1 631-555-1001", "16315551001"])
}
output "from_set" {
  value = provider::whatsapp::normalize_recipients(toset(["+16315551002", "1 631 555 1002"]))
}
output "count" {
  value = length(provider::whatsapp::normalize_recipients(["491701223003", "+49 170 1223003"]))
}
output "empty" {
  value = provider::whatsapp::normalize_recipients([])
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("people", knownvalue.SetExact([]knownvalue.Check{
					knownvalue.StringExact("491701223003"), knownvalue.StringExact("16315551001"),
				})),
				statecheck.ExpectKnownOutputValue("from_set", knownvalue.SetExact([]knownvalue.Check{
					knownvalue.StringExact("16315551002"),
				})),
				statecheck.ExpectKnownOutputValue("count", knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownOutputValue("empty", knownvalue.SetSizeExact(0)),
			},
		}},
	})
	if n := len(s.Requests()); n != 0 {
		t.Errorf("the function sent %d requests, want none", n)
	}
}

// TestAccNormalizeRecipientsFunction_errors: the first element that is not a
// recipient fails the call, named by its index, in the words of the `to` check.
func TestAccNormalizeRecipientsFunction_errors(t *testing.T) {
	s := startSandbox(t)
	for _, tc := range []struct{ list, want string }{
		{`["+16315551001", "alice"]`, `element 1: "alice" is not a phone number or wa_id: use digits`},
		{`["0170 1223003"]`, `element 0: "0170 1223003" is not a phone number or wa_id: it starts with 0`},
		{`["+16315551001", "16315551001", "12345"]`, `element 2: "12345" is not a phone number or wa_id: it has 5 digits`},
		{`["+16315551001", null]`, `element 1 is null: give a phone number or wa_id`},
	} {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: cloudProviderConfig(s) +
					fmt.Sprintf("output \"to\" {\n  value = provider::whatsapp::normalize_recipients(%s)\n}\n", tc.list),
				ExpectError: regexp.MustCompile(`(?s)normalize_recipients.*` + loosePattern(tc.want)),
			}},
		})
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("refused recipients sent %d requests, want none", n)
	}
}
