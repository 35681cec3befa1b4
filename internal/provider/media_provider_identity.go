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

// A media provider's identity is its name: the API keys its entries by name
// and has no other ID. Terraform 1.12+ keeps the identity beside the state,
// `import` blocks can name it (identity = { name = "cdn" }), and
// `terraform query` (media_provider_list_resource.go) reports every entry by it.

var _ resource.ResourceWithIdentity = (*mediaProviderResource)(nil)

// mediaProviderIdentityModel mirrors the identity schema.
type mediaProviderIdentityModel struct {
	Name types.String `tfsdk:"name"`
}

func (r *mediaProviderResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"name": identityschema.StringAttribute{
				Description:       "The media provider's name, its key on the On-Premises API.",
				RequiredForImport: true,
			},
		},
	}
}

// setMediaProviderIdentity records name as the identity. identity is nil
// only when the CLI does not know identities; there is nothing to set then.
func setMediaProviderIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, name string) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return identity.Set(ctx, mediaProviderIdentityModel{Name: types.StringValue(name)})
}

// importedMediaProviderName is the name an import names: the ID of
// `terraform import` or an import block's id, else the identity's name.
func importedMediaProviderName(ctx context.Context, req resource.ImportStateRequest) (string, diag.Diagnostics) {
	if req.ID != "" || req.Identity == nil {
		return req.ID, nil
	}
	var name types.String
	diags := req.Identity.GetAttribute(ctx, path.Root("name"), &name)
	return name.ValueString(), diags
}
