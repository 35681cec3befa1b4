package provider

import (
	"context"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The app subscription's plan-time rules: the Cloud API, the business
// account and app IDs, a verify token wherever Meta checks a callback URL,
// and the app secret wherever the app's webhook is managed. None makes a request.

func (r *appSubscriptionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		// Destroying the app's webhook needs the app secret too.
		if !req.State.Raw.IsNull() {
			var hook types.Object
			resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("app_webhook"), &hook)...)
			if !hook.IsNull() && os.Getenv(envAppSecret) == "" {
				resp.Diagnostics.Append(missingAppSecret(path.Root("app_webhook"), "remove the app's webhook")...)
			}
		}
		return
	}
	if r.client == nil {
		return
	}
	resp.Diagnostics.Append(requireCloud(r.client, "App Subscription",
		"the On-Premises client sends to the URL of whatsapp_webhook; it needs no subscription.")...)
	if resp.Diagnostics.HasError() {
		return
	}
	var uri, token types.String
	var hook types.Object
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("override_callback_uri"), &uri)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("verify_token_wo"), &token)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("app_webhook"), &hook)...)
	if resp.Diagnostics.HasError() {
		return
	}
	switch {
	case r.client.BusinessAccountID() == "":
		resp.Diagnostics.AddError("Missing WhatsApp Business Account ID",
			"Apps subscribe to a WhatsApp Business Account, and none is set. Set business_account_id in the provider "+
				"block, or the "+envBusinessAccountID+" environment variable, to the account's ID from the WhatsApp Manager.")
	case r.client.AppID() == "":
		resp.Diagnostics.AddError("Missing WhatsApp App ID",
			"The subscription is the app's (the one whose system user token the provider uses), and none is set. Set "+
				"app_id in the provider block, or the "+envAppID+" environment variable, to the app's ID from the App Dashboard.")
	}
	needsToken := !uri.IsNull() || !hook.IsNull()
	switch {
	case token.IsUnknown():
	case needsToken && token.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root("verify_token_wo"), "Missing WhatsApp Webhook Verify Token",
			"Meta checks override_callback_uri and app_webhook.callback_url before it uses them: it calls the URL with "+
				"hub.verify_token, and the receiver must recognise it. Set verify_token_wo to the token your receiver expects "+
				"(for example from an ephemeral variable).")
	case !needsToken && !token.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root("verify_token_wo"), "WhatsApp Verify Token Without a Callback URL",
			"verify_token_wo is sent only with override_callback_uri or app_webhook: set one of them, or remove verify_token_wo.")
	}
	if !hook.IsNull() && os.Getenv(envAppSecret) == "" {
		resp.Diagnostics.Append(missingAppSecret(path.Root("app_webhook"), "manage the app's webhook")...)
	}
}

func missingAppSecret(at path.Path, what string) diag.Diagnostics {
	var diags diag.Diagnostics
	diags.AddAttributeError(at, "Missing WhatsApp App Secret",
		"To "+what+", the provider calls the app's own endpoint (/{app-id}/subscriptions), which takes only an app access "+
			"token made of the app ID and the app secret. Set the "+envAppSecret+" environment variable to the app secret "+
			"(App Dashboard > App settings > Basic) when running Terraform; it is never stored in the plan or state. "+
			"Nothing was sent.")
	return diags
}

// appSecret is the app secret from the environment, "" when unset.
func appSecret() string { return os.Getenv(envAppSecret) }
