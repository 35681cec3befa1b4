package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The business profile's plan-time rules. Lengths and the websites' form are
// the schema's validators; the vertical depends on the configured API and
// the photo on its file, which only ModifyPlan knows. None sends a request.

// profileEmailValidator checks email with whatsapp.IsEmailAddress.
var profileEmailValidator = stringCheck{
	description: "must be an email address such as hello@example.com",
	summary:     "Invalid Business Profile Email",
	problem: func(raw string) string {
		if raw == "" || whatsapp.IsEmailAddress(raw) {
			return ""
		}
		return fmt.Sprintf("%q is not an email address: write it bare, such as hello@example.com, without a name or "+
			"angle brackets.", raw)
	},
}

func (r *businessProfileResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.client == nil {
		return // the provider is not configured yet: apply checks again
	}
	if req.Plan.Raw.IsNull() {
		r.warnWhatStays(ctx, req, resp)
		return
	}
	var plan businessProfileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	var state *businessProfileModel
	if !req.State.Raw.IsNull() {
		state = &businessProfileModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	flavor := r.client.Flavor()
	plan.ID = types.StringValue(r.profileID())
	resp.Diagnostics.Append(checkProfileVertical(flavor, plan.Vertical)...)

	switch {
	case plan.Photo.IsNull():
		plan.PhotoSHA256, plan.PhotoURL = types.StringNull(), types.StringNull()
		if flavor == whatsapp.Cloud && state != nil && !state.Photo.IsNull() {
			resp.Diagnostics.AddAttributeWarning(path.Root("photo"), "WhatsApp Profile Photo Stays",
				"The Cloud API has no call to remove a profile photo, so the photo Terraform set stays on the profile; "+
					"Terraform only stops managing it. Remove or change it in the WhatsApp Manager.")
		}
	case plan.Photo.IsUnknown():
		plan.PhotoSHA256, plan.PhotoURL = types.StringUnknown(), cloudOnly(flavor, types.StringUnknown())
	default:
		sum, d := inspectProfilePhoto(plan.Photo.ValueString())
		resp.Diagnostics.Append(d...)
		if flavor == whatsapp.Cloud && r.client.AppID() == "" {
			resp.Diagnostics.AddAttributeError(path.Root("photo"), "Missing WhatsApp App ID",
				"On the Cloud API a profile photo is uploaded through the Resumable Upload API of a Meta app, and none is "+
					"set. Set app_id in the provider block, or the "+envAppID+" environment variable, to the app's ID from "+
					"the App Dashboard.")
		}
		plan.PhotoSHA256 = types.StringValue(sum)
		if state != nil && !state.Photo.IsNull() && state.PhotoSHA256.ValueString() == sum {
			plan.PhotoURL = state.PhotoURL
		} else {
			plan.PhotoURL = cloudOnly(flavor, types.StringUnknown())
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// cloudOnly is v on Cloud and null On-Premises, which has no photo URL.
func cloudOnly(flavor whatsapp.Flavor, v types.String) types.String {
	if flavor == whatsapp.Cloud {
		return v
	}
	return types.StringNull()
}

// checkProfileVertical: Cloud takes one of its industries; On-Premises free
// text (the schema bounds its length).
func checkProfileVertical(flavor whatsapp.Flavor, v types.String) diag.Diagnostics {
	var diags diag.Diagnostics
	if flavor != whatsapp.Cloud || v.IsNull() || v.IsUnknown() || slices.Contains(whatsapp.ProfileVerticals(), v.ValueString()) {
		return diags
	}
	diags.AddAttributeError(path.Root("vertical"), "Invalid Business Profile Vertical",
		fmt.Sprintf("%q is not an industry of the Cloud API. Use one of %s (for example RETAIL for \"Shopping and Retail\").",
			v.ValueString(), strings.Join(whatsapp.ProfileVerticals(), ", ")))
	return diags
}

// inspectProfilePhoto hashes the photo file (streamed) and checks it is an
// image WhatsApp takes as a profile photo.
func inspectProfilePhoto(file string) (string, diag.Diagnostics) {
	var diags diag.Diagnostics
	info, err := mediafile.InspectFile(file)
	if err != nil {
		diags.AddAttributeError(path.Root("photo"), "Unable to Read WhatsApp Profile Photo", err.Error())
		return "", diags
	}
	kind := whatsapp.ProfilePhotoMedia
	switch {
	case !kind.Accepts(info.ContentType):
		diags.AddAttributeError(path.Root("photo"), "WhatsApp Profile Photo of the Wrong Type",
			fmt.Sprintf("%s is %s; a profile photo must be %s. Convert it, for example to a square PNG of 640x640 pixels.",
				file, info.ContentType, strings.Join(kind.ContentTypes, " or ")))
	case info.Size > kind.MaxSize:
		diags.AddAttributeError(path.Root("photo"), "WhatsApp Profile Photo Too Large",
			fmt.Sprintf("%s is %s; a profile photo may be at most %s. Make it smaller, for example 640x640 pixels.",
				file, mediafile.FormatSize(info.Size), mediafile.FormatSize(kind.MaxSize)))
	}
	return info.SHA256, diags
}

// warnWhatStays tells, on destroy, which fields keep Terraform's value
// instead of the one they had before (businessProfileModel's restore notes).
func (r *businessProfileResource) warnWhatStays(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() {
		return
	}
	var state businessProfileModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	before, d := loadProfileBefore(ctx, req.Private)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	if stays := before.unrestorable(r.client.Flavor(), &state); len(stays) > 0 {
		resp.Diagnostics.AddWarning("WhatsApp Business Profile Partly Stays",
			fmt.Sprintf("Destroying whatsapp_business_profile puts back what each field held before Terraform managed it, "+
				"except %s: a field that was empty before cannot be emptied through the API, and the Cloud API has no "+
				"call to remove a profile photo. They keep the values Terraform set; change them in the WhatsApp Manager "+
				"if they should go.", strings.Join(stays, ", ")))
	}
}
