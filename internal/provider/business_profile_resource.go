package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

var (
	_ resource.Resource                = (*businessProfileResource)(nil)
	_ resource.ResourceWithConfigure   = (*businessProfileResource)(nil)
	_ resource.ResourceWithImportState = (*businessProfileResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*businessProfileResource)(nil)
)

// NewBusinessProfileResource manages the business profile customers see: its
// text fields and its photo, on both APIs.
func NewBusinessProfileResource() resource.Resource { return &businessProfileResource{} }

func (r *businessProfileResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_business_profile"
}

func (r *businessProfileResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The business profile customers see when they open the chat: about, address, description, " +
			"email, industry, websites and photo. **Cloud API**: `/{phone-number-id}/whatsapp_business_profile`, the photo " +
			"through the Resumable Upload API of the provider's `app_id`. **On-Premises API**: " +
			"`/v1/settings/business/profile`, `/v1/settings/profile/about` and `/v1/settings/profile/photo`. Only the " +
			"arguments you set are managed; the others keep what the profile has. Destroying the resource, or removing an " +
			"argument, puts back the value the field had before Terraform managed it (see the page's notes for the photo).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The phone number ID (Cloud) or `" + onPremProfileID + "` (On-Premises).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"about": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The text under the business's name (WhatsApp's About): 1 to %d characters.",
					whatsapp.MaxProfileAboutLength),
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthBetween(1, whatsapp.MaxProfileAboutLength)},
			},
			"address": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The business's address, at most %d characters; `\"\"` clears it.", whatsapp.MaxProfileAddressLength),
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtMost(whatsapp.MaxProfileAddressLength)},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("What the business does, at most %d characters; `\"\"` clears it.", whatsapp.MaxProfileDescriptionLength),
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtMost(whatsapp.MaxProfileDescriptionLength)},
			},
			"email": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The contact email address, at most %d characters; `\"\"` clears it.", whatsapp.MaxProfileEmailLength),
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtMost(whatsapp.MaxProfileEmailLength), profileEmailValidator},
			},
			"vertical": schema.StringAttribute{
				MarkdownDescription: "The business's industry. **Cloud API**: one of `" + strings.Join(whatsapp.ProfileVerticals(), "`, `") +
					"`. **On-Premises API**: free text, at most " + fmt.Sprint(whatsapp.MaxProfileVerticalLength) + " characters.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthBetween(1, whatsapp.MaxProfileVerticalLength)},
			},
			"websites": schema.ListAttribute{
				MarkdownDescription: fmt.Sprintf("Up to %d `http://` or `https://` URLs of at most %d characters each; `[]` clears them.",
					whatsapp.MaxProfileWebsites, whatsapp.MaxProfileWebsiteLength),
				ElementType: types.StringType,
				Optional:    true,
				Validators: []validator.List{listvalidator.SizeAtMost(whatsapp.MaxProfileWebsites), listvalidator.ValueStringsAre(
					stringvalidator.LengthAtMost(whatsapp.MaxProfileWebsiteLength), httpURLValidator)},
			},
			"photo": schema.StringAttribute{
				MarkdownDescription: "The path of a local JPEG or PNG file of at most 5 MB to show as the profile photo. It is " +
					"hashed at plan time, so changed bytes plan an update. **Cloud** uploads it through the Resumable Upload " +
					"API, which needs the provider's `app_id`.",
				Optional: true,
			},
			"photo_sha256": schema.StringAttribute{
				MarkdownDescription: "The SHA-256 of `photo`, computed at plan time. On-Premises, a refresh hashes the photo " +
					"the API serves, so a photo changed outside Terraform shows as a change.",
				Computed: true,
			},
			"photo_url": schema.StringAttribute{
				MarkdownDescription: "**Cloud API**: the photo's URL as read after Terraform set it. A refresh that reads " +
					"another URL (compared without its query string, which Meta signs with an expiry) takes the photo as " +
					"changed outside Terraform and plans setting `photo` again. Null On-Premises and without `photo`.",
				Computed: true,
			},
		},
	}
}

// profileID is the resource's id for the provider's API.
func (r *businessProfileResource) profileID() string {
	if r.client.Flavor() == whatsapp.Cloud {
		return r.client.PhoneNumberID()
	}
	return onPremProfileID
}

