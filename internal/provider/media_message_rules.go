package provider

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/content"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The rules of a media message that run both at plan time (ValidateConfig and
// ModifyPlan in media_message_plan.go) and before a send (Create in
// media_message_resource.go, through checkBeforeSend), so each is written
// once. The whatsapp_send_media_message action calls the same functions at
// the same points (send_media_message_plan.go, send_media_message_action.go).
// The field table itself is whatsapp.TakesCaption and TakesFilename
// (internal/whatsapp/API.md, "The message body").

// messageForMany runs checkBeforeSend on a message many recipients get (a
// broadcast's, a campaign's base), checked as sent to the first, and builds
// it without a recipient: the client sets each one's To.
func messageForMany(ctx context.Context, client *whatsapp.Client, first string, m content.Content) (whatsapp.MediaMessage, diag.Diagnostics) {
	d := checkBeforeSend(ctx, types.StringValue(first), m, types.StringNull(), client.Flavor(), client.TemplateNamespace())
	if d.HasError() {
		return whatsapp.MediaMessage{}, d
	}
	msg, more := m.Request(ctx, "", whatsapp.RecipientIndividual, "")
	return msg, append(d, more...)
}

// checkBeforeSend runs, on the values a send is about to use, the rules that
// validation skipped because a value was unknown at plan time (a recipient,
// link or type taken from a resource created in the same apply). Each error
// is on its attribute, and nothing is sent when there is one.
func checkBeforeSend(ctx context.Context, to types.String, m content.Content, callbackData types.String,
	flavor whatsapp.Flavor, templateNamespace string) diag.Diagnostics {
	var diags diag.Diagnostics
	// The recipient rule's owner is whatsapp.CanonicalRecipient; recipient.go
	// words it, as the `to` validator and the functions do.
	if detail := recipientProblem(to.ValueString()); detail != "" {
		diags.AddAttributeError(path.Root("to"), recipientValidator.summary, detail)
	}
	if typ := m.Type.ValueString(); whatsapp.IsMediaMessageType(typ) {
		diags.Append(checkMediaMessageRules(m.Media)...)
		diags.Append(checkTemplateRules(ctx, m)...) // media_message_template.go
		diags.Append(checkTemplateParameters(ctx, m.Template)...)
	} else {
		diags.AddAttributeError(path.Root("type"), "Invalid Media Message Type",
			fmt.Sprintf("Type %q is not a media message type: use one of %s.", typ, strings.Join(whatsapp.MediaMessageTypes(), ", ")))
	}
	diags.Append(checkTemplateFlavor(ctx, flavor, templateNamespace, m.Template)...)
	diags.Append(checkOneMediaSource(m.MediaID, m.Link, true)...)
	if isSet(m.Link) {
		if problem := describeProblem(whatsapp.CheckHTTPURL(m.Link.ValueString()), m.Link.ValueString()); problem != "" {
			diags.AddAttributeError(path.Root("link"), "Invalid URL", fmt.Sprintf("%q: %s", m.Link.ValueString(), problem))
		}
	}
	if isSet(m.LinkProvider) && !isSet(m.Link) {
		diags.AddAttributeError(path.Root("link_provider"), "Invalid Attribute Combination",
			"link_provider names the media provider that fetches a link: set link too, or remove link_provider.")
	}
	if n := utf8.RuneCountInString(m.Caption.ValueString()); n > whatsapp.MaxCaptionLength {
		diags.AddAttributeError(path.Root("caption"), "Caption Too Long",
			fmt.Sprintf("The caption has %d characters; WhatsApp allows at most %d.", n, whatsapp.MaxCaptionLength))
	}
	diags.Append(checkLinkProviderFlavor(flavor, m.LinkProvider)...)
	diags.Append(checkCallbackDataFlavor(flavor, callbackData)...)
	return diags
}

