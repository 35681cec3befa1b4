package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/content"
)

// mediaMessageModel mirrors the resource's schema: what the message sends
// (content.Content, shared with the broadcast), to whom, and what became of
// the send.
type mediaMessageModel struct {
	content.Content
	ID            types.String `tfsdk:"id"`
	To            types.String `tfsdk:"to"`
	RecipientType types.String `tfsdk:"recipient_type"`
	WaID          types.String `tfsdk:"wa_id"`
	SentAt        types.String `tfsdk:"sent_at"`
	Outcome       types.String `tfsdk:"outcome"`
	CallbackData  types.String `tfsdk:"callback_data"`
	Delivery      types.Object `tfsdk:"delivery"` // filled by Read from the delivery store (media_message_delivery.go)
}

// Outcomes of a send, as kept in state.
const (
	outcomeAccepted = "accepted" // the API returned a message ID
	outcomeUnknown  = "unknown"  // the request may have reached WhatsApp, and no answer came back
)

// mediaMessageResource is whatsapp_media_message. Its methods are in the
// media_message_* files: the schema and the send (resource), validation and
// the plan (plan, rules, template); it is declared here, under them, so that
// each of those files leans on this one and on none of the others.
type mediaMessageResource struct {
	resourceClient
}
