package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/receiverapi"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// What a refresh shows of delivery: the latest status the delivery store
// (delivery_store.go) holds for a message ID, and the first failure. The
// message's `delivery`, each entry of a broadcast's `deliveries` and the
// whatsapp_message_statuses data source all show it this way.

// noStatus is the key of delivery_counts and counts for a message the store
// holds no status of (yet): a missing status never means "not sent".
const noStatus = "no_status"

// deliveryStatus is one message's status as kept in state.
type deliveryStatus struct {
	Status         string // sent, delivered, read, failed; "" when the store has none
	At             string // when WhatsApp reported Status (RFC 3339, UTC)
	FailureCode    int64
	FailureTitle   string
	FailureDetails string
}

func statusOf(m receiverapi.Message) deliveryStatus {
	d := deliveryStatus{Status: m.Status}
	if !m.Time.IsZero() {
		d.At = timestamp(m.Time)
	}
	if m.Failure != nil {
		d.FailureCode, d.FailureTitle, d.FailureDetails = int64(m.Failure.Code), m.Failure.Title, m.Failure.Details
	}
	return d
}

// final reports whether no later status can change it: read or failed.
// A refresh asks the store only about messages that are not final, which
// keeps a refresh of a settled broadcast of thousands to no request at all.
func (d deliveryStatus) final() bool {
	return d.Status == receiverapi.StatusRead || d.Status == receiverapi.StatusFailed
}

func optionalInt64(n int64) types.Int64 {
	if n == 0 {
		return types.Int64Null()
	}
	return types.Int64Value(n)
}

const (
	deliveryStatusDescription = "the latest status WhatsApp reported on the webhook, as the delivery store " +
		"(`delivery_store_url`) holds it at the last refresh: `sent`, `delivered`, `read` or `failed`; null when " +
		"no store is configured or it holds no status of the message yet. A missing status never means the " +
		"message was not sent: statuses arrive seconds to minutes after the send, and only where the webhook points"
	deliveryFailureCodeDescription  = "WhatsApp's error code (e.g. `131047`: outside the 24-hour window)"
	deliveryFailureTitleDescription = "WhatsApp's error title"
)

// messageDeliveryAttrTypes is the message resource's `delivery` object.
var messageDeliveryAttrTypes = map[string]attr.Type{
	"status":          types.StringType,
	"status_at":       types.StringType,
	"failure_code":    types.Int64Type,
	"failure_title":   types.StringType,
	"failure_details": types.StringType,
}

// messageDeliveryValue is the `delivery` object: null without a status.
func messageDeliveryValue(d deliveryStatus) types.Object {
	if d.Status == "" {
		return types.ObjectNull(messageDeliveryAttrTypes)
	}
	return types.ObjectValueMust(messageDeliveryAttrTypes, map[string]attr.Value{
		"status":          types.StringValue(d.Status),
		"status_at":       optionalString(d.At),
		"failure_code":    optionalInt64(d.FailureCode),
		"failure_title":   optionalString(d.FailureTitle),
		"failure_details": optionalString(d.FailureDetails),
	})
}

// storedStatuses reads what the store holds of ids, by message ID. The
// client pages the IDs (receiverapi.MaxMessageIDs per request).
func storedStatuses(ctx context.Context, store *receiverapi.Client, ids []string) (map[string]deliveryStatus, error) {
	out := make(map[string]deliveryStatus, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	msgs, err := store.StatusesByMessageIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, m := range msgs {
		out[m.MessageID] = statusOf(m)
	}
	return out, nil
}

// statusesNotRead is the warning of a refresh that could not read the store:
// the state keeps the statuses it had. Shown once per run, however many
// resources refresh.
func statusesNotRead(client *whatsapp.Client, store *receiverapi.Client, err error) diag.Diagnostics {
	var diags diag.Diagnostics
	if firstThisRun(client, "WhatsApp Delivery Statuses Not Read") {
		diags.AddWarning("WhatsApp Delivery Statuses Not Read",
			fmt.Sprintf("The delivery store at %s could not be read, so this refresh keeps the delivery statuses the "+
				"state had: %v. Check that the receiver is running and that delivery_store_token is its read token "+
				"(-read-token). A plan that sends on the Cloud API stops until the store can be read, since it looks "+
				"there for sends a lost run made.", store.BaseURL, err))
	}
	return diags
}
