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

// A message template's identity is its ID (Meta's hsm_id): one template in
// one language, unique across business accounts, and what every read and
// edit names. `import` blocks can name it (identity = { id = "..." }), and
// `terraform query` (message_template_list_resource.go) reports each
// template by it.

var _ resource.ResourceWithIdentity = (*messageTemplateResource)(nil)

// messageTemplateIdentityModel mirrors the identity schema.
type messageTemplateIdentityModel struct {
	ID types.String `tfsdk:"id"`
}

func (r *messageTemplateResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{
				Description:       "The template's ID (Meta's hsm_id), as the WhatsApp Manager shows it.",
				RequiredForImport: true,
			},
		},
	}
}

// setMessageTemplateIdentity records id as the identity. identity is nil
// only when the CLI does not know identities; there is nothing to set then.
func setMessageTemplateIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, id string) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return identity.Set(ctx, messageTemplateIdentityModel{ID: types.StringValue(id)})
}

// importedTemplateID is the ID an import names: the ID of `terraform
// import` or an import block's id, else the identity's id.
func importedTemplateID(ctx context.Context, req resource.ImportStateRequest) (string, diag.Diagnostics) {
	if req.ID != "" || req.Identity == nil {
		return req.ID, nil
	}
	var id types.String
	diags := req.Identity.GetAttribute(ctx, path.Root("id"), &id)
	return id.ValueString(), diags
}