func (r *businessProfileResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	const summary = "Unable to Set WhatsApp Business Profile"
	if !r.requireClient(&resp.Diagnostics, summary, "set the business profile") {
		return
	}
	var plan businessProfileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Debug(ctx, "reading the WhatsApp business profile before setting it")
	now, err := r.client.GetBusinessProfile(ctx)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(summary, "Reading the profile before changing it failed; nothing was "+
			"changed. Check that the API is reachable, then apply again.", err))
		return
	}
	var before profileBefore
	before.remember(now, nil, &plan)
	resp.Diagnostics.Append(saveProfileBefore(ctx, resp.Private, before)...)
	diags, fieldsSet := r.write(ctx, nil, &plan)
	resp.Diagnostics.Append(diags...)
	if fieldsSet {
		// Even when the photo failed: the profile changed, and destroy must be able to put it back.
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	}
}

// write makes the profile hold the plan: the changed text fields, then the
// photo when its bytes changed, and fills in id and photo_url. fieldsSet is
// false when the fields could not be written (the profile is as before);
// when only the photo fails, plan keeps the photo the profile still has, so
// state tells the truth and the next plan sets the photo again.
func (r *businessProfileResource) write(ctx context.Context, state, plan *businessProfileModel) (diags diag.Diagnostics, fieldsSet bool) {
	update, changed, diags := profileUpdate(ctx, state, plan)
	if diags.HasError() {
		return diags, false
	}
	plan.ID = types.StringValue(r.profileID())
	if changed {
		tflog.Debug(ctx, "setting the WhatsApp business profile")
		if err := r.client.SetBusinessProfile(ctx, update); err != nil {
			diags.Append(apiErrorDiagnostic("Unable to Set WhatsApp Business Profile",
				"Writing the profile's fields failed; the API refused them or could not be reached. Fix the cause below "+
					"and apply again.", err))
			return diags, false
		}
	}
	if plan.Photo.IsNull() {
		plan.PhotoSHA256, plan.PhotoURL = types.StringNull(), types.StringNull()
		return diags, true
	}
	if state == nil || state.Photo.IsNull() || plan.PhotoSHA256.IsUnknown() || !plan.PhotoSHA256.Equal(state.PhotoSHA256) {
		d, set := r.setPhoto(ctx, plan)
		diags.Append(d...)
		if !set {
			plan.PhotoSHA256, plan.PhotoURL = types.StringNull(), types.StringNull()
			if state != nil && !state.Photo.IsNull() {
				plan.PhotoSHA256, plan.PhotoURL = state.PhotoSHA256, state.PhotoURL
			}
			return diags, true
		}
		plan.PhotoURL = types.StringUnknown()
	}
	if !plan.PhotoURL.IsUnknown() {
		return diags, true
	}
	plan.PhotoURL = types.StringNull()
	if r.client.Flavor() == whatsapp.Cloud {
		got, err := r.client.GetBusinessProfile(ctx)
		if err != nil {
			diags.AddWarning("Unable to Read WhatsApp Profile Photo URL",
				"The photo was set, but reading its URL back failed, so a change of the photo outside Terraform cannot be "+
					"noticed until the next apply sets it again.\n\n"+describeAPIError(err))
			return diags, true
		}
		plan.PhotoURL = optionalString(got.PhotoURL)
	}
	return diags, true
}

