package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
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
	_ resource.Resource                = (*qrCodeResource)(nil)
	_ resource.ResourceWithConfigure   = (*qrCodeResource)(nil)
	_ resource.ResourceWithImportState = (*qrCodeResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*qrCodeResource)(nil)
)

// NewQRCodeResource manages a message QR code of the Cloud phone number.
func NewQRCodeResource() resource.Resource { return &qrCodeResource{} }

func (r *qrCodeResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_qr_code"
}

func (r *qrCodeResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A message QR code of the phone number (**Cloud API only**, " +
			"`/{phone-number-id}/message_qrdls`): scanning it, or opening its deep link, starts a chat with the business " +
			"with `prefilled_message` typed in. Changing the message updates the code in place (the printed code keeps " +
			"working); destroying it deletes the code, after which scans and the link no longer work, and removes the " +
			"image file it wrote. A refresh reads the code back, so a message changed in the WhatsApp Manager shows in the plan.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The code, as `code`.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"code": schema.StringAttribute{
				MarkdownDescription: "The code WhatsApp gave it: 14 upper-case letters and digits, the import ID.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"prefilled_message": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The message the customer's chat starts with, 1 to %d characters.", whatsapp.QRPrefilledMessageMax),
				Required:            true,
				Validators:          []validator.String{qrPrefilledMessageValidator},
			},
			"image_format": schema.StringAttribute{
				MarkdownDescription: "`PNG` or `SVG`: asks WhatsApp for an image of the code, as `qr_image_url` (and the file " +
					"`image_path`). Unset, there is no image; changing it fetches the other format, the code stays.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(whatsapp.QRImageFormats...)},
			},
			"image_path": schema.StringAttribute{
				MarkdownDescription: "A local file to write the image to (its folder is created), for a print pipeline. Needs " +
					"`image_format`. Its SHA-256 is in `image_sha256`: a file removed or changed on disk is written again by the next apply.",
				Optional: true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1),
					stringvalidator.AlsoRequires(path.MatchRoot("image_format"))},
			},
			"deep_link_url": schema.StringAttribute{
				MarkdownDescription: "The code's link, `https://wa.me/message/<code>`: the same chat without scanning.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"qr_image_url": schema.StringAttribute{
				MarkdownDescription: "Where WhatsApp serves the image in `image_format` (Meta's CDN; the URL is temporary, and " +
					"each refresh reads a current one). Null without `image_format`.",
				Computed: true,
			},
			"image_sha256": schema.StringAttribute{
				MarkdownDescription: "The SHA-256 of the image written to `image_path`; null without it.",
				Computed:            true,
			},
		},
	}
}

func (r *qrCodeResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	const summary = "Unable to Create WhatsApp QR Code"
	if !r.requireClient(&resp.Diagnostics, summary, "create the QR code") {
		return
	}
	var m qrCodeModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Debug(ctx, "creating a WhatsApp QR code")
	q, err := r.client.CreateQRCode(ctx, m.PrefilledMessage.ValueString(), m.ImageFormat.ValueString())
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(summary, "Creating the QR code failed. Check prefilled_message, then apply again.", err))
		return
	}
	m.setFrom(q)
	// Saved before the image, so a failed download leaves the code in state, not orphaned.
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	resp.Diagnostics.Append(r.writeImage(ctx, &m, q.QRImageURL)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (m *qrCodeModel) setFrom(q *whatsapp.QRCode) {
	m.ID, m.Code = types.StringValue(q.Code), types.StringValue(q.Code)
	m.PrefilledMessage = types.StringValue(q.PrefilledMessage)
	m.DeepLinkURL = types.StringValue(q.DeepLinkURL)
	m.QRImageURL = types.StringNull()
	if q.QRImageURL != "" {
		m.QRImageURL = types.StringValue(q.QRImageURL)
	}
}

// writeImage downloads the image at url into image_path, when set; the hash
// is null on failure, so the next plan tries again.
func (r *qrCodeResource) writeImage(ctx context.Context, m *qrCodeModel, url string) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ImageSHA256 = types.StringNull()
	if !isSet(m.ImagePath) {
		return diags
	}
	file := m.ImagePath.ValueString()
	if url == "" {
		diags.AddAttributeError(path.Root("image_path"), "WhatsApp Gave No QR Image",
			fmt.Sprintf("WhatsApp answered without an image URL for code %s, so %q was not written. Apply again.", m.Code.ValueString(), file))
		return diags
	}
	data, err := r.client.DownloadQRImage(ctx, url)
	if err != nil {
		diags.Append(apiErrorDiagnostic("Unable to Download WhatsApp QR Image",
			fmt.Sprintf("The code %s exists, but its image could not be downloaded, so %q was not written. Apply again to retry.",
				m.Code.ValueString(), file), err))
		return diags
	}
	sum, err := writeQRImage(file, data)
	if err != nil {
		diags.AddAttributeError(path.Root("image_path"), "Unable to Write WhatsApp QR Image",
			fmt.Sprintf("The code %s exists, but its image could not be written to %q: %v. Fix the path or its "+
				"permissions, then apply again.", m.Code.ValueString(), file, err))
		return diags
	}
	m.ImageSHA256 = types.StringValue(sum)
	return diags
}

