package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

var (
	_ datasource.DataSource              = (*messageTemplateDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*messageTemplateDataSource)(nil)
)

// NewMessageTemplateDataSource reads a template by name and language, so a
// send can check at plan time that it is approved and how many parameters
// its body takes.
func NewMessageTemplateDataSource() datasource.DataSource { return &messageTemplateDataSource{} }

type messageTemplateDataSource struct {
	client *whatsapp.Client
}

type messageTemplateDataSourceModel struct {
	Name               types.String `tfsdk:"name"`
	Language           types.String `tfsdk:"language"`
	ID                 types.String `tfsdk:"id"`
	Category           types.String `tfsdk:"category"`
	Status             types.String `tfsdk:"status"`
	RejectedReason     types.String `tfsdk:"rejected_reason"`
	HeaderFormat       types.String `tfsdk:"header_format"`
	Body               types.String `tfsdk:"body"`
	BodyParameterCount types.Int64  `tfsdk:"body_parameter_count"`
	Footer             types.String `tfsdk:"footer"`
}

func (d *messageTemplateDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_message_template"
}

func (d *messageTemplateDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a message template by name and language from the **Cloud API** (the provider's " +
			"`business_account_id`), for example so that a `whatsapp_media_message` with `template` can check in a " +
			"`precondition` that the template is `APPROVED`, has the header format of the media, and takes as many " +
			"body parameters as the message gives, before anything is sent.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				MarkdownDescription: "The template's name.",
				Required:            true,
				Validators:          []validator.String{templateNameValidator},
			},
			"language": schema.StringAttribute{
				MarkdownDescription: "The template's language, e.g. `en_US`.",
				Required:            true,
				Validators:          []validator.String{templateLanguageValidator},
			},
			"id":              computed("The template's ID."),
			"category":        computed("`MARKETING`, `UTILITY` or `AUTHENTICATION`."),
			"status":          computed("`APPROVED`, `PENDING`, `REJECTED`, `PAUSED` or `DISABLED`; only an approved template can be sent."),
			"rejected_reason": computed("Why Meta rejected the template, when it did."),
			"header_format":   computed("`TEXT`, `IMAGE`, `VIDEO` or `DOCUMENT`; null without a header. A media header's format is the `type` a send gives, in lower case."),
			"body":            computed("The body text, with its variables `{{1}}`, `{{2}}`, ..."),
			"body_parameter_count": schema.Int64Attribute{
				MarkdownDescription: "How many distinct variables the body has: the number of `body_parameters` a send gives.",
				Computed:            true,
			},
			"footer": computed("The footer text, if any."),
		},
	}
}

func (d *messageTemplateDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	client, diags := clientFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.client = client
}

func (d *messageTemplateDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if d.client == nil {
		resp.Diagnostics.AddError("Unable to Read WhatsApp Message Template", notConfiguredDetail("read the template"))
		return
	}
	var m messageTemplateDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	resp.Diagnostics.Append(checkTemplateSettings(d.client, types.StringNull())...)
	if resp.Diagnostics.HasError() {
		return
	}
	t, err := d.client.FindTemplate(ctx, m.Name.ValueString(), m.Language.ValueString())
	if whatsapp.IsNotFound(err) {
		resp.Diagnostics.AddError("WhatsApp Message Template Not Found",
			fmt.Sprintf("The business account %s has no template %q in %s. Check name and language (the WhatsApp "+
				"Manager lists them), or create it with whatsapp_message_template.", d.client.BusinessAccountID(),
				m.Name.ValueString(), m.Language.ValueString()))
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Unable to Read WhatsApp Message Template",
			fmt.Sprintf("Reading the template %q (%s) failed.", m.Name.ValueString(), m.Language.ValueString()), err))
		return
	}
	m.ID, m.Category, m.Status = types.StringValue(t.ID), types.StringValue(t.Category), types.StringValue(t.Status)
	m.RejectedReason = reasonValue(t.RejectedReason)
	m.HeaderFormat, m.Footer = types.StringNull(), types.StringNull()
	if h, ok := t.Component("HEADER"); ok {
		m.HeaderFormat = types.StringValue(h.Format)
	}
	if f, ok := t.Component("FOOTER"); ok {
		m.Footer = types.StringValue(f.Text)
	}
	body, _ := t.Component("BODY")
	m.Body = types.StringValue(body.Text)
	m.BodyParameterCount = types.Int64Value(int64(whatsapp.CountBodyParameters(t.ParameterFormat, body.Text)))
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
