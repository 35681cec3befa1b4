package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The message's `delivery`: what WhatsApp reported of the send, read on
// refresh from the delivery store (delivery_status.go). It changes only on
// refresh, and a plan keeps the refreshed value (UseStateForUnknown), so a
// new status never shows as a change to apply.

func messageDeliveryAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: "What WhatsApp reported of this message, read on refresh from the delivery store " +
			"(`delivery_store_url` of the provider); null when no store is configured, when the store holds no " +
			"status of the message yet, or right after the send (the next refresh reads it). A missing status never " +
			"means the message was not sent. A new status is read by every refresh and never plans a change.",
		Computed:      true,
		PlanModifiers: []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
		Attributes: map[string]schema.Attribute{
			"status":          schema.StringAttribute{Computed: true, MarkdownDescription: "The status: " + deliveryStatusDescription + "."},
			"status_at":       schema.StringAttribute{Computed: true, MarkdownDescription: "When WhatsApp reported that status (RFC 3339, UTC)."},
			"failure_code":    schema.Int64Attribute{Computed: true, MarkdownDescription: "For `failed`, " + deliveryFailureCodeDescription + "."},
			"failure_title":   schema.StringAttribute{Computed: true, MarkdownDescription: "For `failed`, " + deliveryFailureTitleDescription + "."},
			"failure_details": schema.StringAttribute{Computed: true, MarkdownDescription: "For `failed`, WhatsApp's error details, when it gave any."},
		},
	}
}

// readDelivery sets delivery from the store: null without a store, kept as
// it was when the store cannot be read or the status is final.
func (r *mediaMessageResource) readDelivery(ctx context.Context, state mediaMessageModel, resp *resource.ReadResponse) {
	current := readMessageDelivery(state.Delivery)
	if r.store == nil {
		if !state.Delivery.IsNull() {
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("delivery"), types.ObjectNull(messageDeliveryAttrTypes))...)
		}
		return
	}
	id := state.ID.ValueString()
	if id == "" || current.final() {
		return
	}
	got, err := storedStatuses(ctx, r.store, []string{id})
	if err != nil {
		resp.Diagnostics.Append(statusesNotRead(r.client, r.store, err)...)
		return
	}
	d, ok := got[id]
	if !ok || d == current {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("delivery"), messageDeliveryValue(d))...)
}

// readMessageDelivery is the state's delivery ("" status when null).
func readMessageDelivery(o types.Object) deliveryStatus {
	if o.IsNull() || o.IsUnknown() {
		return deliveryStatus{}
	}
	a := o.Attributes()
	str := func(name string) string { s, _ := a[name].(types.String); return s.ValueString() }
	code, _ := a["failure_code"].(types.Int64)
	return deliveryStatus{Status: str("status"), At: str("status_at"), FailureCode: code.ValueInt64(),
		FailureTitle: str("failure_title"), FailureDetails: str("failure_details")}
}
