package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sandbox"
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

// TestAccNormalizeRecipientsFunction_errors: a list with entries that are not
// recipients fails the call naming every one of them, each with what is wrong
// with it, in the words of a broadcast's `recipients` (checkRecipientSet) and
// of the `to` check (recipientErrorDetail).
func TestAccNormalizeRecipientsFunction_errors(t *testing.T) {
	s := startSandbox(t)
	for _, tc := range []struct {
		list string
		want []string // each in the error, in this order
	}{
		{`["+16315551001", "alice"]`, []string{
			`1 of the entries of recipients cannot be sent to; nothing is sent until they are fixed or removed:`,
			`- "alice" is not a phone number or wa_id: use digits`,
		}},
		{`["0170 1223003"]`, []string{`- "0170 1223003" is not a phone number or wa_id: it starts with 0`}},
		// Every bad entry, not only the first: three of five.
		{`["bob", "+16315551001", "0170 1223003", "16315551001", "12345"]`, []string{
			`3 of the entries of recipients cannot be sent to;`,
			`- "0170 1223003" is not a phone number or wa_id: it starts with 0`,
			`- "12345" is not a phone number or wa_id: it has 5 digits`,
			`- "bob" is not a phone number or wa_id: use digits`,
		}},
		{`["+16315551001", null]`, []string{`1 of the entries of recipients are null, which names nobody`}},
		{`[null, "x1"]`, []string{
			`1 of the entries of recipients are null, which names nobody`,
			`1 of the entries of recipients cannot be sent to;`, `- "x1" is not a phone number or wa_id`,
		}},
	} {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: normalizeRecipientsOutput(s, tc.list),
				ExpectError: regexp.MustCompile(`(?s)normalize_recipients.*` +
					strings.Join(mapStrings(tc.want, loosePattern), ".*")),
			}},
		})
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("refused recipients sent %d requests, want none", n)
	}
}

// TestNormalizeRecipientsFunction_errorText: the function's error, read
// without a CLI: every bad entry in the order of their values, each once,
// then past 10 how many more; the good entries are not named.
func TestNormalizeRecipientsFunction_errorText(t *testing.T) {
	run := func(list []attr.Value) string {
		t.Helper()
		req := function.RunRequest{Arguments: function.NewArgumentsData([]attr.Value{types.ListValueMust(types.StringType, list), countryTuple()})}
		resp := function.RunResponse{Result: function.NewResultData(types.SetUnknown(types.StringType))}
		NewNormalizeRecipientsFunction().Run(context.Background(), req, &resp)
		if resp.Error == nil {
			t.Fatalf("no error for %v", list)
		}
		return resp.Error.Text
	}
	str := types.StringValue

	got := run([]attr.Value{str("bob"), str("+16315551001"), str("0170 1223003"), types.StringNull(), str("12345")})
	want := "1 of the entries of recipients are null, which names nobody: remove them, or give each a phone number " +
		"(a variable or attribute that can be null can be filtered with compact()).\n" +
		"3 of the entries of recipients cannot be sent to; nothing is sent until they are fixed or removed:\n" +
		"  - " + recipientProblem("0170 1223003") + " Or give the functions the list's country, which reads its national numbers.\n" +
		"  - " + recipientProblem("12345") + "\n" +
		"  - " + strings.TrimSuffix(recipientProblem("bob"), ".") + ".\n" +
		"To send to the valid entries and list the others with their reasons, use provider::whatsapp::split_recipients instead"
	if got != want {
		t.Errorf("error:\n%s\nwant:\n%s", got, want)
	}

	var list []attr.Value
	for i := range 13 {
		list = append(list, str(fmt.Sprintf("bad%02d", i)))
	}
	got = run(append(list, str("+49 170 1223003")))
	if !strings.HasPrefix(got, "13 of the entries of recipients cannot be sent to;") || !strings.Contains(got, "\n  ... and 3 more.\n") {
		t.Errorf("13 bad entries:\n%s", got)
	}
	for i := range 13 {
		if named := strings.Count(got, fmt.Sprintf(`"bad%02d"`, i)); named != map[bool]int{true: 1, false: 0}[i < 10] {
			t.Errorf("bad%02d is named %d times:\n%s", i, named, got)
		}
	}
	if strings.Contains(got, "170 1223003") {
		t.Errorf("a good entry is named:\n%s", got)
	}
}

func normalizeRecipientsOutput(s *sandbox.Server, list string) string {
	return cloudProviderConfig(s) +
		fmt.Sprintf("output \"to\" {\n  value = provider::whatsapp::normalize_recipients(%s)\n}\n", list)
}

func mapStrings(in []string, f func(string) string) []string {
	out := make([]string, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

// countryTuple is the variadic country argument as the framework hands it
// to Run: a tuple of the countries given, none by default.
func countryTuple(countries ...string) attr.Value {
	types_ := make([]attr.Type, len(countries))
	values := make([]attr.Value, len(countries))
	for i, c := range countries {
		types_[i], values[i] = types.StringType, types.StringValue(c)
	}
	return types.TupleValueMust(types_, values)
}
