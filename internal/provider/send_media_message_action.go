package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/actionvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/content"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// whatsapp_send_media_message sends one media message each time it is
// invoked (an action_trigger on another resource, or terraform apply -invoke)
// and keeps nothing in state. It is thin: the rules are whatsapp_media_message's
// (media_message_plan.go), the send and its wording are sendOnce's
// (send_action.go).
var (
	_ action.Action                     = (*sendMediaMessageAction)(nil)
	_ action.ActionWithConfigure        = (*sendMediaMessageAction)(nil)
	_ action.ActionWithConfigValidators = (*sendMediaMessageAction)(nil)
	_ action.ActionWithValidateConfig   = (*sendMediaMessageAction)(nil) // send_media_message_plan.go
	_ action.ActionWithModifyPlan       = (*sendMediaMessageAction)(nil) // send_media_message_plan.go
)

// NewSendMediaMessageAction is the whatsapp_send_media_message action.
func NewSendMediaMessageAction() action.Action { return &sendMediaMessageAction{} }

type sendMediaMessageAction struct {
	client    *whatsapp.Client
	templates *templateCatalog // template_catalog.go: the template checked at plan, as the resource's
}

// sendMediaMessageModel mirrors the action's schema: the media a message
// sends (content.Media, the resource's) and to whom, without
// whatsapp_media_message's bookkeeping (media_sha256, triggers, the computed
// ID), because an action remembers nothing between invocations.
type sendMediaMessageModel struct {
	content.Media
	To            types.String `tfsdk:"to"`
	RecipientType types.String `tfsdk:"recipient_type"`
	Template      types.Object `tfsdk:"template"` // send_media_message_template.go
}

func (a *sendMediaMessageAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_send_media_message"
}

func (a *sendMediaMessageAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	client, diags := clientFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	a.client = client
	if pd, ok := req.ProviderData.(*providerData); ok {
		a.templates = pd.templates
	}
}

func (a *sendMediaMessageAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Sends one audio, document, image, sticker or video message **each time it is invoked**: " +
			"from an `action_trigger` in another resource's `lifecycle` (for example after a release is created), " +
			"or by hand with `terraform apply -invoke=action.whatsapp_send_media_message.<name>`. It keeps nothing " +
			"in state, so nothing stops a second invocation from sending again; for \"each recipient gets this once\" " +
			"use the `whatsapp_media_message` resource. The arguments and their plan-time checks are the resource's, " +
			"`template` included: with it the media is the header of an approved template message, which reaches " +
			"customers outside the 24-hour window. " +
			"Needs Terraform 1.14 or later (OpenTofu has no actions).",
		Attributes: map[string]schema.Attribute{
			"to": schema.StringAttribute{
				MarkdownDescription: "The recipient: a phone number in international form, country code first, with or " +
					"without the leading `+` (spaces, dashes, dots and parentheses are allowed), or a WhatsApp ID. " +
					"It is sent as digits only.",
				Required:   true,
				Validators: []validator.String{recipientValidator},
			},
			"type": schema.StringAttribute{
				MarkdownDescription: "The message type: `audio`, `document`, `image`, `sticker` or `video`; " +
					"`whatsapp_media.<name>.media_type` gives the type an uploaded file can be sent as.",
				Required:   true,
				Validators: []validator.String{stringvalidator.OneOf(whatsapp.MediaMessageTypes()...)},
			},
			"media_id": schema.StringAttribute{
				MarkdownDescription: "The ID of uploaded media, usually `whatsapp_media.<name>.id`. Exactly one of " +
					"`media_id` and `link` must be set.",
				Optional:   true,
				Validators: []validator.String{mediaIDValidator},
			},
			"link": schema.StringAttribute{
				MarkdownDescription: "An `http://` or `https://` URL WhatsApp fetches the media from. Exactly one of " +
					"`media_id` and `link` must be set.",
				Optional:   true,
				Validators: []validator.String{httpURLValidator},
			},
			"caption": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Text shown with the media, at most %d characters. Only `image`, "+
					"`video` and `document` messages take a caption.", whatsapp.MaxCaptionLength),
				Optional:   true,
				Validators: []validator.String{stringvalidator.UTF8LengthAtMost(whatsapp.MaxCaptionLength)},
			},
			"filename": schema.StringAttribute{
				MarkdownDescription: "The file name shown for a `document` message. Only `document` messages take a filename.",
				Optional:            true,
			},
			"link_provider": schema.StringAttribute{
				MarkdownDescription: "On-Premises API only, and only with `link`: the name of a media provider " +
					"(see `whatsapp_media_provider`) whose credentials WhatsApp uses to fetch the link.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.AlsoRequires(path.MatchRoot("link")), mediaProviderNameValidator},
			},
			"recipient_type": schema.StringAttribute{
				MarkdownDescription: "`individual` (when left out) or `group`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(whatsapp.RecipientTypes()...)},
			},
			"template": actionTemplateAttribute(),
		},
	}
}

// ConfigValidators names both attributes in one message when neither or both
// of media_id and link are set, as the resource does.
func (a *sendMediaMessageAction) ConfigValidators(context.Context) []action.ConfigValidator {
	return []action.ConfigValidator{
		actionvalidator.ExactlyOneOf(path.MatchRoot("media_id"), path.MatchRoot("link")),
	}
}

func (a *sendMediaMessageAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	const summary = "Unable to Send WhatsApp Media Message"
	if a.client == nil {
		resp.Diagnostics.AddError(summary, notConfiguredDetail("send the message"))
		return
	}
	var m sendMediaMessageModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Values unknown at plan time (a media ID uploaded in the same apply) are
	// known now: the resource's rules run again before anything is sent.
	c := content.Content{Media: m.Media, Template: m.Template}
	resp.Diagnostics.Append(checkBeforeSend(ctx, m.To, c, types.StringNull(), a.client.Flavor(), a.client.TemplateNamespace())...)
	if resp.Diagnostics.HasError() {
		return
	}
	// checkBeforeSend has refused a recipient that is not a number: its digits are its canonical form.
	msg, diags := c.Request(ctx, whatsapp.RecipientDigits(m.To.ValueString()), m.RecipientType.ValueString(), "")
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	ctx = withSendFields(ctx, msg, "to", msg.To)
	sendOnce(ctx, resp, summary, describeSend(msg), func(ctx context.Context) (*whatsapp.SentMessage, error) {
		return a.client.SendMediaMessage(ctx, msg)
	})
}
