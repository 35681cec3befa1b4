package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

var (
	_ datasource.DataSource              = (*businessProfileDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*businessProfileDataSource)(nil)
)

// NewBusinessProfileDataSource reads the business profile customers see.
func NewBusinessProfileDataSource() datasource.DataSource { return &businessProfileDataSource{} }

type businessProfileDataSource struct {
	client *whatsapp.Client
}

type businessProfileDataSourceModel struct {
	ID          types.String `tfsdk:"id"`
	About       types.String `tfsdk:"about"`
	Address     types.String `tfsdk:"address"`
	Description types.String `tfsdk:"description"`
	Email       types.String `tfsdk:"email"`
	Vertical    types.String `tfsdk:"vertical"`
	Websites    types.List   `tfsdk:"websites"`
	PhotoURL    types.String `tfsdk:"photo_url"`
}

func (d *businessProfileDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_business_profile"
}

func (d *businessProfileDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	text := func(what string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: what + " Null when the profile has none.", Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the business profile of the provider's number (Cloud) or deployment (On-Premises), " +
			"for example to check it in a `precondition` or to show it in an output. Manage it with the " +
			"`whatsapp_business_profile` resource.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The phone number ID (Cloud) or `" + onPremProfileID + "` (On-Premises).",
				Computed:            true,
			},
			"about":       text("The text under the business's name."),
			"address":     text("The business's address."),
			"description": text("What the business does."),
			"email":       text("The contact email address."),
			"vertical":    text("The business's industry."),
			"websites": schema.ListAttribute{
				MarkdownDescription: "The business's websites, empty when it has none.",
				ElementType:         types.StringType,
				Computed:            true,
			},
			"photo_url": text("**Cloud API**: the URL Meta serves the profile photo at (signed, and it expires). On-Premises serves the photo itself at `/v1/settings/profile/photo`, so this is null there."),
		},
	}
}

func (d *businessProfileDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	client, diags := clientFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.client = client
}

func (d *businessProfileDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	const summary = "Unable to Read WhatsApp Business Profile"
	if d.client == nil {
		resp.Diagnostics.AddError(summary, notConfiguredDetail("read the business profile"))
		return
	}
	p, err := d.client.GetBusinessProfile(ctx)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(summary, "Reading the profile failed. Fix the cause below and run again.", err))
		return
	}
	id := onPremProfileID
	if d.client.Flavor() == whatsapp.Cloud {
		id = d.client.PhoneNumberID()
	}
	websites, diags := types.ListValueFrom(ctx, types.StringType, append([]string{}, p.Websites...))
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &businessProfileDataSourceModel{
		ID: types.StringValue(id), About: stringOrNull(p.About), Address: stringOrNull(p.Address),
		Description: stringOrNull(p.Description), Email: stringOrNull(p.Email), Vertical: stringOrNull(p.Vertical),
		Websites: websites, PhotoURL: stringOrNull(p.PhotoURL),
	})...)
}
