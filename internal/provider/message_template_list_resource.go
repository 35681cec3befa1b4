package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The whatsapp_message_template list resource lets `terraform query`
// (Terraform 1.14+) find every template of the business account, in every
// language, and generate their configuration and import blocks. Like the
// media provider's (media_provider_list_resource.go) it is thin: the list
// call, each entry turned into the resource's identity and state by the
// resource's own mapping (fillFromAPI).
var (
	_ list.ListResource              = (*messageTemplateListResource)(nil)
	_ list.ListResourceWithConfigure = (*messageTemplateListResource)(nil)
)

// NewMessageTemplateListResource lists the business account's templates.
func NewMessageTemplateListResource() list.ListResource { return &messageTemplateListResource{} }

type messageTemplateListResource struct {
	resourceClient
}

func (l *messageTemplateListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_message_template"
}

func (l *messageTemplateListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every message template of the WhatsApp Business Account the provider's " +
			"`business_account_id` names, each language its own entry (`GET /{waba-id}/message_templates`, page by " +
			"page), so that `terraform query` can find them and generate `import` blocks (by `identity = { id = ... }`) " +
			"and `whatsapp_message_template` configuration. It takes no arguments. A media header's example file " +
			"cannot be read back: its generated block has `header_format` without `header_example`, which you add " +
			"(the file is then taken as the example Meta already has, not uploaded). Cloud API only.",
	}
}

func (l *messageTemplateListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	const summary = "Unable to List WhatsApp Message Templates"
	if l.client == nil {
		stream.Results = listError(diag.NewErrorDiagnostic(summary, notConfiguredDetail("list the message templates")))
		return
	}
	if d := checkTemplateSettings(l.client, types.StringNull()); d.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(d)
		return
	}
	tflog.Debug(ctx, "listing WhatsApp message templates")
	templates, err := l.client.ListTemplates(ctx)
	if err != nil {
		stream.Results = listError(apiErrorDiagnostic(summary,
			"Listing the templates of the business account "+l.client.BusinessAccountID()+" failed. Check that the "+
				"access token has whatsapp_business_management and that business_account_id is the account's ID, then query again.", err))
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		for i, t := range templates {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			result := req.NewListResult(ctx)
			result.DisplayName = fmt.Sprintf("%s (%s, %s, %s)", t.Name, t.Language, t.Category, t.Status)
			result.Diagnostics.Append(messageTemplateIdentity.set(ctx, result.Identity, t.ID)...)
			if req.IncludeResource {
				m, d := listedMessageTemplate(ctx, t)
				result.Diagnostics.Append(d...)
				result.Diagnostics.Append(result.Resource.Set(ctx, m)...)
			}
			if !push(result) {
				return
			}
		}
	}
}

// listedMessageTemplate is the state an import of t would have: what the
// API says, the defaults of the Terraform-only settings, and no edits known.
func listedMessageTemplate(ctx context.Context, t whatsapp.MessageTemplate) (messageTemplateModel, diag.Diagnostics) {
	m := messageTemplateModel{
		ID:                  types.StringValue(t.ID),
		HeaderExample:       types.StringNull(),
		HeaderExampleSHA256: types.StringNull(),
		WaitForApproval:     types.BoolValue(false),
		ReviewTimeout:       types.StringValue(defaultReviewTimeout),
		EditTimes:           noEditTimes(),
	}
	diags := fillFromAPI(ctx, &m, t)
	return m, diags
}
