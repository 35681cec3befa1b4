package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

var (
	_ datasource.DataSource              = (*phoneNumberDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*phoneNumberDataSource)(nil)
)

// NewPhoneNumberDataSource reads a Cloud business phone number's status.
func NewPhoneNumberDataSource() datasource.DataSource { return &phoneNumberDataSource{} }

type phoneNumberDataSource struct {
	client *whatsapp.Client
}

type phoneNumberDataSourceModel struct {
	ID                     types.String `tfsdk:"id"`
	DisplayPhoneNumber     types.String `tfsdk:"display_phone_number"`
	VerifiedName           types.String `tfsdk:"verified_name"`
	QualityRating          types.String `tfsdk:"quality_rating"`
	CodeVerificationStatus types.String `tfsdk:"code_verification_status"`
	NameStatus             types.String `tfsdk:"name_status"`
	Throughput             types.String `tfsdk:"throughput"`
	MessagingLimitTier     types.String `tfsdk:"messaging_limit_tier"`
}

func (d *phoneNumberDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_phone_number"
}

func (d *phoneNumberDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a business phone number's status from the **Cloud API** " +
			"(`GET /{version}/{phone-number-id}`): its display number, verified name, quality rating and, where " +
			"the account has them, throughput and messaging limit tier. Use it to guard sends, e.g. a " +
			"`precondition` that stops a broadcast when `quality_rating` is `RED`. The token needs the " +
			"`whatsapp_business_management` permission. On a provider configured for the On-Premises API it is " +
			"an error at plan time: that API has no such call, and its `/v1/health` only says whether the " +
			"gateway is up, which cannot stand in for a quality rating.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The phone number ID to read. Defaults to the provider's `phone_number_id`.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{phoneNumberIDValidator},
			},
			"display_phone_number": schema.StringAttribute{
				MarkdownDescription: "The number as WhatsApp shows it, e.g. `+1 631-555-0100`.",
				Computed:            true,
			},
			"verified_name": schema.StringAttribute{
				MarkdownDescription: "The business name recipients see.",
				Computed:            true,
			},
			"quality_rating": schema.StringAttribute{
				MarkdownDescription: "The number's quality rating: `GREEN` (high), `YELLOW` (medium), `RED` (low) or " +
					"`NA` (not yet rated). A low rating can lead to a lower messaging limit.",
				Computed: true,
			},
			"code_verification_status": schema.StringAttribute{
				MarkdownDescription: "Whether the number's ownership was verified by code, e.g. `VERIFIED` or `NOT_VERIFIED`.",
				Computed:            true,
			},
			"name_status": schema.StringAttribute{
				MarkdownDescription: "The review status of the display name, e.g. `APPROVED`, `PENDING_REVIEW` or `DECLINED`.",
				Computed:            true,
			},
			"throughput": schema.StringAttribute{
				MarkdownDescription: "The number's throughput level (Graph's `throughput.level`), e.g. `STANDARD` or " +
					"`HIGH`. Null when the API does not return it for the account.",
				Computed: true,
			},
			"messaging_limit_tier": schema.StringAttribute{
				MarkdownDescription: "How many unique recipients the number may start conversations with per day, " +
					"e.g. `TIER_1K`, `TIER_10K`, `TIER_UNLIMITED`. Null when the API does not return it for the account.",
				Computed: true,
			},
		},
	}
}

func (d *phoneNumberDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	client, diags := clientFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.client = client
}

func (d *phoneNumberDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if d.client == nil {
		resp.Diagnostics.AddError("Unable to Read WhatsApp Phone Number", notConfiguredDetail("read the phone number"))
		return
	}
	if d.client.Flavor() != whatsapp.Cloud {
		resp.Diagnostics.AddError("WhatsApp Phone Number Needs the Cloud API",
			"data.whatsapp_phone_number reads GET /{version}/{phone-number-id}, which only the Cloud API has, but "+
				"this provider is configured for the On-Premises API. Its /v1/health only tells whether the gateway "+
				"is up, not a quality rating or messaging limits. Read the number through a provider configured for "+
				"the Cloud API (e.g. an aliased provider block with phone_number_id and access_token), or remove "+
				"this data source.")
		return
	}
	var model phoneNumberDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := model.ID.ValueString() // empty: the client's phone_number_id
	info, err := d.client.GetPhoneNumber(withLogFields(ctx, "phone_number_id", id), id)
	if whatsapp.IsNotFound(err) {
		what := "the provider's phone_number_id"
		if id != "" {
			what = "id"
		}
		resp.Diagnostics.AddAttributeError(path.Root("id"), "WhatsApp Phone Number Not Found",
			fmt.Sprintf("The Cloud API knows no phone number with this ID, or the access token may not see it. "+
				"Check %s, and that the token's system user has the whatsapp_business_management permission "+
				"on the number's WhatsApp Business Account.\n\nThe API answered: %v", what, err))
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Unable to Read WhatsApp Phone Number",
			"Reading the phone number's status from the Cloud API failed. Fix the cause below and run again.", err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &phoneNumberDataSourceModel{
		ID:                     types.StringValue(info.ID),
		DisplayPhoneNumber:     stringOrNull(info.DisplayPhoneNumber),
		VerifiedName:           stringOrNull(info.VerifiedName),
		QualityRating:          stringOrNull(info.QualityRating),
		CodeVerificationStatus: stringOrNull(info.CodeVerificationStatus),
		NameStatus:             stringOrNull(info.NameStatus),
		Throughput:             stringOrNull(info.Throughput),
		MessagingLimitTier:     stringOrNull(info.MessagingLimitTier),
	})...)
}

// stringOrNull keeps "the API did not say" apart from a value.
func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
