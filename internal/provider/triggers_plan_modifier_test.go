package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// triggersMap builds a map(string) value; a nil *string is a null element.
func triggersMap(kv map[string]*string) types.Map {
	if kv == nil {
		return types.MapNull(types.StringType)
	}
	elems := map[string]attr.Value{}
	for k, v := range kv {
		if v == nil {
			elems[k] = types.StringNull()
		} else if *v == "<unknown>" {
			elems[k] = types.StringUnknown()
		} else {
			elems[k] = types.StringValue(*v)
		}
	}
	return types.MapValueMust(types.StringType, elems)
}

func TestTriggersModifier(t *testing.T) {
	str := func(s string) *string { return &s }
	unknown := str("<unknown>")
	// A resource object that exists, so the modifier sees an update, not a create.
	objType := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.String}}
	existing := tftypes.NewValue(objType, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, "m1")})

	for name, tc := range map[string]struct {
		state, config map[string]*string
		replace       bool
		keepState     bool // plan the prior value, so the plan is empty
	}{
		"unchanged":                 {map[string]*string{"a": str("1")}, map[string]*string{"a": str("1")}, false, false},
		"value changed":             {map[string]*string{"a": str("1")}, map[string]*string{"a": str("2")}, true, false},
		"key added":                 {map[string]*string{"a": str("1")}, map[string]*string{"a": str("1"), "b": str("x")}, true, false},
		"key removed":               {map[string]*string{"a": str("1"), "b": str("x")}, map[string]*string{"a": str("1")}, true, false},
		"all removed":               {map[string]*string{"a": str("1")}, nil, true, false},
		"first added":               {nil, map[string]*string{"a": str("1")}, true, false},
		"value set to null":         {map[string]*string{"a": str("1")}, map[string]*string{"a": nil}, true, false},
		"null key added":            {map[string]*string{"a": str("1")}, map[string]*string{"a": str("1"), "b": nil}, false, true},
		"null key added to nothing": {nil, map[string]*string{"b": nil}, false, false},
		"null key removed":          {map[string]*string{"a": str("1"), "b": nil}, map[string]*string{"a": str("1")}, false, true},
		"unknown value":             {map[string]*string{"a": str("1")}, map[string]*string{"a": unknown}, true, false},
	} {
		config := triggersMap(tc.config)
		req := planmodifier.MapRequest{
			Path:        path.Root("triggers"),
			ConfigValue: config,
			PlanValue:   config,
			StateValue:  triggersMap(tc.state),
			State:       tfsdk.State{Raw: existing},
			Plan:        tfsdk.Plan{Raw: existing},
		}
		resp := &planmodifier.MapResponse{PlanValue: req.PlanValue}
		triggersModifier{}.PlanModifyMap(context.Background(), req, resp)
		if resp.RequiresReplace != tc.replace {
			t.Errorf("%s: RequiresReplace = %v, want %v", name, resp.RequiresReplace, tc.replace)
		}
		if kept := resp.PlanValue.Equal(req.StateValue) && !req.StateValue.Equal(config); kept != tc.keepState {
			t.Errorf("%s: planned %v (state %v, config %v), want prior value kept: %v", name, resp.PlanValue, req.StateValue, config, tc.keepState)
		}
	}

	// Create and destroy never replace.
	for name, req := range map[string]planmodifier.MapRequest{
		"create":  {ConfigValue: triggersMap(map[string]*string{"a": str("1")}), State: tfsdk.State{Raw: tftypes.NewValue(objType, nil)}, Plan: tfsdk.Plan{Raw: existing}},
		"destroy": {StateValue: triggersMap(map[string]*string{"a": str("1")}), State: tfsdk.State{Raw: existing}, Plan: tfsdk.Plan{Raw: tftypes.NewValue(objType, nil)}},
	} {
		resp := &planmodifier.MapResponse{}
		triggersModifier{}.PlanModifyMap(context.Background(), req, resp)
		if resp.RequiresReplace {
			t.Errorf("%s: want no replacement", name)
		}
	}
}
