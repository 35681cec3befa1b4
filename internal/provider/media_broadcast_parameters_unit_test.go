package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// personalModel is a broadcast model with the recipients' own body values
// and button parameters (nil: the attribute is null).
func personalModel(body map[string][]string, buttons map[string]map[string]string) mediaBroadcastModel {
	m := mediaBroadcastModel{
		RecipientBodyParameters:      types.MapNull(types.ListType{ElemType: types.StringType}),
		RecipientBodyNamedParameters: types.MapNull(types.MapType{ElemType: types.StringType}),
		RecipientButtonParameters:    types.MapNull(types.MapType{ElemType: types.StringType}),
	}
	if body != nil {
		elems := map[string]attr.Value{}
		for k, v := range body {
			elems[k] = stringList(v)
		}
		m.RecipientBodyParameters = types.MapValueMust(types.ListType{ElemType: types.StringType}, elems)
	}
	if buttons != nil {
		elems := map[string]attr.Value{}
		for k, v := range buttons {
			elems[k] = stringMap(v)
		}
		m.RecipientButtonParameters = types.MapValueMust(types.MapType{ElemType: types.StringType}, elems)
	}
	return m
}

// TestPersonalIdentity: a recipient's values are its send's identity, the
// same however the key is written; a recipient without an entry has the
// identity it had before the attributes existed.
func TestPersonalIdentity(t *testing.T) {
	a, problems := readPersonal(personalModel(map[string][]string{"+1 631 555 1001": {"Ana"}},
		map[string]map[string]string{"+1 631 555 1001": {"0": "A", "1": "B"}}))
	if len(problems) != 0 {
		t.Fatalf("problems: %+v", problems)
	}
	b, _ := readPersonal(personalModel(map[string][]string{"16315551001": {"Ana"}},
		map[string]map[string]string{"1.631.555.1001": {"1": "B", "0": "A"}}))
	if !samePersonal(a, b) {
		t.Errorf("the same values under keys written differently are not the same")
	}
	if id, _ := a.identityOf("16315551003"); id != "" {
		t.Errorf("a recipient without an entry has identity %q, want none", id)
	}
	c, _ := readPersonal(personalModel(map[string][]string{"16315551001": {"Ana Maria"}}, nil))
	if got := personalChanges(a, c, map[string]delivery{"16315551001": {}, "16315551003": {}}); len(got) != 1 || got[0] != "16315551001" {
		t.Errorf("personalChanges = %v, want only 16315551001", got)
	}
	_, problems = readPersonal(personalModel(map[string][]string{
		"16315551001": {"Ana"}, "+1 631 555 1001": {"Ana"}, "12": {"x"}}, nil))
	if len(problems) != 2 {
		t.Errorf("want 2 problems (one person twice, a key that is no number), got %+v", problems)
	}
}
