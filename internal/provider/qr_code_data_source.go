package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

var (
	_ datasource.DataSource              = (*qrCodeDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*qrCodeDataSource)(nil)
)

// NewQRCodeDataSource reads a message QR code Terraform does not manage,
// e.g. one already printed, for its link and image.
func NewQRCodeDataSource() datasource.DataSource { return &qrCodeDataSource{} }

type qrCodeDataSource struct {
	client *whatsapp.Client
}

type qrCodeDataSourceModel struct {
	Code             types.String `tfsdk:"code"`
	ImageFormat      types.String `tfsdk:"image_format"`
	PrefilledMessage types.String `tfsdk:"prefilled_message"`
	DeepLinkURL      types.String `tfsdk:"deep_link_url"`
	QRImageURL       types.String `tfsdk:"qr_image_url"`
}

var qrCodeValidator = stringCheck{
	description: "14 upper-case letters and digits",
	summary:     "Invalid WhatsApp QR Code",
	problem: func(v string) string {
		if !whatsapp.QRCodeForm.MatchString(v) {
			return fmt.Sprintf("%q is not a QR code: give the code as the WhatsApp Manager shows it, 14 upper-case letters "+
				"and digits such as ANED2T5QRU7HG1 (the part after https://wa.me/message/).", v)
		}
		return ""
	},
}

func (d *qrCodeDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_qr_code"
}

func (d *qrCodeDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a message QR code of the phone number (**Cloud API only**, " +
			"`GET /{phone-number-id}/message_qrdls/{code}`): its prefilled message, deep link and, with `image_format`, " +
			"an image URL. For codes made in the WhatsApp Manager or printed before Terraform; to manage one, use the " +
			"`whatsapp_qr_code` resource (or import it).",
		Attributes: map[string]schema.Attribute{
			"code": schema.StringAttribute{
				MarkdownDescription: "The code: 14 upper-case letters and digits.",
				Required:            true,
				Validators:          []validator.String{qrCodeValidator},
			},
			"image_format": schema.StringAttribute{
				MarkdownDescription: "`PNG` or `SVG`: also read an image URL in that format.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(whatsapp.QRImageFormats...)},
			},
			"prefilled_message": schema.StringAttribute{
				MarkdownDescription: "The message the customer's chat starts with.",
				Computed:            true,
			},
			"deep_link_url": schema.StringAttribute{
				MarkdownDescription: "The code's link, `https://wa.me/message/<code>`.",
				Computed:            true,
			},
			"qr_image_url": schema.StringAttribute{
				MarkdownDescription: "A temporary URL of the image in `image_format` (Meta's CDN); null without `image_format`.",
				Computed:            true,
			},
		},
	}
}

func (d *qrCodeDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	client, diags := clientFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.client = client
}

func (d *qrCodeDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if d.client == nil {
		resp.Diagnostics.AddError("Unable to Read WhatsApp QR Code", notConfiguredDetail("read the QR code"))
		return
	}
	resp.Diagnostics.Append(requireCloud(d.client, "QR Code", "the On-Premises API has no QR codes; use the WhatsApp Manager.")...)
	var m qrCodeDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	q, err := d.client.GetQRCode(ctx, m.Code.ValueString(), m.ImageFormat.ValueString())
	if whatsapp.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("code"), "WhatsApp QR Code Not Found",
			fmt.Sprintf("Phone number %s has no QR code %s: it was deleted, or belongs to another number. Check the code "+
				"in the WhatsApp Manager (Phone numbers > Message links).", d.client.PhoneNumberID(), m.Code.ValueString()))
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Unable to Read WhatsApp QR Code", "Fix the cause below and run again.", err))
		return
	}
	m.PrefilledMessage, m.DeepLinkURL, m.QRImageURL = types.StringValue(q.PrefilledMessage), types.StringValue(q.DeepLinkURL), stringOrNull(q.QRImageURL)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
