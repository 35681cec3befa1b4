package provider

import "github.com/hashicorp/terraform-plugin-framework/types"

// The media provider resource's type and model, declared under the
// media_provider_* files that hold its methods (resource, plan, identity,
// write-only), so that each leans on this one.

type mediaProviderResource struct {
	resourceClient
}

type mediaProviderModel struct {
	ID            types.String `tfsdk:"id"`
	Name          types.String `tfsdk:"name"`
	Type          types.String `tfsdk:"type"`
	BearerToken   types.String `tfsdk:"bearer_token"`
	BasicUsername types.String `tfsdk:"basic_username"`
	BasicPassword types.String `tfsdk:"basic_password"`

	// Write-only: only the configuration holds them, plan and state never do.
	BearerTokenWO          types.String `tfsdk:"bearer_token_wo"`
	BearerTokenWOVersion   types.Int64  `tfsdk:"bearer_token_wo_version"`
	BasicPasswordWO        types.String `tfsdk:"basic_password_wo"`
	BasicPasswordWOVersion types.Int64  `tfsdk:"basic_password_wo_version"`
}
