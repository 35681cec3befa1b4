package provider

import (
	"context"
	"fmt"
	"net/url"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The webhook's plan-time rules. The URL's form is whatsapp.CheckWebhookURL
// (the schema's validator); whether a verify token belongs depends on the
// configured API, which only ModifyPlan knows.

// webhookURLValidator checks url with whatsapp.CheckWebhookURL.
var webhookURLValidator = stringCheck{
	description: "must be an absolute https:// URL (http:// only for a local test receiver)",
	summary:     "Invalid Webhook URL",
	problem: func(raw string) string {
		if problem := describeProblem(whatsapp.CheckWebhookURL(raw), raw); problem != "" {
			return fmt.Sprintf("%q: %s.", raw, problem)
		}
		return ""
	},
}

// ModifyPlan checks the verify token against the configured API, and warns
// about a plain http:// URL, which Meta's Cloud API and most gateways refuse.
func (r *webhookResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return // destroy, or the provider is not configured yet: Create checks again
	}
	var token, rawURL types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("verify_token_wo"), &token)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("url"), &rawURL)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(checkVerifyTokenFlavor(r.client.Flavor(), token)...)
	if isSet(rawURL) {
		if u, err := url.Parse(rawURL.ValueString()); err == nil && u.Scheme == "http" {
			resp.Diagnostics.AddAttributeWarning(path.Root("url"), "WhatsApp Webhook URL Is Not HTTPS",
				fmt.Sprintf("%q uses plain http: Meta's Cloud API and most BSP gateways accept only https:// with a "+
					"certificate from a public CA, and statuses would cross the network unencrypted. Use it only "+
					"with a local test server such as the sandbox.", rawURL.ValueString()))
		}
	}
}

// checkVerifyTokenFlavor: Cloud needs a verify token (Meta verifies the URL
// with it); On-Premises has none. An unknown token is checked at apply.
func checkVerifyTokenFlavor(flavor whatsapp.Flavor, token types.String) diag.Diagnostics {
	var diags diag.Diagnostics
	switch {
	case token.IsUnknown():
	case flavor == whatsapp.Cloud && token.IsNull():
		diags.AddAttributeError(path.Root("verify_token_wo"), "Missing WhatsApp Webhook Verify Token",
			"The Cloud API verifies a webhook URL before it uses it: it calls the URL with hub.verify_token, and the "+
				"receiver must recognise it. Set verify_token_wo to the token your receiver expects (for example from "+
				"an ephemeral variable).")
	case flavor == whatsapp.OnPremises && !token.IsNull():
		diags.AddAttributeError(path.Root("verify_token_wo"), "WhatsApp Webhook Verify Token Needs the Cloud API",
			"The provider is configured for the On-Premises API, whose webhook setting has no verify token and no "+
				"verification challenge: remove verify_token_wo (and verify_token_wo_version).")
	}
	return diags
}

// verificationFailedDetail explains error 2200: which URL Meta called, and
// what it must answer.
func verificationFailedDetail(callbackURL string, err error) string {
	return fmt.Sprintf("Meta verifies a webhook URL before it uses it, and %q did not pass. It called\n\n"+
		"  GET %s?hub.mode=subscribe&hub.verify_token=<verify_token_wo>&hub.challenge=<a number>\n\n"+
		"and the URL must answer HTTP 200 with the hub.challenge value alone as the body, after checking that "+
		"hub.verify_token equals the verify token it expects (the one in verify_token_wo). Check that the URL is "+
		"reachable from the internet over https, that the receiver handles GET, and that both sides use the same "+
		"token. Nothing was changed: the previous webhook setting stays.\n\n%s", callbackURL, callbackURL, describeAPIError(err))
}
