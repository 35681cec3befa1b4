package provider

import "github.com/hashicorp/terraform-plugin-framework/types"

// The webhook resource's type and model, declared under the webhook_* files
// that hold its methods (resource, plan), so that each leans on this one.

type webhookResource struct {
	resourceClient
}

type webhookModel struct {
	ID                   types.String `tfsdk:"id"`
	URL                  types.String `tfsdk:"url"`
	VerifyTokenWO        types.String `tfsdk:"verify_token_wo"`
	VerifyTokenWOVersion types.Int64  `tfsdk:"verify_token_wo_version"`
}
