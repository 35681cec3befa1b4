package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// stringIdentity is a resource identity of one string attribute: what the
// API names the object by (a template's ID, a media provider's name).
// Terraform 1.12+ keeps it beside the state, `import` blocks can name it
// (identity = { <attribute> = "..." }), and `terraform query` reports each
// object by it. One owner for the three things every such identity does.
type stringIdentity struct {
	attribute   string
	description string
}

// schema is the identity schema: the one attribute, required for import.
func (i stringIdentity) schema() identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			i.attribute: identityschema.StringAttribute{Description: i.description, RequiredForImport: true},
		},
	}
}

// set records value as the identity. identity is nil only when the CLI does
// not know identities; there is nothing to set then.
func (i stringIdentity) set(ctx context.Context, identity *tfsdk.ResourceIdentity, value string) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return identity.SetAttribute(ctx, path.Root(i.attribute), types.StringValue(value))
}

// imported is the value an import names: the ID of `terraform import` or an
// import block's id, else the identity's attribute.
func (i stringIdentity) imported(ctx context.Context, req resource.ImportStateRequest) (string, diag.Diagnostics) {
	if req.ID != "" || req.Identity == nil {
		return req.ID, nil
	}
	var v types.String
	diags := req.Identity.GetAttribute(ctx, path.Root(i.attribute), &v)
	return v.ValueString(), diags
}
