package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// runSplit calls split_recipients as the framework does, without a CLI.
func runSplit(t *testing.T, list []string, countries ...string) (types.Object, *function.FuncError) {
	t.Helper()
	values := make([]attr.Value, len(list))
	for i, v := range list {
		values[i] = types.StringValue(v)
	}
	req := function.RunRequest{Arguments: function.NewArgumentsData([]attr.Value{
		types.ListValueMust(types.StringType, values), countryTuple(countries...)})}
	resp := function.RunResponse{Result: function.NewResultData(types.ObjectUnknown(splitAttrTypes))}
	NewSplitRecipientsFunction().Run(context.Background(), req, &resp)
	if resp.Error != nil {
		return types.Object{}, resp.Error
	}
	return resp.Result.Value().(types.Object), nil
}

// TestSplitRecipientsFunction: the valid people once each, in the order of
// their first rows, whatever the format; every invalid row with its row,
// input, reason and fix; every dropped duplicate with the row it repeats.
func TestSplitRecipientsFunction(t *testing.T) {
	got, err := runSplit(t, []string{
		"0151 1234 5678",    // 1: German national
		"+49 151 12345678",  // 2: row 1 again
		"0049 151 12345678", // 3: row 1 again
		"(631) 555-1001",    // 4: read as dialled in Germany: Kaiserslautern, 0631
		"",                  // 5: empty
		"+1 (631) 555-1001", // 6
		"16315551001",       // 7: US as digits, or the German 0163 15551001
		"0151 1234",         // 8: no German number
		"call me",           // 9
		"030 901820",        // 10
	}, "DE")
	if err != nil {
		t.Fatal(err)
	}
	attrs := got.Attributes()
	if v := attrs["valid"].String(); v != `["4915112345678","496315551001","16315551001","4930901820"]` {
		t.Errorf("valid = %s", v)
	}
	invalid := attrs["invalid"].(types.List).Elements()
	wantRows := map[int64][]string{
		5: {"it is empty", "fill in the phone number"},
		7: {"with country DE it reads as 2 different numbers", "16315551001 (+1 631-555-1001 in US", "4916315551001 (+49 163 15551001 in DE",
			`write the one meant in international form`},
		8: {"it is not in a range of phone numbers in use in DE", `write it as dialled in DE, e.g. "01512 3456789"`},
		9: {"characters that are neither digits nor formatting", "use digits with an optional leading +"},
	}
	if len(invalid) != len(wantRows) {
		t.Errorf("invalid has %d entries, want %d: %s", len(invalid), len(wantRows), attrs["invalid"])
	}
	for _, e := range invalid {
		o := e.(types.Object).Attributes()
		row := o["row"].(types.Int64).ValueInt64()
		text := o["reason"].(types.String).ValueString() + " | " + o["fix"].(types.String).ValueString()
		for _, w := range wantRows[row] {
			if !strings.Contains(text, w) {
				t.Errorf("row %d (%s): %q does not say %q", row, o["input"], text, w)
			}
		}
		if wantRows[row] == nil {
			t.Errorf("row %d is invalid: %s", row, text)
		}
	}
	if d := attrs["duplicates"].String(); !strings.Contains(d, `"first_row":1,"input":"+49 151 12345678","number":"4915112345678","row":2`) ||
		!strings.Contains(d, `"row":3`) || strings.Count(d, "first_row") != 2 {
		t.Errorf("duplicates = %s, want rows 2 and 3 as row 1", d)
	}

	// Without a country: national numbers are invalid, with a fix naming the country argument; 00 reads.
	got, err = runSplit(t, []string{"0151 1234 5678", "0049 151 12345678", "+49 151 12345678"})
	if err != nil {
		t.Fatal(err)
	}
	if v := got.Attributes()["valid"].String(); v != `["4915112345678"]` {
		t.Errorf("without a country: valid = %s", v)
	}
	if inv := got.Attributes()["invalid"].String(); !strings.Contains(inv, `give the functions the list's country`) || !strings.Contains(inv, `"row":1`) {
		t.Errorf("without a country: invalid = %s", inv)
	}

	// An empty list gives empty lists, not nulls.
	got, err = runSplit(t, nil, "US")
	if err != nil || got.String() != `{"duplicates":[],"invalid":[],"valid":[]}` {
		t.Errorf("empty list: %v, %v", got, err)
	}
}

// TestRecipientFunctions_countryArgument: an unknown country or two of them
// fail the call on the country argument, saying what to give.
func TestRecipientFunctions_countryArgument(t *testing.T) {
	for _, tc := range []struct {
		countries []string
		want      string
		position  int64
	}{
		{[]string{"Germany"}, `"Germany" is not a country code the phone number metadata knows: give the ISO 3166-1 alpha-2 code`, 1},
		{[]string{"XX"}, `"XX" is not a country code`, 1},
		{[]string{"DE", "US"}, `give at most one country, got 2`, 2},
	} {
		_, err := runSplit(t, []string{"+16315551001"}, tc.countries...)
		if err == nil || !strings.Contains(err.Text, tc.want) || err.FunctionArgument == nil || *err.FunctionArgument != tc.position {
			t.Errorf("countries %q: %v, want %q on argument %d", tc.countries, err, tc.want, tc.position)
		}
	}
	for _, country := range []string{"de", "DE", " De "} {
		got, err := runSplit(t, []string{"0151 1234 5678"}, country)
		if err != nil || got.Attributes()["valid"].String() != `["4915112345678"]` {
			t.Errorf("country %q: %v, %v", country, got, err)
		}
	}
}
