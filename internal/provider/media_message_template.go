package provider

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/content"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The `template` attribute of whatsapp_media_message: with it the message is
// a template message whose header carries the media (internal/whatsapp/API.md,
// "Template messages"), the way WhatsApp lets a business reach a customer
// outside the 24-hour window. Everything else about the message (to, type,
// media_id or link, media_sha256, filename, triggers, sent once, unknown
// outcomes traced) stays as it is, which is why it is an attribute of the
// message and not a resource of its own (CONTRIBUTING.md, "Decisions").

// templateAttribute is the schema of the template attribute. Any change of it
// changes what the recipient gets, so it replaces the message (sends again).
func templateAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: "Send the media as the header of an approved **message template** instead of a " +
			"free-form media message. WhatsApp delivers a free-form message only to a customer who wrote to the " +
			"business in the last 24 hours; a template message reaches anyone who has not blocked the business, so " +
			"broadcasts need one. `type` must then be `image`, `video` or `document` (the template's header format), " +
			"and `caption` is not allowed (the template's body is the text). Changing anything in it **sends the " +
			"message again**. With the Cloud API and the provider's `business_account_id`, the plan looks the " +
			"template up (once per name and provider run) and refuses, with nothing sent, a template that does not " +
			"exist in `language`, is not `APPROVED`, has a header of another type, or whose body variables or " +
			"buttons the parameters do not fit; a `whatsapp_message_template` of the same configuration is checked " +
			"as it is planned.",
		Optional:      true,
		PlanModifiers: []planmodifier.Object{objectplanmodifier.RequiresReplace()},
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				MarkdownDescription: "The template's name, e.g. `whatsapp_message_template.<name>.name`: lowercase " +
					"letters, digits and underscores.",
				Required:   true,
				Validators: []validator.String{templateNameValidator},
			},
			"language": schema.StringAttribute{
				MarkdownDescription: "The language of the template to send, e.g. `en_US`. The template must be approved in it.",
				Required:            true,
				Validators:          []validator.String{templateLanguageValidator},
			},
			"namespace": schema.StringAttribute{
				MarkdownDescription: "On-Premises API only: the template namespace of the business account; when left " +
					"out, the provider's `template_namespace`. Ignored (with a warning) on the Cloud API.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"body_parameters": schema.ListAttribute{
				MarkdownDescription: "The values of the body's variables `{{1}}`, `{{2}}`, ... in order, one per " +
					"variable. WhatsApp refuses the send (code 132000) when the count differs from the template's; " +
					"the plan checks it when it can look the template up (see `template`). " +
					fmt.Sprintf("Each value has 1 to %d characters.", whatsapp.MaxTemplateParameterLength),
				ElementType: types.StringType,
				Optional:    true,
				Validators: []validator.List{listvalidator.ValueStringsAre(
					stringvalidator.UTF8LengthBetween(1, whatsapp.MaxTemplateParameterLength))},
			},
			"body_named_parameters": schema.MapAttribute{
				MarkdownDescription: "For a template with `parameter_format = \"NAMED\"`: the values of its body's " +
					"variables by name, e.g. `{ first_name = \"Ana\" }` for `{{first_name}}`; one per variable. Sent with " +
					"each value's `parameter_name`. Conflicts with `body_parameters`, which fills `{{1}}`, `{{2}}`, ... " +
					fmt.Sprintf("by position. Each value has 1 to %d characters.", whatsapp.MaxTemplateParameterLength),
				ElementType: types.StringType,
				Optional:    true,
				Validators: []validator.Map{
					mapvalidator.KeysAre(stringvalidator.RegexMatches(whatsapp.ParameterNamePattern,
						"must be a variable's name as the template writes it between {{ }}: lowercase letters, digits and underscores")),
					mapvalidator.ValueStringsAre(stringvalidator.UTF8LengthBetween(1, whatsapp.MaxTemplateParameterLength)),
					mapvalidator.ConflictsWith(path.MatchRelative().AtParent().AtName("body_parameters")),
				},
			},
			"buttons": schema.ListNestedAttribute{
				MarkdownDescription: "Parameters of the template's buttons: a quick reply button's payload (returned " +
					"when the customer taps it), or a URL button's dynamic suffix (appended to the URL the template defines).",
				Optional: true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"index": schema.Int64Attribute{
						MarkdownDescription: fmt.Sprintf("The button's position in the template, 0 to %d.", whatsapp.MaxTemplateButtonIndex),
						Required:            true,
						Validators:          []validator.Int64{int64validator.Between(0, whatsapp.MaxTemplateButtonIndex)},
					},
					"sub_type": schema.StringAttribute{
						MarkdownDescription: "`quick_reply` or `url`: the kind of button at `index` in the template.",
						Required:            true,
						Validators:          []validator.String{stringvalidator.OneOf(whatsapp.TemplateButtonSubTypes()...)},
					},
					"parameter": schema.StringAttribute{
						MarkdownDescription: "The quick reply's payload, or the URL button's dynamic suffix.",
						Required:            true,
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
					},
				}},
			},
		},
	}
}

// validateTemplateRules reads type, caption and template from a
// configuration and applies checkTemplateRules: ValidateConfig's half of the
// rules Create runs again in checkBeforeSend.
func validateTemplateRules(ctx context.Context, config tfsdk.Config) diag.Diagnostics {
	var c content.Content
	var diags diag.Diagnostics
	diags.Append(config.GetAttribute(ctx, path.Root("type"), &c.Type)...)
	diags.Append(config.GetAttribute(ctx, path.Root("caption"), &c.Caption)...)
	diags.Append(config.GetAttribute(ctx, path.Root("template"), &c.Template)...)
	if diags.HasError() {
		return diags
	}
	return checkTemplateRules(ctx, c)
}

