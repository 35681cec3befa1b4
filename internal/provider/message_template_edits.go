package provider

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Meta's limits on editing an APPROVED template (internal/whatsapp/API.md,
// "Templates as code"): one edit in 24 hours and ten in 30 days. The API does
// not return a template's edit history, so whatsapp_message_template keeps
// the times of its own edits in state (edit_times) and the plan refuses an
// edit that would break a limit, before the header example is uploaded or
// anything else changes. Edits of a REJECTED or PAUSED template are not
// limited and not kept.
const (
	editsPerDay     = 1
	editsPer30Days  = 10
	editDayWindow   = 24 * time.Hour
	edit30DayWindow = 30 * 24 * time.Hour
)

// nextTemplateEdit is the earliest time an approved template edited at the
// times edits may be edited again, and which limit holds it back; a zero time
// when an edit is possible at now.
func nextTemplateEdit(edits []time.Time, now time.Time) (time.Time, string) {
	var recent []time.Time // in the last 30 days, oldest first
	for _, e := range edits {
		if now.Sub(e) < edit30DayWindow {
			recent = append(recent, e)
		}
	}
	sort.Slice(recent, func(i, j int) bool { return recent[i].Before(recent[j]) })
	var next time.Time
	limit := ""
	if n := len(recent); n >= editsPer30Days {
		next, limit = recent[n-editsPer30Days].Add(edit30DayWindow), "ten edits in 30 days"
	}
	day := 0
	for _, e := range recent {
		if now.Sub(e) < editDayWindow {
			day++
		}
	}
	if day >= editsPerDay {
		if t := recent[len(recent)-editsPerDay].Add(editDayWindow); t.After(next) {
			next, limit = t, "one edit in 24 hours"
		}
	}
	return next, limit
}

// apiNow is the API's time, by which Meta counts the limits: from the Date of
// the refresh's answer in this provider process, or, when there was none
// (-refresh=false, or the apply's own pass over the plan, in a new process),
// of one read of the template. If that read fails, this machine's clock.
func (r *messageTemplateResource) apiNow(ctx context.Context, id string) time.Time {
	if now, known := r.client.ServerNow(); known {
		return now
	}
	if _, err := r.client.GetTemplate(ctx, id); err != nil {
		tflog.Debug(ctx, "reading the template for the API's clock failed; using this machine's", map[string]any{"error": err.Error()})
	}
	now, _ := r.client.ServerNow()
	return now
}

// editTimesOf reads edit_times; entries that do not parse are left out.
func editTimesOf(ctx context.Context, l types.List) ([]time.Time, diag.Diagnostics) {
	var raw []string
	var diags diag.Diagnostics
	if l.IsNull() || l.IsUnknown() {
		return nil, diags
	}
	diags.Append(l.ElementsAs(ctx, &raw, false)...)
	var out []time.Time
	for _, s := range raw {
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			out = append(out, t)
		}
	}
	return out, diags
}

// editTimesValue is edit_times after an edit at now: the earlier ones still
// inside the 30-day window, then now.
func editTimesValue(edits []time.Time, now time.Time) types.List {
	out := []attr.Value{}
	for _, e := range edits {
		if now.Sub(e) < edit30DayWindow {
			out = append(out, types.StringValue(timestamp(e)))
		}
	}
	out = append(out, types.StringValue(timestamp(now)))
	return types.ListValueMust(types.StringType, out)
}

// noEditTimes is edit_times of a template this resource has not edited:
// a new one, or one just imported (its earlier edits are not known).
func noEditTimes() types.List { return types.ListValueMust(types.StringType, []attr.Value{}) }

// editLimitError says which limit an edit would break and when the next
// edit is possible.
func editLimitError(name string, next, now time.Time, limit string) (string, string) {
	return "WhatsApp Message Template Edit Limit",
		fmt.Sprintf("The template %q is APPROVED, and Meta allows an approved template one edit in 24 hours and ten "+
			"in 30 days. This configuration edits it again, which would go over %s, so nothing was uploaded or "+
			"changed. The next edit is possible at %s (in %s, by the API's clock). Apply then, or keep the template "+
			"as it is (a file that sends use belongs at its own path, not in header_example), or give the template "+
			"a new name, which creates a new template for review. edit_times holds the edits Terraform made.",
			name, limit, timestamp(next), hoursMinutes(next.Sub(now)))
}

// hoursMinutes writes d as "23h59m", rounded up to the minute.
func hoursMinutes(d time.Duration) string {
	m := int((d + time.Minute - 1) / time.Minute)
	return fmt.Sprintf("%dh%02dm", m/60, m%60)
}
