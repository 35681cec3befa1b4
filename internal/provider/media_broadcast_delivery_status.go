package provider

import (
	"context"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/content"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/receiverapi"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// A broadcast's delivery, read on refresh from the delivery store
// (delivery_status.go): each recipient's status in deliveries, the counts
// by status, and the label its Cloud sends carry. Refresh is the only place
// they change; an apply sets them only where the plan left them unknown
// (the framework plans a computed value unknown when the configuration
// changed), so a plan never shows a new status as a change.

// countedStatuses are the keys delivery_counts always has, so an output can
// index them without a default.
var countedStatuses = []string{receiverapi.StatusSent, receiverapi.StatusDelivered, receiverapi.StatusRead,
	receiverapi.StatusFailed, noStatus}

func deliveryCountsAttribute() schema.MapAttribute {
	return schema.MapAttribute{
		MarkdownDescription: "How many recipients are at each status, as the delivery store held it at the last " +
			"refresh: keys `sent`, `delivered`, `read`, `failed` and `no_status` (always all five). `no_status` " +
			"counts every recipient the store holds no status of: no store configured, a status not in yet, or a " +
			"send with no message ID (see `deliveries[*].outcome`); it never means the message was not sent. " +
			"Each recipient is counted once, at its latest status (a read message counts as `read`, not also as " +
			"`delivered`). Set when the broadcast sends, then by every refresh.",
		ElementType: types.Int64Type,
		Computed:    true,
	}
}

func deliveryLabelAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "Cloud API with a delivery store only: the label prefix every send of this " +
			"broadcast's content carries in `biz_opaque_callback_data` (`wa1.<12 hex digits>.`), and so every status " +
			"of it; give it to the `whatsapp_message_statuses` data source as `label_prefix`, or look for it on the " +
			"receiver's page. It changes with the content (a content change is a new send to everyone). Null on " +
			"On-Premises (whose statuses echo no label) and without `delivery_store_url`.",
		Computed: true,
	}
}

// deliveryCountsValue counts records by status.
func deliveryCountsValue(records map[string]delivery) types.Map {
	counts := make(map[string]int64, len(countedStatuses))
	for _, s := range countedStatuses {
		counts[s] = 0
	}
	for _, d := range records {
		s := d.Status.Status
		if _, ok := counts[s]; !ok || s == "" {
			s = noStatus
		}
		counts[s]++
	}
	elems := make(map[string]attr.Value, len(counts))
	for k, n := range counts {
		elems[k] = types.Int64Value(n)
	}
	return types.MapValueMust(types.Int64Type, elems)
}

// groupLabel is the label prefix of c's sends (sendlog.Message.Group of the
// broadcast's identity): null On-Premises, without a store, or while part of
// the content is unknown.
func (r *mediaBroadcastResource) groupLabel(c content.Content) types.String {
	if r.store == nil || r.client == nil || r.client.Flavor() != whatsapp.Cloud {
		return types.StringNull()
	}
	msg, ok := c.Identity(r.client.Sender(), "", types.StringValue(whatsapp.RecipientIndividual), content.SentByBroadcast)
	if !ok {
		return types.StringNull()
	}
	return types.StringValue(msg.Group())
}

// settleDeliveryAttributes fills, after a send, what the plan left unknown.
func (r *mediaBroadcastResource) settleDeliveryAttributes(plan *mediaBroadcastModel, records map[string]delivery) {
	if plan.DeliveryCounts.IsUnknown() {
		plan.DeliveryCounts = deliveryCountsValue(records)
	}
	if plan.DeliveryLabel.IsUnknown() {
		plan.DeliveryLabel = r.groupLabel(plan.Content)
	}
}

// readStatuses is the broadcast's refresh: each recipient's status from the
// store, asking only about messages whose status is not final, and the
// state written only where something changed (a broadcast of thousands).
func (r *mediaBroadcastResource) readStatuses(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state mediaBroadcastModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	records := readDeliveries(state.Deliveries)
	changed := false
	switch {
	case r.store == nil:
		for to, d := range records {
			if d.Status != (deliveryStatus{}) {
				d.Status = deliveryStatus{}
				records[to], changed = d, true
			}
		}
	default:
		recipientOf := map[string]string{}
		var ids []string
		for to, d := range records {
			if d.MessageID != "" && !d.Status.final() {
				recipientOf[d.MessageID] = to
				ids = append(ids, d.MessageID)
			}
		}
		sort.Strings(ids)
		got, err := storedStatuses(ctx, r.store, ids)
		if err != nil {
			resp.Diagnostics.Append(statusesNotRead(r.client, r.store, err)...)
			break
		}
		for id, st := range got {
			to, ok := recipientOf[id]
			if !ok {
				continue
			}
			st.FailureDetails = "" // a broadcast keeps code and title: details can be long, times thousands
			if d := records[to]; d.Status != st {
				d.Status = st
				records[to], changed = d, true
			}
		}
	}
	if changed {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("deliveries"), deliveriesValue(records, nil))...)
	}
	if counts := deliveryCountsValue(records); !counts.Equal(state.DeliveryCounts) {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("delivery_counts"), counts)...)
	}
	if label := r.groupLabel(state.Content); !label.Equal(state.DeliveryLabel) {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("delivery_label"), label)...)
	}
}
