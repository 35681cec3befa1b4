package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/receiverapi"
)

// TestStatusCounts: each message counts once at its latest status; a message
// ID the store has no status of counts as no_status, never as not sent; the
// five keys are always there.
func TestStatusCounts(t *testing.T) {
	at := time.Date(2026, 12, 6, 17, 5, 21, 0, time.UTC)
	msgs := []receiverapi.Message{
		{MessageID: "wamid.A", RecipientID: "16315551001", Status: "read", Time: at},
		{MessageID: "wamid.B", RecipientID: "16315551003", Status: "failed", Time: at,
			Failure: &receiverapi.Failure{Code: 131047, Title: "Re-engagement message"}},
	}
	list, counts := statusesValue([]string{"wamid.A", "wamid.B", "wamid.C", "wamid.A"}, msgs)
	want := map[string]int64{"sent": 0, "delivered": 0, "read": 1, "failed": 1, "no_status": 1}
	for k, n := range want {
		if got, _ := counts.Elements()[k].(types.Int64); got.ValueInt64() != n {
			t.Errorf("counts[%s] = %v, want %d", k, counts.Elements()[k], n)
		}
	}
	if len(list.Elements()) != 2 {
		t.Fatalf("statuses has %d entries, want the 2 the store knows", len(list.Elements()))
	}
	failed := list.Elements()[1].(types.Object).Attributes()
	if failed["failure_code"].(types.Int64).ValueInt64() != 131047 || failed["status_at"].(types.String).ValueString() != "2026-12-06T17:05:21Z" {
		t.Errorf("failed entry = %v", failed)
	}

	records := map[string]delivery{
		"16315551001": {MessageID: "wamid.A", Outcome: outcomeAccepted, Status: deliveryStatus{Status: "delivered"}},
		"16315551002": {MessageID: "wamid.D", Outcome: outcomeAccepted},
		"16315551004": {Outcome: outcomeUnknown},
	}
	bc := deliveryCountsValue(records).Elements()
	if bc["delivered"].(types.Int64).ValueInt64() != 1 || bc["no_status"].(types.Int64).ValueInt64() != 2 || len(bc) != 5 {
		t.Errorf("delivery_counts = %v", bc)
	}
	// A record's status survives the state's round trip (the plan keeps it).
	back := readDeliveries(deliveriesValue(records, nil))
	if back["16315551001"] != records["16315551001"] {
		t.Errorf("round trip: %+v, want %+v", back["16315551001"], records["16315551001"])
	}
}
