package provider

import (
	"context"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/content"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/receiverapi"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// A broadcast's delivery, read on refresh from the delivery store
// (delivery_status.go): each recipient's status in deliveries, the counts
// by status, and the label its Cloud sends carry. Refresh is the only place
// statuses change. The framework plans a computed value unknown when the
// configuration changed; the plan modifiers below keep the counts when the
// same people get the same content (recipients rewritten, accept_unknown
// edited) and the label while the content is the same, so such a plan shows
// no change; an apply fills only what the plan left unknown.

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
		ElementType:   types.Int64Type,
		Computed:      true,
		PlanModifiers: []planmodifier.Map{keepCountsForSameSends{}},
	}
}

func deliveryLabelAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "Cloud API with a delivery store only: the label prefix every send of this " +
			"broadcast's content carries in `biz_opaque_callback_data` (`wa1.<12 hex digits>.`), and so every status " +
			"of it; give it to the `whatsapp_message_statuses` data source as `label_prefix`, or look for it on the " +
			"receiver's page. It changes with the content (a content change is a new send to everyone). Null on " +
			"On-Premises (whose statuses echo no label) and without `delivery_store_url`.",
		Computed:      true,
		PlanModifiers: []planmodifier.String{keepLabelForSameContent{}},
	}
}

// keepCountsForSameSends plans the state's delivery_counts when the plan
// names the same people and the same content as the state: no one is then
// sent anything new but a failed or unknown send again, which the next
// refresh counts.
type keepCountsForSameSends struct{}

func (keepCountsForSameSends) Description(context.Context) string {
	return "keeps the counts while the same recipients get the same content"
}
func (m keepCountsForSameSends) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (keepCountsForSameSends) PlanModifyMap(ctx context.Context, req planmodifier.MapRequest, resp *planmodifier.MapResponse) {
	if !req.PlanValue.IsUnknown() || req.StateValue.IsNull() {
		return // nothing changed (the framework kept the state's), or a create
	}
	var plan, state mediaBroadcastModel
	if req.Plan.Get(ctx, &plan).HasError() || req.State.Get(ctx, &state).HasError() {
		return
	}
	if sameRecipients(canonicalRecipients(plan.Recipients), canonicalRecipients(state.Recipients)) &&
		len(contentChanges(state, plan)) == 0 {
		resp.PlanValue = req.StateValue
	}
}

// keepLabelForSameContent plans the state's delivery_label while the
// content is the same (a refresh keeps it right for the account); a new
// content's label is known after apply.
type keepLabelForSameContent struct{}

func (keepLabelForSameContent) Description(context.Context) string {
	return "keeps the label while the content is the same"
}
func (m keepLabelForSameContent) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (keepLabelForSameContent) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.PlanValue.IsUnknown() || req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var plan, state mediaBroadcastModel
	if req.Plan.Get(ctx, &plan).HasError() || req.State.Get(ctx, &state).HasError() {
		return
	}
	if len(contentChanges(state, plan)) == 0 {
		resp.PlanValue = req.StateValue
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
	var changed bool
	if r.store == nil {
		changed = clearStatuses(records)
	} else {
		changed = r.readRecipientStatuses(ctx, records, &resp.Diagnostics)
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

// clearStatuses drops every status (no store configured); it reports
// whether any was there.
func clearStatuses(records map[string]delivery) (changed bool) {
	for to, d := range records {
		if d.Status != (deliveryStatus{}) {
			d.Status = deliveryStatus{}
			records[to], changed = d, true
		}
	}
	return changed
}

// readRecipientStatuses updates records from the store, asking only about
// messages whose status is not final; it reports whether any changed. A
// store that cannot be read leaves records as they are, with a warning.
func (r *mediaBroadcastResource) readRecipientStatuses(ctx context.Context, records map[string]delivery, diags *diag.Diagnostics) (changed bool) {
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
		diags.Append(statusesNotRead(r.client, r.store, err)...)
		return false
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
	return changed
}
