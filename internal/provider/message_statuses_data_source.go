package provider

import (
	"context"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/receiverapi"
)

var (
	_ datasource.DataSource              = (*messageStatusesDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*messageStatusesDataSource)(nil)
)

// NewMessageStatusesDataSource reads what the delivery store holds of
// messages, by message ID or by label (a broadcast's delivery_label).
func NewMessageStatusesDataSource() datasource.DataSource { return &messageStatusesDataSource{} }

type messageStatusesDataSource struct {
	store *receiverapi.Client
}

type messageStatusesModel struct {
	MessageIDs  types.List   `tfsdk:"message_ids"`
	LabelPrefix types.String `tfsdk:"label_prefix"`
	Statuses    types.List   `tfsdk:"statuses"`
	Counts      types.Map    `tfsdk:"counts"`
}

// messageStatusAttrTypes is one element of statuses: a list of objects, not
// a nested attribute, for the reason deliveries is (media_broadcast_resource.go).
var messageStatusAttrTypes = map[string]attr.Type{
	"message_id":      types.StringType,
	"recipient_id":    types.StringType,
	"status":          types.StringType,
	"status_at":       types.StringType,
	"failure_code":    types.Int64Type,
	"failure_title":   types.StringType,
	"failure_details": types.StringType,
	"callback_data":   types.StringType,
}

func (d *messageStatusesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_message_statuses"
}

func (d *messageStatusesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads what WhatsApp reported of sent messages from the delivery store (the project's " +
			"`whatsapp-receiver`, configured with the provider's `delivery_store_url` and `delivery_store_token`): " +
			"by message IDs, or by the label every Cloud send of a broadcast carries (`label_prefix = " +
			"whatsapp_media_broadcast.<name>.delivery_label`). For outputs and checks: how many were delivered, " +
			"read and failed, and why. It reads when Terraform reads data sources, so after the sends a second " +
			"run (or `terraform apply -refresh-only`) shows the statuses that came in since. A message without a " +
			"status is not a message that was not sent: statuses arrive on the webhook after the send.",
		Attributes: map[string]schema.Attribute{
			"message_ids": schema.ListAttribute{
				MarkdownDescription: "The message IDs to read, e.g. `[for d in whatsapp_media_broadcast.promo.deliveries : " +
					"d.message_id if d.message_id != null]`. Exactly one of `message_ids` and `label_prefix`.",
				ElementType: types.StringType,
				Optional:    true,
				Validators: []validator.List{
					listvalidator.ExactlyOneOf(path.MatchRoot("label_prefix")),
					listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
				},
			},
			"label_prefix": schema.StringAttribute{
				MarkdownDescription: "Cloud API: every message whose `biz_opaque_callback_data` starts with this, usually " +
					"`whatsapp_media_broadcast.<name>.delivery_label` (the sends of one broadcast content).",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"statuses": schema.ListAttribute{
				MarkdownDescription: "One entry per message the store holds a status of (in the order of " +
					"`message_ids`, or by message ID): `message_id`, `recipient_id` (the recipient's WhatsApp ID), " +
					"`status` (the latest: `sent`, `delivered`, `read` or `failed`), `status_at` (RFC 3339, UTC), " +
					"`failure_code`, `failure_title` and `failure_details` (the first failure, for `failed`) and " +
					"`callback_data` (what the send carried in `biz_opaque_callback_data`, Cloud).",
				ElementType: types.ObjectType{AttrTypes: messageStatusAttrTypes},
				Computed:    true,
			},
			"counts": schema.MapAttribute{
				MarkdownDescription: "How many messages are at each status: keys `sent`, `delivered`, `read`, " +
					"`failed` and `no_status` (always all five). `no_status` counts the `message_ids` the store holds " +
					"no status of (0 with `label_prefix`, which finds only messages with a status).",
				ElementType: types.Int64Type,
				Computed:    true,
			},
		},
	}
}

func (d *messageStatusesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.store = storeFrom(req.ProviderData)
}

func (d *messageStatusesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if d.store == nil {
		resp.Diagnostics.AddError("WhatsApp Delivery Store Not Configured",
			"data.whatsapp_message_statuses reads a webhook receiver's store, and the provider has none: set "+
				"delivery_store_url and delivery_store_token in the provider block (or "+envDeliveryStoreURL+" and "+
				envDeliveryStoreToken+"), pointing at a running whatsapp-receiver whose URL is the webhook "+
				"(whatsapp_webhook). The guide \"Delivery statuses\" shows the whole setup.")
		return
	}
	var m messageStatusesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var msgs []receiverapi.Message
	var ids []string
	var err error
	if !m.MessageIDs.IsNull() {
		resp.Diagnostics.Append(m.MessageIDs.ElementsAs(ctx, &ids, false)...)
		if resp.Diagnostics.HasError() {
			return
		}
		msgs, err = d.store.StatusesByMessageIDs(ctx, ids)
	} else {
		msgs, err = d.store.StatusesByLabel(ctx, m.LabelPrefix.ValueString(), true)
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to Read WhatsApp Delivery Statuses",
			fmt.Sprintf("Reading the delivery store at %s failed: %v. Check that the receiver is running and that "+
				"delivery_store_token is its read token.", d.store.BaseURL, err))
		return
	}
	m.Statuses, m.Counts = statusesValue(ids, msgs)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// statusesValue orders msgs as ids (by message ID when ids is empty) and
// counts them; ids the store has no status of count as no_status.
func statusesValue(ids []string, msgs []receiverapi.Message) (types.List, types.Map) {
	byID := make(map[string]receiverapi.Message, len(msgs))
	for _, msg := range msgs {
		byID[msg.MessageID] = msg
	}
	if len(ids) == 0 {
		for id := range byID {
			ids = append(ids, id)
		}
		sort.Strings(ids)
	}
	counts := map[string]int64{}
	for _, s := range countedStatuses {
		counts[s] = 0
	}
	seen := map[string]bool{}
	elems := make([]attr.Value, 0, len(msgs))
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		msg, ok := byID[id]
		if _, counted := counts[msg.Status]; !ok || !counted || msg.Status == "" {
			counts[noStatus]++
			if !ok {
				continue
			}
		} else {
			counts[msg.Status]++
		}
		st := statusOf(msg)
		elems = append(elems, types.ObjectValueMust(messageStatusAttrTypes, map[string]attr.Value{
			"message_id":      types.StringValue(msg.MessageID),
			"recipient_id":    optionalString(msg.RecipientID),
			"status":          optionalString(st.Status),
			"status_at":       optionalString(st.At),
			"failure_code":    optionalInt64(st.FailureCode),
			"failure_title":   optionalString(st.FailureTitle),
			"failure_details": optionalString(st.FailureDetails),
			"callback_data":   optionalString(msg.CallbackData),
		}))
	}
	countElems := make(map[string]attr.Value, len(counts))
	for k, n := range counts {
		countElems[k] = types.Int64Value(n)
	}
	return types.ListValueMust(types.ObjectType{AttrTypes: messageStatusAttrTypes}, elems),
		types.MapValueMust(types.Int64Type, countElems)
}
