package content

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// Template mirrors a message's template attribute: with it the message is a
// template message whose header carries the media (internal/whatsapp/API.md,
// "Template messages"). Its schema is the provider's templateAttribute.
type Template struct {
	Name           types.String `tfsdk:"name"`
	Language       types.String `tfsdk:"language"`
	Namespace      types.String `tfsdk:"namespace"`
	BodyParameters types.List   `tfsdk:"body_parameters"`
	// BodyNamedParameters fill a NAMED template's {{first_name}} variables.
	BodyNamedParameters types.Map  `tfsdk:"body_named_parameters"`
	Buttons             types.List `tfsdk:"buttons"`
}

// TemplateButton mirrors one element of template.buttons.
type TemplateButton struct {
	Index     types.Int64  `tfsdk:"index"`
	SubType   types.String `tfsdk:"sub_type"`
	Parameter types.String `tfsdk:"parameter"`
}

// TemplateOf reads the template attribute; ok is false when it is null or
// not yet known.
func TemplateOf(ctx context.Context, v types.Object) (Template, bool, diag.Diagnostics) {
	var t Template
	if v.IsNull() || v.IsUnknown() {
		return t, false, nil
	}
	diags := v.As(ctx, &t, basetypes.ObjectAsOptions{})
	return t, !diags.HasError(), diags
}

// ClientTemplate turns the template attribute into the client's Template, or
// nil when it is not set.
func ClientTemplate(ctx context.Context, template types.Object) (*whatsapp.Template, diag.Diagnostics) {
	t, ok, diags := TemplateOf(ctx, template)
	if !ok {
		return nil, diags
	}
	out := &whatsapp.Template{Name: t.Name.ValueString(), Language: t.Language.ValueString(), Namespace: t.Namespace.ValueString()}
	if !t.BodyParameters.IsNull() {
		diags.Append(t.BodyParameters.ElementsAs(ctx, &out.BodyParameters, false)...)
	}
	if !t.BodyNamedParameters.IsNull() {
		diags.Append(t.BodyNamedParameters.ElementsAs(ctx, &out.NamedBodyParameters, false)...)
	}
	if !t.Buttons.IsNull() {
		var buttons []TemplateButton
		diags.Append(t.Buttons.ElementsAs(ctx, &buttons, false)...)
		for _, b := range buttons {
			out.Buttons = append(out.Buttons, whatsapp.TemplateButton{SubType: b.SubType.ValueString(),
				Index: int(b.Index.ValueInt64()), Parameter: b.Parameter.ValueString()})
		}
	}
	return out, diags
}

// templateIdentity is the template's text in a send's identity. An
// attribute added to template after sends were recorded is left out while
// it is null, so that the identity of every send made before it was added
// stays the same (a crash across an upgrade must not send again).
func templateIdentity(template types.Object) string {
	attrs := template.Attributes()
	if v, ok := attrs["body_named_parameters"]; !ok || !v.IsNull() {
		return template.String()
	}
	kept := make(map[string]attr.Value, len(attrs)-1)
	keptTypes := make(map[string]attr.Type, len(attrs)-1)
	for name, v := range attrs {
		if name != "body_named_parameters" {
			kept[name], keptTypes[name] = v, template.AttributeTypes(context.Background())[name]
		}
	}
	v, diags := types.ObjectValue(keptTypes, kept)
	if diags.HasError() {
		return template.String()
	}
	return v.String()
}
