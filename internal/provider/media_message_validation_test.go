package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

func TestCheckRecipient(t *testing.T) {
	for _, ok := range []string{"+16315551001", "16315551001", "+1 (631) 555-1001", "+1.631.555.1001", "123456", "123456789012345"} {
		if p := checkRecipient(ok); p != "" {
			t.Errorf("checkRecipient(%q) = %q, want accepted", ok, p)
		}
	}
	for bad, want := range map[string]string{
		"12345":            "5 digits",
		"1234567890123456": "16 digits",
		"alice":            "use digits",
		"1631+5551001":     "use digits", // + only in front
		"+1 631 555 10O1":  "use digits", // letter O
		"":                 "use digits",
	} {
		if p := checkRecipient(bad); !strings.Contains(p, want) {
			t.Errorf("checkRecipient(%q) = %q, want it to say %q", bad, p, want)
		}
	}
}

func TestCheckMediaMessageRules(t *testing.T) {
	s, null, unknown := types.StringValue, types.StringNull(), types.StringUnknown()
	for name, tc := range map[string]struct {
		rules messageRules
		want  []string // attributes with an error
	}{
		"caption on image":              {messageRules{s("image"), s("hi"), null}, nil},
		"caption on audio":              {messageRules{s("audio"), s("hi"), null}, []string{"caption"}},
		"caption on sticker":            {messageRules{s("sticker"), s("hi"), null}, []string{"caption"}},
		"empty caption on audio":        {messageRules{s("audio"), s(""), null}, nil},
		"filename on document":          {messageRules{s("document"), s("hi"), s("a.pdf")}, nil},
		"filename on video":             {messageRules{s("video"), null, s("a.mp4")}, []string{"filename"}},
		"both wrong":                    {messageRules{s("sticker"), s("hi"), s("a.webp")}, []string{"caption", "filename"}},
		"unknown type skips the rules":  {messageRules{unknown, s("hi"), s("a.pdf")}, nil},
		"unknown caption skips it":      {messageRules{s("audio"), unknown, null}, nil},
		"unknown filename skips it":     {messageRules{s("audio"), null, unknown}, nil},
		"null type (required, not set)": {messageRules{null, s("hi"), s("a.pdf")}, nil},
	} {
		diags := checkMediaMessageRules(tc.rules)
		if len(diags) != len(tc.want) {
			t.Errorf("%s: got %v, want errors on %v", name, diags, tc.want)
			continue
		}
		for i, d := range diags {
			wd, ok := d.(interface{ Path() path.Path })
			if !ok || !wd.Path().Equal(path.Root(tc.want[i])) {
				t.Errorf("%s: diagnostic %q is not on %s", name, d.Summary(), tc.want[i])
			}
		}
	}
}

func TestCheckLinkProviderFlavor(t *testing.T) {
	if d := checkLinkProviderFlavor(whatsapp.Cloud, types.StringValue("cdn")); !d.HasError() {
		t.Error("link_provider on Cloud: want an error")
	}
	for _, v := range []types.String{types.StringNull(), types.StringUnknown()} {
		if d := checkLinkProviderFlavor(whatsapp.Cloud, v); d.HasError() {
			t.Errorf("link_provider %v on Cloud: %v", v, d)
		}
	}
	if d := checkLinkProviderFlavor(whatsapp.OnPremises, types.StringValue("cdn")); d.HasError() {
		t.Errorf("link_provider on On-Premises: %v", d)
	}
}

// TestCheckBeforeSend: every rule validation skips for unknown values runs
// again on the values the send would use, each on its own attribute.
func TestCheckBeforeSend(t *testing.T) {
	s, null := types.StringValue, types.StringNull()
	valid := mediaMessageModel{
		To: s("+16315551001"), Type: s("document"), MediaID: null, Link: s("https://cdn.example.com/a.pdf"),
		Caption: s("hi"), Filename: s("a.pdf"), LinkProvider: s("cdn"), RecipientType: s("individual"),
	}
	for name, tc := range map[string]struct {
		edit   func(*mediaMessageModel)
		flavor whatsapp.Flavor
		want   []string // attributes with an error, in order
	}{
		"valid":                       {func(*mediaMessageModel) {}, whatsapp.OnPremises, nil},
		"to not a number":             {func(m *mediaMessageModel) { m.To = s("alice") }, whatsapp.OnPremises, []string{"to"}},
		"type not a media type":       {func(m *mediaMessageModel) { m.Type = s("text") }, whatsapp.OnPremises, []string{"type"}},
		"neither media_id nor link":   {func(m *mediaMessageModel) { m.Link, m.LinkProvider = null, null }, whatsapp.OnPremises, []string{"media_id"}},
		"both media_id and link":      {func(m *mediaMessageModel) { m.MediaID = s("123") }, whatsapp.OnPremises, []string{"media_id"}},
		"link not http":               {func(m *mediaMessageModel) { m.Link = s("ftp://cdn.example.com/a.pdf") }, whatsapp.OnPremises, []string{"link"}},
		"link_provider with media_id": {func(m *mediaMessageModel) { m.Link, m.MediaID = null, s("123") }, whatsapp.OnPremises, []string{"link_provider"}},
		"caption too long":            {func(m *mediaMessageModel) { m.Caption = s(strings.Repeat("é", maxCaptionLength+1)) }, whatsapp.OnPremises, []string{"caption"}},
		"caption on audio":            {func(m *mediaMessageModel) { m.Type, m.Filename = s("audio"), null }, whatsapp.OnPremises, []string{"caption"}},
		"link_provider on Cloud":      {func(m *mediaMessageModel) {}, whatsapp.Cloud, []string{"link_provider"}},
	} {
		m := valid
		tc.edit(&m)
		diags := checkBeforeSend(m, tc.flavor)
		if len(diags) != len(tc.want) {
			t.Errorf("%s: got %v, want errors on %v", name, diags, tc.want)
			continue
		}
		for i, d := range diags {
			wd, ok := d.(interface{ Path() path.Path })
			if !ok || !wd.Path().Equal(path.Root(tc.want[i])) {
				t.Errorf("%s: diagnostic %q is not on %s", name, d.Summary(), tc.want[i])
			}
		}
	}
}

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