// checkTemplateRules applies the template rules that depend on the message's
// other arguments: the media must be what a template header carries, and a
// template header takes no caption. Unknown values are skipped.
func checkTemplateRules(ctx context.Context, v content.Content) diag.Diagnostics {
	t, ok, diags := content.TemplateOf(ctx, v.Template)
	if !ok {
		return diags
	}
	if typ := v.Type; !typ.IsNull() && !typ.IsUnknown() && !whatsapp.IsTemplateHeaderType(typ.ValueString()) {
		diags.AddAttributeError(path.Root("type"), "Media Not Allowed in a Template Header",
			fmt.Sprintf("Type %q cannot be a template's header: a template header carries %s. Send the %s as a "+
				"free-form message (remove template) to a customer who wrote in the last 24 hours, or use a template "+
				"with an image, video or document header.", typ.ValueString(),
				strings.Join(whatsapp.TemplateHeaderTypes(), ", "), typ.ValueString()))
	}
	if isSet(v.Caption) && !whatsapp.TemplateHeaderTakesCaption {
		diags.AddAttributeError(path.Root("caption"), "Caption Not Allowed in a Template Message",
			"A template header takes no caption: the text a recipient reads is the template's body, filled in "+
				"with template.body_parameters. Remove caption.")
	}
	diags.Append(checkButtonIndexes(ctx, t)...)
	return diags
}

// checkButtonIndexes refuses two parameters for one button.
func checkButtonIndexes(ctx context.Context, t content.Template) diag.Diagnostics {
	var diags diag.Diagnostics
	if t.Buttons.IsNull() || t.Buttons.IsUnknown() {
		return diags
	}
	var buttons []content.TemplateButton
	if diags = t.Buttons.ElementsAs(ctx, &buttons, false); diags.HasError() {
		return diags
	}
	seen := map[int64]bool{}
	for i, b := range buttons {
		if b.Index.IsUnknown() || b.Index.IsNull() {
			continue
		}
		if seen[b.Index.ValueInt64()] {
			diags.AddAttributeError(path.Root("template").AtName("buttons").AtListIndex(i).AtName("index"),
				"Duplicate Template Button", fmt.Sprintf("Two entries of template.buttons fill the button at index %d; "+
					"give each button at most one parameter.", b.Index.ValueInt64()))
		}
		seen[b.Index.ValueInt64()] = true
	}
	return diags
}

// checkTemplateFlavor applies the rules that depend on the API: On-Premises
// needs a namespace (the template's or the provider's); Cloud ignores one.
func checkTemplateFlavor(ctx context.Context, flavor whatsapp.Flavor, providerNamespace string, template types.Object) diag.Diagnostics {
	t, ok, diags := content.TemplateOf(ctx, template)
	if !ok {
		return diags
	}
	at := path.Root("template").AtName("namespace")
	switch {
	case whatsapp.TemplateNeedsNamespace(flavor) && t.Namespace.IsNull() && providerNamespace == "":
		diags.AddAttributeError(at, "Missing WhatsApp Template Namespace",
			"The On-Premises API finds a template by its namespace and name, and no namespace is set. Set "+
				"template.namespace, or the provider's template_namespace (or the "+envTemplateNamespace+
				" environment variable), to the namespace the WhatsApp Manager shows for the business account.")
	case !whatsapp.TemplateNeedsNamespace(flavor) && isSet(t.Namespace):
		diags.AddAttributeWarning(at, "WhatsApp Template Namespace Ignored",
			"template.namespace only applies to the On-Premises API; the Cloud API finds a template by its name.")
	}
	return diags
}

// checkTemplateParameters checks, before a send, the body parameters the
// schema's validator skipped when they were unknown at plan time.
func checkTemplateParameters(ctx context.Context, template types.Object) diag.Diagnostics {
	t, ok, diags := content.TemplateOf(ctx, template)
	if !ok {
		return diags
	}
	if !t.BodyParameters.IsNull() && !t.BodyParameters.IsUnknown() {
		var params []string
		if diags.Append(t.BodyParameters.ElementsAs(ctx, &params, false)...); diags.HasError() {
			return diags
		}
		for i, p := range params {
			if n := utf8.RuneCountInString(p); n == 0 || n > whatsapp.MaxTemplateParameterLength {
				diags.AddAttributeError(path.Root("template").AtName("body_parameters").AtListIndex(i), "Invalid Template Parameter",
					fmt.Sprintf("Body parameter %d has %d characters; it must have 1 to %d.", i+1, n, whatsapp.MaxTemplateParameterLength))
			}
		}
	}
	if !t.BodyNamedParameters.IsNull() && !t.BodyNamedParameters.IsUnknown() {
		var named map[string]string
		if diags.Append(t.BodyNamedParameters.ElementsAs(ctx, &named, false)...); diags.HasError() {
			return diags
		}
		for name, p := range named {
			if n := utf8.RuneCountInString(p); n == 0 || n > whatsapp.MaxTemplateParameterLength {
				diags.AddAttributeError(path.Root("template").AtName("body_named_parameters").AtMapKey(name), "Invalid Template Parameter",
					fmt.Sprintf("Body parameter %q has %d characters; it must have 1 to %d.", name, n, whatsapp.MaxTemplateParameterLength))
			}
		}
	}
	return diags
}

// describeTemplate names a template send for diagnostics, e.g.
// ` as template "spring_launch" (en_US)`; "" without a template.
func describeTemplate(t *whatsapp.Template) string {
	if t == nil {
		return ""
	}
	return fmt.Sprintf(" as the header of template %q (%s)", t.Name, t.Language)
}
