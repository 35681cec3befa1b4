package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/content"
)

// mediaCampaignModel mirrors whatsapp_media_campaign's schema: what every
// recipient gets (content.Content, the broadcast's), the file that names
// them and fills in each one's template parameters, and a handful of
// computed values that stay a handful however many recipients there are.
type mediaCampaignModel struct {
	content.Content
	ID                     types.String `tfsdk:"id"`
	RecipientsFile         types.String `tfsdk:"recipients_file"`
	PhoneColumn            types.String `tfsdk:"phone_column"`
	Country                types.String `tfsdk:"country"`
	BodyParameterColumns   types.List   `tfsdk:"body_parameter_columns"`
	ButtonParameterColumns types.Map    `tfsdk:"button_parameter_columns"`
	IgnoreMessagingLimit   types.Bool   `tfsdk:"ignore_messaging_limit"`
	ReportFile             types.String `tfsdk:"report_file"`
	RecipientsSHA256       types.String `tfsdk:"recipients_sha256"`
	RecipientCount         types.Int64  `tfsdk:"recipient_count"`
	SentCount              types.Int64  `tfsdk:"sent_count"`
	FailedCount            types.Int64  `tfsdk:"failed_count"`
	SentRecipients         types.String `tfsdk:"sent_recipients"`
	DeliveryLabel          types.String `tfsdk:"delivery_label"`
}

// mediaCampaignResource is whatsapp_media_campaign. Its methods are in the
// media_campaign_* files (resource, plan, send, limits); it is declared here,
// under them.
type mediaCampaignResource struct {
	resourceClient
}
