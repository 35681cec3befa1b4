package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

var _ resource.ResourceWithModifyPlan = (*mediaProviderResource)(nil)

// cloudHasNoMediaProviders is the detail of the error a Cloud-configured
// provider gets, at plan time, before anything is sent.
const cloudHasNoMediaProviders = "The Cloud API has no media providers; whatsapp_media_provider works only with " +
	`api = "on_premises". On the Cloud API, send link media from a URL WhatsApp can fetch without ` +
	"credentials, or upload the file with whatsapp_media and send its media_id."

// ModifyPlan refuses the resource on the Cloud API. It lives here rather than
// in ValidateConfig because only ModifyPlan is sure to see the configured client.
func (r *mediaProviderResource) ModifyPlan(_ context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.client == nil || r.client.Flavor() != whatsapp.Cloud {
		return
	}
	detail := cloudHasNoMediaProviders
	if req.Plan.Raw.IsNull() {
		// Destroy: nothing on a Cloud endpoint can delete an On-Premises entry.
		detail += "\n\nTo forget this provider without deleting it, run `terraform state rm` on it, " +
			"or point the provider block back at the On-Premises API and destroy again."
	}
	resp.Diagnostics.AddError(summaryMediaProvidersNeedOnPremises, detail)
}
