package provider

import (
	"fmt"

	actionschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// The action's `template` argument is whatsapp_media_message's (media_message_template.go),
// converted from the resource's schema rather than written twice: the same
// attributes, descriptions and validators, without the resource's plan
// modifier (an action keeps no state, so there is nothing to replace). The
// rules that read it are the resource's too (send_media_message_plan.go).

// actionTemplateAttribute is templateAttribute as an action's attribute.
func actionTemplateAttribute() actionschema.SingleNestedAttribute {
	r := templateAttribute()
	return actionschema.SingleNestedAttribute{
		MarkdownDescription: "Send the media as the header of an approved **message template** instead of a " +
			"free-form media message, as `whatsapp_media_message`'s `template` does: WhatsApp delivers a free-form " +
			"message only to a customer who wrote to the business in the last 24 hours, a template message to anyone " +
			"who has not blocked the business. `type` must then be `image`, `video` or `document` (the template's " +
			"header format), and `caption` is not allowed (the template's body is the text).",
		Optional:   true,
		Attributes: actionAttributes(r.Attributes),
	}
}

// actionAttributes converts the resource attribute kinds the template
// attribute uses; any other kind is a programming error, which the action's
// schema tests meet at once.
func actionAttributes(in map[string]schema.Attribute) map[string]actionschema.Attribute {
	out := make(map[string]actionschema.Attribute, len(in))
	for name, a := range in {
		switch a := a.(type) {
		case schema.StringAttribute:
			out[name] = actionschema.StringAttribute{MarkdownDescription: a.MarkdownDescription, Required: a.Required,
				Optional: a.Optional, Validators: a.Validators}
		case schema.Int64Attribute:
			out[name] = actionschema.Int64Attribute{MarkdownDescription: a.MarkdownDescription, Required: a.Required,
				Optional: a.Optional, Validators: a.Validators}
		case schema.ListAttribute:
			out[name] = actionschema.ListAttribute{MarkdownDescription: a.MarkdownDescription, ElementType: a.ElementType,
				Required: a.Required, Optional: a.Optional, Validators: a.Validators}
		case schema.MapAttribute:
			out[name] = actionschema.MapAttribute{MarkdownDescription: a.MarkdownDescription, ElementType: a.ElementType,
				Required: a.Required, Optional: a.Optional, Validators: a.Validators}
		case schema.ListNestedAttribute:
			out[name] = actionschema.ListNestedAttribute{MarkdownDescription: a.MarkdownDescription, Required: a.Required,
				Optional: a.Optional, Validators: a.Validators,
				NestedObject: actionschema.NestedAttributeObject{Attributes: actionAttributes(a.NestedObject.Attributes)}}
		default:
			panic(fmt.Sprintf("actionAttributes: attribute %q is a %T, which the action's template has no conversion for", name, a))
		}
	}
	return out
}