// checkOneMediaSource is the rule that a message names its media one way:
// exactly one of media_id and link. At plan time (ValidateConfig, atSend
// false) a configured value counts, even an empty one (the attribute's own
// validator refuses that), and an unknown one may turn out either way, so it
// only fails when both are set. Before a send (atSend true) every value is
// known, and an empty one is left out of the request, so it counts as unset.
// The plan-time words are those of the framework-validators' ExactlyOneOf,
// which this check replaced to spare the framework a walk of the whole
// configuration for every message.
func checkOneMediaSource(mediaID, link types.String, atSend bool) diag.Diagnostics {
	var diags diag.Diagnostics
	if atSend {
		if isSet(mediaID) == isSet(link) {
			both := map[bool]string{true: "both are set", false: "neither is set (both came out empty)"}[isSet(link)]
			diags.AddAttributeError(path.Root("media_id"), "Invalid Attribute Combination",
				"Exactly one of media_id and link must be set, but at send time "+both+".")
		}
		return diags
	}
	const rule = "Exactly one of these attributes must be configured: [media_id,link]"
	configured := func(v types.String) bool { return !v.IsNull() && !v.IsUnknown() }
	switch {
	case configured(mediaID) && configured(link):
		diags.AddAttributeError(path.Root("media_id"), "Invalid Attribute Combination", rule)
	case mediaID.IsNull() && link.IsNull():
		diags.AddError("Missing Attribute Configuration", rule)
	}
	return diags
}

// validateMessageRules reads type, caption and filename from a configuration
// (the resource's, or the whatsapp_send_media_message action's) and applies
// the field table to them.
func validateMessageRules(ctx context.Context, config tfsdk.Config) diag.Diagnostics {
	var v content.Media
	var diags diag.Diagnostics
	for name, dst := range map[string]*types.String{"type": &v.Type, "caption": &v.Caption, "filename": &v.Filename} {
		diags.Append(config.GetAttribute(ctx, path.Root(name), dst)...)
	}
	if diags.HasError() {
		return diags
	}
	diags.Append(checkMediaMessageRules(v)...)
	return diags
}

// checkMediaMessageRules applies the field table: no caption on audio or
// sticker, a filename only on documents. Each error names its attribute.
func checkMediaMessageRules(v content.Media) diag.Diagnostics {
	var diags diag.Diagnostics
	if v.Type.IsNull() || v.Type.IsUnknown() {
		return diags
	}
	typ := v.Type.ValueString()
	if isSet(v.Caption) && whatsapp.IsMediaMessageType(typ) && !whatsapp.TakesCaption(typ) {
		diags.AddAttributeError(path.Root("caption"), "Caption Not Allowed",
			fmt.Sprintf("Type %q takes no caption; only image, video and document messages have one. "+
				"Remove caption, or send the media as another type.", typ))
	}
	if isSet(v.Filename) && !whatsapp.TakesFilename(typ) {
		diags.AddAttributeError(path.Root("filename"), "Filename Not Allowed",
			fmt.Sprintf("Type %q takes no filename; only document messages have one. Remove filename.", typ))
	}
	return diags
}

// checkLinkProviderFlavor rejects link_provider on the Cloud API, which has no
// media providers.
func checkLinkProviderFlavor(flavor whatsapp.Flavor, linkProvider types.String) diag.Diagnostics {
	var diags diag.Diagnostics
	if flavor == whatsapp.OnPremises || !isSet(linkProvider) {
		return diags
	}
	diags.AddAttributeError(path.Root("link_provider"), summaryMediaProvidersNeedOnPremises,
		fmt.Sprintf("link_provider %q names an On-Premises media provider, but the provider is configured for the "+
			"%s API, which has no media providers. Remove link_provider: Cloud fetches a link without credentials, "+
			"so the link must be publicly reachable.", linkProvider.ValueString(), flavor.Name()))
	return diags
}

// checkCallbackDataFlavor rejects callback_data on the On-Premises API, which
// has no biz_opaque_callback_data: a receiver would wait for it in vain.
func checkCallbackDataFlavor(flavor whatsapp.Flavor, callbackData types.String) diag.Diagnostics {
	var diags diag.Diagnostics
	if flavor == whatsapp.Cloud || !isSet(callbackData) {
		return diags
	}
	diags.AddAttributeError(path.Root("callback_data"), "WhatsApp Callback Data Needs the Cloud API",
		fmt.Sprintf("callback_data is sent as biz_opaque_callback_data, which only the Cloud API has; the provider is "+
			"configured for the %s API, whose statuses carry only the message ID and recipient. Remove callback_data, "+
			"and match statuses to messages by the message ID (the id attribute of this resource).", flavor.Name()))
	return diags
}
