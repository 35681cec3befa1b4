package provider

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/content"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The one owner of "who gets the message, and why": planDeliveries decides it
// from the state's records, the configured recipients and what changed in
// the content. ModifyPlan calls it to show the plan, Create and Update call it
// again with every value known, so the apply sends exactly to those the plan
// showed as "(known after apply)", or fewer when a value unknown at plan time
// turned out unchanged.

// Outcomes of a recipient's send, as kept in deliveries. outcomeAccepted and
// outcomeUnknown are the message resource's (media_message_resource.go).
const (
	outcomeFailed          = "failed"           // refused, or not sent: sent again by the next apply
	outcomeUnknownAccepted = "unknown_accepted" // an unknown outcome accepted through accept_unknown
)

// delivery is one recipient's record in deliveries: the send, and what the
// delivery store said of it at the last refresh (media_broadcast_delivery_status.go).
type delivery struct {
	MessageID string
	SentAt    string
	Outcome   string
	Error     string
	Status    deliveryStatus // FailureDetails unused: a broadcast keeps code and title
}

// done reports whether the recipient has this content: nothing is sent to it again.
func (d delivery) done() bool {
	return d.Outcome == outcomeAccepted || d.Outcome == outcomeUnknownAccepted
}

// deliveryAttrTypes is the object type of a deliveries element.
var deliveryAttrTypes = map[string]attr.Type{
	"message_id":    types.StringType,
	"sent_at":       types.StringType,
	"outcome":       types.StringType,
	"error":         types.StringType,
	"status":        types.StringType,
	"status_at":     types.StringType,
	"failure_code":  types.Int64Type,
	"failure_title": types.StringType,
}

var deliveryObjectType = types.ObjectType{AttrTypes: deliveryAttrTypes}

// optionalString is s in state: null when empty (deliveries and the message
// template resource use it).
func optionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

func (d delivery) value() attr.Value {
	return types.ObjectValueMust(deliveryAttrTypes, map[string]attr.Value{
		"message_id":    optionalString(d.MessageID),
		"sent_at":       optionalString(d.SentAt),
		"outcome":       types.StringValue(d.Outcome),
		"error":         optionalString(d.Error),
		"status":        optionalString(d.Status.Status),
		"status_at":     optionalString(d.Status.At),
		"failure_code":  optionalInt64(d.Status.FailureCode),
		"failure_title": optionalString(d.Status.FailureTitle),
	})
}

// readDeliveries turns the state's deliveries into records by canonical
// number. It reads each object's attributes directly: at thousands of
// entries, the framework's reflection (Object.As) was a tenth of a plan.
func readDeliveries(m types.Map) map[string]delivery {
	if m.IsNull() || m.IsUnknown() {
		return map[string]delivery{}
	}
	out := make(map[string]delivery, len(m.Elements()))
	for key, v := range m.Elements() {
		obj, ok := v.(types.Object)
		if !ok || obj.IsNull() || obj.IsUnknown() {
			continue
		}
		attrs := obj.Attributes()
		str := func(name string) string {
			s, _ := attrs[name].(types.String) // a missing or null attribute reads as ""
			return s.ValueString()
		}
		code, _ := attrs["failure_code"].(types.Int64)
		out[key] = delivery{MessageID: str("message_id"), SentAt: str("sent_at"), Outcome: str("outcome"), Error: str("error"),
			Status: deliveryStatus{Status: str("status"), At: str("status_at"), FailureCode: code.ValueInt64(),
				FailureTitle: str("failure_title")}}
	}
	return out
}

// deliveriesValue is the deliveries map: the records, and an unknown element
// for each recipient in pending (a send the plan cannot know the result of).
func deliveriesValue(records map[string]delivery, pending []string) types.Map {
	elems := make(map[string]attr.Value, len(records)+len(pending))
	for k, d := range records {
		elems[k] = d.value()
	}
	for _, k := range pending {
		elems[k] = types.ObjectUnknown(deliveryAttrTypes)
	}
	return types.MapValueMust(deliveryObjectType, elems)
}

