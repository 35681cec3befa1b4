package provider

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestAccMediaCampaign_deliveryLabel: with a delivery store on the Cloud API,
// every row's send carries the campaign's delivery_label as its prefix, and
// the whatsapp_message_statuses data source counts the whole campaign by it,
// across applies: 5 rows, then 2 added, then 7 with a status.
func TestAccMediaCampaign_deliveryLabel(t *testing.T) {
	d, s := storeSandbox(t, "")
	c := newCampaignRun(t, apiCloud, s)
	c.provider = withStore(c.provider, d)
	extra := `}

data "whatsapp_message_statuses" "c" {
  label_prefix = whatsapp_media_campaign.c.delivery_label
}

output "label" {
  value = whatsapp_media_campaign.c.delivery_label
}

output "counts" {
  value = data.whatsapp_message_statuses.c.counts
`
	c.config("https://cdn.example.com/kit.png", extra)
	c.cli.run("init", "-input=false")
	counted := func(step string, want int) {
		t.Helper()
		waitForStatuses(t, d, s)
		c.mustApply() // reads the data source again, now that the statuses are in
		out, _ := c.cli.run("output", "-json")
		var outputs struct {
			Label  struct{ Value string }           `json:"label"`
			Counts struct{ Value map[string]int64 } `json:"counts"`
		}
		if err := json.Unmarshal([]byte(out), &outputs); err != nil {
			t.Fatalf("%s: terraform output -json: %v\n%s", step, err, out)
		}
		total := int64(0)
		for _, n := range outputs.Counts.Value {
			total += n
		}
		if !strings.HasPrefix(outputs.Label.Value, "wa1.") || total != int64(want) {
			t.Fatalf("%s: label %q, counts %v (total %d); want a wa1 label and %d messages", step, outputs.Label.Value,
				outputs.Counts.Value, total, want)
		}
		for _, m := range s.Messages() {
			if got := callbackDataOf(t, m); !strings.HasPrefix(got, outputs.Label.Value) {
				t.Fatalf("%s: the send to %s carried %q, not in the campaign's label %q", step, m.To, got, outputs.Label.Value)
			}
		}
	}
	rows := customers(7)
	c.writeCSV(rows[:5])
	c.mustApply()
	counted("5 rows", 5)
	c.writeCSV(rows)
	c.mustApply()
	if n := len(s.Messages()); n != 7 {
		t.Fatalf("adding 2 rows made %d sends in all, want 7", n)
	}
	counted("2 rows added", 7)
}
