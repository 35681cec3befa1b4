package provider

import (
	"context"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sendlog"
)

// The broadcast's use of the delivery store at plan time
// (delivery_store_sends.go): one query for the broadcast's label group
// answers, for every recipient the plan would send to,
//   - whether a recorded send without an answer was accepted: it is settled,
//     kept with its message ID, and the record of sends told;
//   - whether a send neither the state nor the record knows was made by a run
//     that lost both (another machine): it is adopted instead of sent. A
//     recipient whose last send's outcome the state keeps as unknown is
//     settled the same way.

// sentBefore is what the plan keeps instead of sending, for the recipients
// it would send to (dp.toSend()): the record of sends' entries
// (media_broadcast_send_record.go), then the store's. It returns them by
// recipient and names those the store settled or found.
func (r *mediaBroadcastResource) sentBefore(ctx context.Context, b mediaBroadcastModel, dp deliveryPlan) (map[string]delivery, storeFinds, diag.Diagnostics) {
	toSend := dp.toSend()
	recorded, unanswered, diags := recordedSends(ctx, r.sends, b, toSend)
	stateUnknown := map[string]bool{}
	for _, to := range dp.send[reasonUnknown] {
		stateUnknown[to] = true
	}
	recorded, finds, d := r.storeSends(ctx, b, toSend, recorded, unanswered, stateUnknown)
	diags.Append(d...)
	return recorded, finds, diags
}

// storeFinds names the recipients whose send the plan took from the store.
type storeFinds struct {
	settled []string // an unknown outcome (recorded, or kept in state); WhatsApp reported them
	found   []string // unknown to the state and the record; WhatsApp reported them
}

// storeSends looks up in the store every recipient of toSend that the record
// gave no answered send, and returns recorded with what it found added.
// stateUnknown are the recipients whose last send's outcome the state keeps
// as unknown.
func (r *mediaBroadcastResource) storeSends(ctx context.Context, b mediaBroadcastModel, toSend []string,
	recorded map[string]delivery, unanswered map[string]sendlog.Entry, stateUnknown map[string]bool) (map[string]delivery, storeFinds, diag.Diagnostics) {
	var diags diag.Diagnostics
	var finds storeFinds
	if !r.labelsOn() {
		return recorded, finds, diags
	}
	var lookup []string
	wouldSend := 0
	for _, to := range toSend {
		d, ok := recorded[to]
		if !ok || d.Outcome == outcomeUnknown {
			lookup = append(lookup, to)
		}
		if !ok && !stateUnknown[to] {
			wouldSend++
		}
	}
	labels := broadcastLabels(r.client.Sender(), b.Content, personalOfModel(b), lookup)
	if len(labels) == 0 {
		return recorded, finds, diags // nobody to look up, or the content is known only at apply
	}
	found, err := findSends(ctx, r.store, r.sends, labels[lookup[0]].Group(), labels)
	if err != nil {
		what := fmt.Sprintf("the broadcast's message to %d recipient(s) (%s)", len(lookup), firstFew(lookup))
		if wouldSend > 0 {
			diags.Append(storeNotReadForAdoption(what, err))
		} else {
			diags.Append(storeNotReadForSettling(what, err))
		}
		return recorded, finds, diags
	}
	if len(found) == 0 {
		return recorded, finds, diags
	}
	if recorded == nil {
		recorded = map[string]delivery{}
	}
	for to, s := range found {
		if _, ok := recorded[to]; ok || stateUnknown[to] {
			finds.settled = append(finds.settled, to)
			if e, ok := unanswered[to]; ok {
				if err := r.sends.Settle(e.Send, s.MessageID, s.At); err != nil {
					tflog.Debug(ctx, "could not settle the record of sends", map[string]any{"error": err.Error()})
				}
			}
		} else {
			finds.found = append(finds.found, to)
		}
		recorded[to] = delivery{MessageID: s.MessageID, SentAt: timestamp(s.At), Outcome: outcomeAccepted}
	}
	sort.Strings(finds.settled)
	sort.Strings(finds.found)
	tflog.Debug(ctx, "broadcast sends found in the delivery store", map[string]any{"settled": len(finds.settled), "found": len(finds.found)})
	return recorded, finds, diags
}
