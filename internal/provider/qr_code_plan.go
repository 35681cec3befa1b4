package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The QR code's plan: the Cloud API only; and the image file on disk,
// compared with the SHA-256 in state, so a removed or changed file plans an
// update that writes it again.

var qrPrefilledMessageValidator = runeLength("Invalid WhatsApp QR Code Message", 1, whatsapp.QRPrefilledMessageMax)

func (r *qrCodeResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	resp.Diagnostics.Append(requireCloud(r.client, "QR Code",
		"create QR codes in the WhatsApp Manager, or remove this resource.")...)
	if resp.Diagnostics.HasError() || req.State.Raw.IsNull() {
		return
	}
	var plan, state qrCodeModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	changed := !plan.PrefilledMessage.Equal(state.PrefilledMessage) || !plan.ImageFormat.Equal(state.ImageFormat) ||
		!plan.ImagePath.Equal(state.ImagePath)
	if isSet(plan.ImagePath) && !changed {
		sum, err := fileSHA256(plan.ImagePath.ValueString())
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("image_path"), "Unable to Read WhatsApp QR Image File", err.Error())
			return
		}
		if sum != state.ImageSHA256.ValueString() {
			// The image is fetched again, from a URL Meta may have renewed.
			plan.ImageSHA256, plan.QRImageURL = types.StringUnknown(), types.StringUnknown()
			resp.Diagnostics.AddAttributeWarning(path.Root("image_path"), "WhatsApp QR Image File Changed",
				fmt.Sprintf("%q is missing or no longer holds the QR image Terraform wrote: the apply downloads and writes it again.",
					plan.ImagePath.ValueString()))
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}