func (r *qrCodeResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	const summary = "Unable to Read WhatsApp QR Code"
	if !r.requireClient(&resp.Diagnostics, summary, "read the QR code") {
		return
	}
	var m qrCodeModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	q, err := r.client.GetQRCode(ctx, m.ID.ValueString(), m.ImageFormat.ValueString())
	if whatsapp.IsNotFound(err) {
		resp.Diagnostics.AddWarning("WhatsApp QR Code Deleted",
			fmt.Sprintf("The QR code %s no longer exists on phone number %s (deleted outside Terraform): scans of it and its "+
				"link no longer work. It was removed from state; the next apply creates a new code, with a new image to print.",
				m.ID.ValueString(), r.client.PhoneNumberID()))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(summary, "Check that the API is reachable, then refresh again.", err))
		return
	}
	m.setFrom(q)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *qrCodeResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	const summary = "Unable to Update WhatsApp QR Code"
	if !r.requireClient(&resp.Diagnostics, summary, "update the QR code") {
		return
	}
	var plan, state qrCodeModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	code := state.Code.ValueString()
	if !plan.PrefilledMessage.Equal(state.PrefilledMessage) {
		if _, err := r.client.UpdateQRCode(ctx, code, plan.PrefilledMessage.ValueString()); err != nil {
			resp.Diagnostics.Append(apiErrorDiagnostic(summary, fmt.Sprintf("Changing the message of code %s failed; it keeps "+
				"the previous one. Check prefilled_message, then apply again.", code), err))
			return
		}
	}
	// Read back, with the image URL in the planned format.
	q, err := r.client.GetQRCode(ctx, code, plan.ImageFormat.ValueString())
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(summary, fmt.Sprintf("Reading code %s back failed. Apply again.", code), err))
		return
	}
	plan.setFrom(q)
	resp.Diagnostics.Append(r.writeImage(ctx, &plan, q.QRImageURL)...)
	if isSet(state.ImagePath) && !state.ImagePath.Equal(plan.ImagePath) {
		if err := removeQRImage(state.ImagePath.ValueString(), state.ImageSHA256.ValueString()); err != nil {
			resp.Diagnostics.AddWarning("Unable to Remove Old WhatsApp QR Image", fmt.Sprintf("%q: %v. Remove it by hand.", state.ImagePath.ValueString(), err))
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *qrCodeResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	const summary = "Unable to Delete WhatsApp QR Code"
	if !r.requireClient(&resp.Diagnostics, summary, "delete the QR code") {
		return
	}
	var m qrCodeModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.client.DeleteQRCode(ctx, m.ID.ValueString()); err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(summary, fmt.Sprintf("Deleting code %s failed; it still works. Check that the "+
			"API is reachable, then destroy again.", m.ID.ValueString()), err))
		return
	}
	if err := removeQRImage(m.ImagePath.ValueString(), m.ImageSHA256.ValueString()); err != nil {
		resp.Diagnostics.AddWarning("Unable to Remove WhatsApp QR Image",
			fmt.Sprintf("The code was deleted, but its image %q could not be removed: %v. Remove it by hand: it no longer works.",
				m.ImagePath.ValueString(), err))
	}
}

// ImportState adopts a code by itself, e.g. terraform import whatsapp_qr_code.menu ANED2T5QRU7HG1.
func (r *qrCodeResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !whatsapp.QRCodeForm.MatchString(req.ID) {
		resp.Diagnostics.AddError("Invalid WhatsApp QR Code Import ID",
			fmt.Sprintf("%q is not a QR code: import one by its code, 14 upper-case letters and digits as the WhatsApp "+
				"Manager shows it, for example: terraform import whatsapp_qr_code.menu ANED2T5QRU7HG1", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("code"), req.ID)...)
}