func (r *businessProfileResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	const summary = "Unable to Read WhatsApp Business Profile"
	if !r.requireClient(&resp.Diagnostics, summary, "read the business profile") {
		return
	}
	var m businessProfileModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if id := m.ID.ValueString(); id != r.profileID() {
		resp.Diagnostics.AddError("WhatsApp Business Profile Belongs to Another Number",
			fmt.Sprintf("This profile is %q, but the provider is configured for %q: a profile follows the phone number "+
				"(Cloud) or the deployment (On-Premises) of the provider block. Use a provider block for that number, or "+
				"remove this resource from state (terraform state rm).", id, r.profileID()))
		return
	}
	p, err := r.client.GetBusinessProfile(ctx)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(summary, "Reading the profile failed. Check that the API is reachable, "+
			"then refresh again.", err))
		return
	}
	// The server's values win, so a change made outside Terraform shows in the plan.
	resp.Diagnostics.Append(fillManaged(ctx, &m, p)...)
	resp.Diagnostics.Append(r.refreshPhoto(ctx, &m, p)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *businessProfileResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	const summary = "Unable to Update WhatsApp Business Profile"
	if !r.requireClient(&resp.Diagnostics, summary, "update the business profile") {
		return
	}
	var plan, state businessProfileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	before, d := loadProfileBefore(ctx, req.Private)
	resp.Diagnostics.Append(d...)
	if needsRemember(&state, &plan) {
		now, err := r.client.GetBusinessProfile(ctx)
		if err != nil {
			resp.Diagnostics.Append(apiErrorDiagnostic(summary, "Reading the profile before managing more of its fields "+
				"failed; nothing was changed. Check that the API is reachable, then apply again.", err))
			return
		}
		before.remember(now, &state, &plan)
	}
	if restore, ok := before.release(r.client.Flavor(), &state, &plan); ok {
		tflog.Debug(ctx, "putting back the WhatsApp business profile fields no longer managed")
		if err := r.client.SetBusinessProfile(ctx, restore); err != nil {
			resp.Diagnostics.Append(apiErrorDiagnostic(summary, "Putting back the values of the fields removed from the "+
				"configuration failed. Check that the API is reachable, then apply again.", err))
			return
		}
	}
	if plan.Photo.IsNull() && !state.Photo.IsNull() {
		resp.Diagnostics.Append(r.removePhoto(ctx)...)
	}
	resp.Diagnostics.Append(saveProfileBefore(ctx, resp.Private, before)...)
	if resp.Diagnostics.HasError() {
		return
	}
	diags, fieldsSet := r.write(ctx, &state, &plan)
	resp.Diagnostics.Append(diags...)
	if !fieldsSet {
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete puts back what each managed field had before Terraform managed it,
// and removes the photo Terraform set where the API can (On-Premises).
func (r *businessProfileResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	const summary = "Unable to Restore WhatsApp Business Profile"
	if !r.requireClient(&resp.Diagnostics, summary, "restore the business profile") {
		return
	}
	var state businessProfileModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	before, d := loadProfileBefore(ctx, req.Private)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	if restore, ok := before.release(r.client.Flavor(), &state, nil); ok {
		tflog.Debug(ctx, "putting back the WhatsApp business profile's earlier values")
		if err := r.client.SetBusinessProfile(ctx, restore); err != nil {
			resp.Diagnostics.Append(apiErrorDiagnostic(summary, "Putting back the profile's earlier values failed; the "+
				"profile keeps the values Terraform set. Check that the API is reachable, then destroy again.", err))
			return
		}
	}
	if !state.Photo.IsNull() {
		resp.Diagnostics.Append(r.removePhoto(ctx)...)
	}
}

// ImportState adopts the profile of the configured number (Cloud: its phone
// number ID) or deployment (On-Premises: "business_profile"): every field the
// profile has becomes managed, and its value now is what destroy puts back.
// The photo is not adopted: the first apply with photo sets it.
func (r *businessProfileResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if r.client == nil {
		resp.Diagnostics.AddError("Unable to Import WhatsApp Business Profile", notConfiguredDetail("import the business profile"))
		return
	}
	if req.ID != r.profileID() {
		resp.Diagnostics.AddError("Invalid WhatsApp Business Profile Import ID",
			fmt.Sprintf("%q is not the business profile of this provider's %s API: import it with %q (the phone number ID "+
				"on Cloud, %q On-Premises), for example: terraform import whatsapp_business_profile.this %s",
				req.ID, r.client.Flavor().Name(), r.profileID(), onPremProfileID, r.profileID()))
		return
	}
	p, err := r.client.GetBusinessProfile(ctx)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Unable to Import WhatsApp Business Profile",
			"Reading the profile failed. Check that the API is reachable, then import again.", err))
		return
	}
	m := businessProfileModel{ID: types.StringValue(req.ID), Websites: types.ListNull(types.StringType),
		Photo: types.StringNull(), PhotoSHA256: types.StringNull(), PhotoURL: types.StringNull()}
	for _, f := range profileTextFields {
		*f.model(&m) = optionalString(*f.api(p))
	}
	if len(p.Websites) > 0 {
		l, d := types.ListValueFrom(ctx, types.StringType, p.Websites)
		resp.Diagnostics.Append(d...)
		m.Websites = l
	}
	var before profileBefore
	before.remember(p, nil, &m)
	resp.Diagnostics.Append(saveProfileBefore(ctx, resp.Private, before)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