// recipientSet is a configured set of recipients made canonical.
type recipientSet struct {
	canonical []string            // sorted, one per person
	written   map[string][]string // canonical -> the forms written for it
	invalid   []*whatsapp.RecipientError
	nulls     int  // null elements, which name nobody
	unknown   bool // the set, or one of its elements, is unknown until apply
}

// canonicalRecipients applies whatsapp.CanonicalRecipient to every element.
func canonicalRecipients(set types.List) recipientSet {
	rs := recipientSet{written: map[string][]string{}}
	if set.IsUnknown() {
		rs.unknown = true
		return rs
	}
	for _, v := range set.Elements() {
		s, ok := v.(types.String)
		if !ok || s.IsUnknown() {
			rs.unknown = true
			continue
		}
		if s.IsNull() {
			rs.nulls++
			continue
		}
		canon, err := whatsapp.CanonicalRecipient(s.ValueString())
		var re *whatsapp.RecipientError
		if errors.As(err, &re) {
			rs.invalid = append(rs.invalid, re)
			continue
		}
		if _, seen := rs.written[canon]; !seen {
			rs.canonical = append(rs.canonical, canon)
		}
		rs.written[canon] = append(rs.written[canon], s.ValueString())
	}
	sort.Strings(rs.canonical)
	sort.Slice(rs.invalid, func(i, j int) bool { return rs.invalid[i].Recipient < rs.invalid[j].Recipient })
	return rs
}

// sameRecipients reports whether two sets name the same people.
func sameRecipients(a, b recipientSet) bool {
	if a.unknown || b.unknown || len(a.invalid)+len(b.invalid)+a.nulls+b.nulls > 0 || len(a.canonical) != len(b.canonical) {
		return false
	}
	for i := range a.canonical {
		if a.canonical[i] != b.canonical[i] {
			return false
		}
	}
	return true
}

// contentChanges names what changed in the content between the state and the
// plan, in words for the plan (content.Changes). A value unknown until apply
// counts as changed here; the apply decides again with the value known.
func contentChanges(state, plan mediaBroadcastModel) []string {
	return content.Changes(state.Content, plan.Content)
}

// Why a recipient is sent the message.
type sendReason int

const (
	reasonNew      sendReason = iota // not in the broadcast before
	reasonContent                    // the content changed
	reasonFailed                     // its last send was refused or not made
	reasonUnknown                    // its last send's outcome is unknown and not accepted
	reasonPersonal                   // its own values (recipient_*_parameters) changed
)

// deliveryPlan is who gets the message and what happens to the records.
type deliveryPlan struct {
	keep      map[string]delivery        // records that stay (accepted ones, and unknown ones accepted now)
	send      map[sendReason][]string    // canonical numbers to send to, by reason, sorted
	prior     map[string]delivery        // the state's records, for the reasons' details
	removed   []string                   // in the state, no longer configured: forgotten
	accepted  []string                   // unknown outcomes accepted through accept_unknown in this plan
	adopted   []string                   // sends found in the record of sends or the delivery store: kept, not sent
	fromStore storeFinds                 // which of adopted the delivery store gave (media_broadcast_store.go)
	accept    map[string]bool            // accept_unknown, canonical
	changed   []string                   // what changed in the content, when anything did
	notFound  []string                   // accept_unknown entries with no unknown outcome to accept
	invalid   []*whatsapp.RecipientError // accept_unknown entries that are no recipient
}

// toSend lists every recipient the plan sends to, sorted.
func (p deliveryPlan) toSend() []string {
	var all []string
	for _, list := range p.send {
		all = append(all, list...)
	}
	sort.Strings(all)
	return all
}

