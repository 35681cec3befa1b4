package provider

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func recipientList(written ...string) recipientSet {
	elems := make([]attr.Value, len(written))
	for i, w := range written {
		elems[i] = types.StringValue(w)
	}
	return canonicalRecipients(types.ListValueMust(types.StringType, elems))
}

// planDeliveries is the one decision of who is sent a broadcast: each case
// names the recipients sent, by reason, and what becomes of the records.
func TestPlanDeliveries(t *testing.T) {
	prior := map[string]delivery{
		"491701223002": {MessageID: "wamid.1", Outcome: outcomeAccepted},
		"16315551001":  {Outcome: outcomeFailed, Error: "WhatsApp API error 131026"},
		"16315551002":  {Outcome: outcomeUnknown, Error: "may have been sent"},
		"16315551003":  {Outcome: outcomeUnknownAccepted},
		"447700900123": {MessageID: "wamid.2", Outcome: outcomeAccepted},
	}
	all := []string{"+49 170 1223002", "+1 631 555 1001", "+1 631 555 1002", "+1 631 555 1003", "+1 631 555 1004"}
	cases := []struct {
		name     string
		changed  []string
		accept   []string
		send     map[sendReason][]string
		keep     []string
		removed  []string
		accepted []string
		notFound []string
	}{
		{
			name: "no change: new, failed and unknown are sent; the rest kept; the removed forgotten",
			send: map[sendReason][]string{reasonNew: {"16315551004"}, reasonFailed: {"16315551001"}, reasonUnknown: {"16315551002"}},
			keep: []string{"16315551003", "491701223002"}, removed: []string{"447700900123"},
		},
		{
			name:   "an unknown outcome accepted is kept as unknown_accepted and not sent",
			accept: []string{"1 (631) 555-1002", "+1 631 555 1003", "+1 631 555 1001"},
			send:   map[sendReason][]string{reasonNew: {"16315551004"}, reasonFailed: {"16315551001"}},
			keep:   []string{"16315551002", "16315551003", "491701223002"}, removed: []string{"447700900123"},
			accepted: []string{"16315551002"}, notFound: []string{"16315551001"},
		},
		{
			name:    "a content change sends to every recipient, whatever they had",
			changed: []string{"caption"}, accept: []string{"+1 631 555 1002"},
			send:    map[sendReason][]string{reasonContent: {"16315551001", "16315551002", "16315551003", "16315551004", "491701223002"}},
			removed: []string{"447700900123"}, notFound: []string{"16315551002"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := planDeliveries(prior, recipientList(all...), c.changed, recipientList(c.accept...))
			var keep []string
			for k := range p.keep {
				keep = append(keep, k)
			}
			if !reflect.DeepEqual(p.send, c.send) || strings.Join(sorted(keep), ",") != strings.Join(c.keep, ",") ||
				!reflect.DeepEqual(p.removed, c.removed) || !reflect.DeepEqual(p.accepted, c.accepted) ||
				!reflect.DeepEqual(p.notFound, c.notFound) {
				t.Fatalf("got send=%v keep=%v removed=%v accepted=%v notFound=%v\nwant send=%v keep=%v removed=%v accepted=%v notFound=%v",
					p.send, sorted(keep), p.removed, p.accepted, p.notFound, c.send, c.keep, c.removed, c.accepted, c.notFound)
			}
			if d, ok := p.keep["16315551002"]; ok && d.Outcome != outcomeUnknownAccepted {
				t.Fatalf("the accepted unknown outcome is kept as %q", d.Outcome)
			}
		})
	}
}

// One person written twice is one recipient; a refused entry is named.
func TestCanonicalRecipients(t *testing.T) {
	rs := recipientList("+49 170 1223002", "491701223002", "0170 1223002", "+1 631 555 1001")
	if !reflect.DeepEqual(rs.canonical, []string{"16315551001", "491701223002"}) || len(rs.invalid) != 1 ||
		rs.invalid[0].Recipient != "0170 1223002" || len(rs.written["491701223002"]) != 2 {
		t.Fatalf("got %+v", rs)
	}
	if !sameRecipients(recipientList("+1 631 555 1001", "+49 170 1223002", "491701223002"), recipientList("1-631-555-1001", "+49 (170) 1223002")) {
		t.Fatal("the same people in another format and order are not the same recipients")
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

// adopt takes what the record of sends holds for recipients a plan would
// send to: an answered send is kept, an unanswered one too (as unknown), and
// an unanswered one the user already lists in accept_unknown (as the plan's
// warning suggests) is accepted at once instead of "Nothing to Accept".
func TestPlanDeliveriesAdoptsRecordedSends(t *testing.T) {
	dp := planDeliveries(nil, recipientList("+1 631 555 1001", "+1 631 555 1002", "+1 631 555 1003", "+1 631 555 1004"),
		nil, recipientList("+1 631 555 1003"))
	dp.adopt(map[string]delivery{
		"16315551001": {MessageID: "wamid.1", SentAt: "2026-12-06T08:00:00Z", Outcome: outcomeAccepted},
		"16315551002": {SentAt: "2026-12-06T08:00:01Z", Outcome: outcomeUnknown, Error: "may have been sent"},
		"16315551003": {SentAt: "2026-12-06T08:00:02Z", Outcome: outcomeUnknown, Error: "may have been sent"},
	})
	if got := dp.toSend(); !reflect.DeepEqual(got, []string{"16315551004"}) {
		t.Fatalf("sends to %v, want only the recipient the record does not hold", got)
	}
	if !reflect.DeepEqual(dp.adopted, []string{"16315551001", "16315551002"}) || !reflect.DeepEqual(dp.accepted, []string{"16315551003"}) ||
		len(dp.notFound) != 0 {
		t.Fatalf("adopted %v, accepted %v, not found %v; want 1001 and 1002 adopted, 1003 accepted", dp.adopted, dp.accepted, dp.notFound)
	}
	if o := dp.keep["16315551003"].Outcome; o != outcomeUnknownAccepted {
		t.Fatalf("the accepted unknown outcome is kept as %q", o)
	}
	warnings := dp.planWarnings(planNotes{create: true, total: 4})
	var text []string
	for _, d := range warnings {
		text = append(text, d.Summary()+": "+d.Detail())
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{"Will Send 1 Message(s)", "Already Sent to 1 Recipient(s): Adopted", "May Already Have Sent to 1",
		"Accepts Unknown Outcomes"} {
		if !strings.Contains(all, want) {
			t.Errorf("the plan's warnings lack %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "Nothing to Accept") {
		t.Errorf("the plan says there is nothing to accept:\n%s", all)
	}
}
