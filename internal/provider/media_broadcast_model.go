package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/content"
)

// mediaBroadcastModel mirrors the resource's schema: what every recipient
// gets (content.Content, the message resource's), to whom, and what became
// of each send.
type mediaBroadcastModel struct {
	content.Content
	ID            types.String `tfsdk:"id"`
	Recipients    types.List   `tfsdk:"recipients"`
	AcceptUnknown types.List   `tfsdk:"accept_unknown"`
	// Some recipients' own template values (media_broadcast_parameters.go).
	RecipientBodyParameters      types.Map `tfsdk:"recipient_body_parameters"`
	RecipientBodyNamedParameters types.Map `tfsdk:"recipient_body_named_parameters"`
	RecipientButtonParameters    types.Map `tfsdk:"recipient_button_parameters"`
	Deliveries                   types.Map `tfsdk:"deliveries"`
	// From the delivery store (media_broadcast_delivery_status.go).
	DeliveryCounts types.Map    `tfsdk:"delivery_counts"`
	DeliveryLabel  types.String `tfsdk:"delivery_label"`
}

// mediaBroadcastResource is whatsapp_media_broadcast. Its methods are in the
// media_broadcast_* files (resource, plan, send); it is declared here, under
// them, so that each of those files leans on this one.
type mediaBroadcastResource struct {
	resourceClient
}
