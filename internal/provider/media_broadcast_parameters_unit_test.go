package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var personalAttrTypes = map[string]attr.Type{
	"body":       types.ListType{ElemType: types.StringType},
	"body_named": types.MapType{ElemType: types.StringType},
	"buttons":    types.MapType{ElemType: types.StringType},
}

func personalEntry(body []string, buttons map[string]string) attr.Value {
	b := types.ListNull(types.StringType)
	if body != nil {
		b = stringList(body)
	}
	btn := types.MapNull(types.StringType)
	if buttons != nil {
		btn = stringMap(buttons)
	}
	return types.ObjectValueMust(personalAttrTypes, map[string]attr.Value{
		"body": b, "body_named": types.MapNull(types.StringType), "buttons": btn})
}

func personalMap(entries map[string]attr.Value) types.Map {
	return types.MapValueMust(types.ObjectType{AttrTypes: personalAttrTypes}, entries)
}

// TestPersonalIdentity: a recipient's values are its send's identity, the
// same however the key is written; a recipient without an entry (or with an
// entry that replaces nothing) has the identity it had before the attribute.
func TestPersonalIdentity(t *testing.T) {
	a, problems := readPersonal(personalMap(map[string]attr.Value{
		"+1 631 555 1001": personalEntry([]string{"Ana"}, map[string]string{"0": "A", "1": "B"}),
		"+1 631 555 1002": personalEntry(nil, nil),
	}))
	if len(problems) != 0 {
		t.Fatalf("problems: %+v", problems)
	}
	b, _ := readPersonal(personalMap(map[string]attr.Value{
		"16315551001": personalEntry([]string{"Ana"}, map[string]string{"1": "B", "0": "A"}),
	}))
	if !samePersonal(a, b) {
		t.Errorf("the same values under keys written differently are not the same")
	}
	if id, _ := a.identityOf("16315551002"); id != "" {
		t.Errorf("an entry that replaces nothing has identity %q, want none", id)
	}
	if id, _ := a.identityOf("16315551003"); id != "" {
		t.Errorf("a recipient without an entry has identity %q, want none", id)
	}
	c, _ := readPersonal(personalMap(map[string]attr.Value{"16315551001": personalEntry([]string{"Ana Maria"}, nil)}))
	if got := personalChanges(a, c, map[string]delivery{"16315551001": {}, "16315551003": {}}); len(got) != 1 || got[0] != "16315551001" {
		t.Errorf("personalChanges = %v, want only 16315551001", got)
	}
	_, problems = readPersonal(personalMap(map[string]attr.Value{
		"16315551001": personalEntry([]string{"Ana"}, nil), "+1 631 555 1001": personalEntry([]string{"Ana"}, nil),
		"12": personalEntry([]string{"x"}, nil),
	}))
	if len(problems) != 2 {
		t.Errorf("want 2 problems (one person twice, a key that is no number), got %+v", problems)
	}
}
