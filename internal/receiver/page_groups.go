package receiver

import (
	"sort"
	"strings"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sendlog"
)

// The provider labels each Cloud send wa1.<group>.<send>[|user data]
// (internal/sendlog/label.go): every send of one broadcast content shares
// the group, and each send has a label of its own. The page shows one row
// per group, so a broadcast of thousands is one row, as people think of it;
// any other callback data keeps its own row, as the sender wrote it.

// broadcastRows merges the summaries of provider labels by their group
// ("wa1.<group>."), keeping every other label as it is, sorted by label.
func broadcastRows(labels []LabelSummary) []LabelSummary {
	merged := map[string]*LabelSummary{}
	var out []LabelSummary
	for _, ls := range labels {
		group, ok := labelGroup(ls.Label)
		if !ok {
			out = append(out, ls)
			continue
		}
		m, seen := merged[group]
		if !seen {
			m = &LabelSummary{Label: group, ByStatus: map[string]int{}}
			merged[group] = m
		}
		m.Total += ls.Total
		for st, n := range ls.ByStatus {
			m.ByStatus[st] += n
		}
		m.Failures = mergeFailures(m.Failures, ls.Failures)
	}
	for _, m := range merged {
		sort.Slice(m.Failures, func(i, j int) bool { return m.Failures[i].Count > m.Failures[j].Count })
		out = append(out, *m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Label < out[j].Label })
	return out
}

// labelGroup is the group part of a provider label, with its trailing "."
// (what a broadcast's delivery_label is); false for other callback data.
func labelGroup(callbackData string) (string, bool) {
	send, _, ok := sendlog.ParseLabel(callbackData)
	if !ok {
		return "", false
	}
	return send[:strings.LastIndex(send, ".")+1], true
}

func mergeFailures(into, more []FailureCount) []FailureCount {
	for _, f := range more {
		found := false
		for i := range into {
			if into[i].Code == f.Code && into[i].Title == f.Title {
				into[i].Count += f.Count
				found = true
				break
			}
		}
		if !found {
			into = append(into, f)
		}
	}
	return into
}
