package provider

import "github.com/hashicorp/terraform-plugin-framework/types"

// The QR code resource's type and model, declared under the qr_code_* files
// that hold its methods (resource, plan, image).

type qrCodeResource struct {
	resourceClient
}

type qrCodeModel struct {
	ID               types.String `tfsdk:"id"`
	Code             types.String `tfsdk:"code"`
	PrefilledMessage types.String `tfsdk:"prefilled_message"`
	ImageFormat      types.String `tfsdk:"image_format"`
	ImagePath        types.String `tfsdk:"image_path"`
	DeepLinkURL      types.String `tfsdk:"deep_link_url"`
	QRImageURL       types.String `tfsdk:"qr_image_url"`
	ImageSHA256      types.String `tfsdk:"image_sha256"`
}