// planDeliveries decides, for a broadcast whose state holds prior, who is sent
// the message: every configured recipient when the content changed (changed
// is not empty), otherwise new recipients, failed ones, and unknown outcomes
// not in accept.
func planDeliveries(prior map[string]delivery, recipients recipientSet, changed []string, accept recipientSet) deliveryPlan {
	p := deliveryPlan{keep: map[string]delivery{}, send: map[sendReason][]string{}, prior: prior, changed: changed,
		invalid: accept.invalid, accept: map[string]bool{}}
	accepting := p.accept
	for _, c := range accept.canonical {
		accepting[c] = true
	}
	configured := map[string]bool{}
	for _, c := range recipients.canonical {
		configured[c] = true
		d, had := prior[c]
		switch {
		case len(changed) > 0:
			p.send[reasonContent] = append(p.send[reasonContent], c)
		case !had:
			p.send[reasonNew] = append(p.send[reasonNew], c)
		case d.done():
			p.keep[c] = d
		case d.Outcome == outcomeUnknown && accepting[c]:
			d.Outcome = outcomeUnknownAccepted
			p.keep[c] = d
			p.accepted = append(p.accepted, c)
		case d.Outcome == outcomeUnknown:
			p.send[reasonUnknown] = append(p.send[reasonUnknown], c)
		default:
			p.send[reasonFailed] = append(p.send[reasonFailed], c)
		}
	}
	for c := range prior {
		if !configured[c] {
			p.removed = append(p.removed, c)
		}
	}
	sort.Strings(p.removed)
	for _, c := range accept.canonical {
		if d, ok := prior[c]; len(changed) > 0 || !ok || (d.Outcome != outcomeUnknown && d.Outcome != outcomeUnknownAccepted) {
			p.notFound = append(p.notFound, c)
		}
	}
	return p
}

// resendPersonal sends again the kept recipients whose own template values
// changed (personalChanges, media_broadcast_parameters.go): each gets its new
// message and keeps the old one.
func (p *deliveryPlan) resendPersonal(changed []string) {
	for _, c := range changed {
		if _, ok := p.keep[c]; !ok {
			continue
		}
		delete(p.keep, c)
		p.accepted = slices.DeleteFunc(p.accepted, func(a string) bool { return a == c })
		p.send[reasonPersonal] = append(p.send[reasonPersonal], c)
	}
	sort.Strings(p.send[reasonPersonal])
}

// adopt keeps, instead of sending, the recipients whose send recorded holds:
// a run whose state was lost sent them the message, or started to
// (media_broadcast_send_record.go). An unanswered one listed in
// accept_unknown (as the plan's warning suggests) is accepted right away.
func (p *deliveryPlan) adopt(recorded map[string]delivery) {
	if len(recorded) == 0 {
		return
	}
	for reason, list := range p.send {
		var still []string
		for _, c := range list {
			d, ok := recorded[c]
			switch {
			case !ok:
				still = append(still, c)
			case (d.Outcome == outcomeUnknown || d.Outcome == outcomeUnknownAccepted) && p.accept[c]:
				d.Outcome = outcomeUnknownAccepted
				p.keep[c] = d
				p.accepted = append(p.accepted, c)
				p.notFound = slices.DeleteFunc(p.notFound, func(n string) bool { return n == c })
			default:
				p.keep[c] = d
				p.adopted = append(p.adopted, c)
			}
		}
		p.send[reason] = still
	}
	sort.Strings(p.adopted)
	sort.Strings(p.accepted)
}

// plannedAdoptions are the deliveries the plan already knew for recipients
// the apply would send to: those its plan adopted from the record of sends
// (every other such entry is unknown in the plan).
func plannedAdoptions(planned types.Map, sends []string) map[string]delivery {
	known := readDeliveries(planned)
	out := map[string]delivery{}
	for _, c := range sends {
		if d, ok := known[c]; ok {
			out[c] = d
		}
	}
	return out
}

// firstFew names at most shownPerList items and says how many more there
// are: "a, b, c, d, e and 995 more".
func firstFew(items []string) string {
	n := shownPerList
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:n], ", "), len(items)-n)
}

// shownPerList is how many recipients a plan or apply message names before
// it says "and N more": the full list is in the JSON plan and the state.
const shownPerList = 5
