package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The app subscription resource's type and model, declared under the
// app_subscription_* files that hold its methods (resource, plan).

type appSubscriptionResource struct {
	resourceClient
}

type appSubscriptionModel struct {
	ID                   types.String `tfsdk:"id"`
	AppID                types.String `tfsdk:"app_id"`
	OverrideCallbackURI  types.String `tfsdk:"override_callback_uri"`
	VerifyTokenWO        types.String `tfsdk:"verify_token_wo"`
	VerifyTokenWOVersion types.Int64  `tfsdk:"verify_token_wo_version"`
	AppWebhook           types.Object `tfsdk:"app_webhook"`
}

type appWebhookModel struct {
	CallbackURL types.String `tfsdk:"callback_url"`
	Fields      types.Set    `tfsdk:"fields"`
}

var appWebhookAttrTypes = map[string]attr.Type{"callback_url": types.StringType, "fields": types.SetType{ElemType: types.StringType}}

// envAppSecret names the environment variable the app secret comes from: the
// app's own endpoints take only an app access token, {app-id}|{app-secret}.
// An environment variable, not an attribute: destroy and refresh need it too,
// and neither sees the configuration a write-only attribute lives in.
const envAppSecret = "WHATSAPP_APP_SECRET"
