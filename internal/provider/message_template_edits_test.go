package provider

import (
	"testing"
	"time"
)

// TestNextTemplateEdit: Meta's two limits on an approved template's edits,
// one in 24 hours and ten in 30 days, and when each lets the next edit go.
func TestNextTemplateEdit(t *testing.T) {
	now := time.Date(2026, 12, 6, 20, 0, 0, 0, time.UTC)
	ago := func(hours ...int) []time.Time {
		var out []time.Time
		for _, h := range hours {
			out = append(out, now.Add(-time.Duration(h)*time.Hour))
		}
		return out
	}
	every3Days := ago(25, 72+25, 144+25, 216+25, 288+25, 360+25, 432+25, 504+25, 576+25) // 9 in 30 days
	cases := []struct {
		name      string
		edits     []time.Time
		wantNext  time.Time
		wantLimit string
	}{
		{"never edited", nil, time.Time{}, ""},
		{"edited 25 hours ago", ago(25), time.Time{}, ""},
		{"edited 2 hours ago", ago(2), now.Add(22 * time.Hour), "one edit in 24 hours"},
		{"edited 31 days ago", ago(31 * 24), time.Time{}, ""},
		{"nine in 30 days, the last a day ago", every3Days, time.Time{}, ""},
		{"ten in 30 days", append(every3Days, now.Add(-26*time.Hour)), now.Add(-(576 + 25) * time.Hour).Add(30 * 24 * time.Hour), "ten edits in 30 days"},
		{"ten in 30 days, one of them today", append(ago(23), every3Days...), now.Add(-(576 + 25) * time.Hour).Add(30 * 24 * time.Hour), "ten edits in 30 days"},
	}
	for _, c := range cases {
		next, limit := nextTemplateEdit(c.edits, now)
		if !next.Equal(c.wantNext) || limit != c.wantLimit {
			t.Errorf("%s: next edit %v (%q), want %v (%q)", c.name, next, limit, c.wantNext, c.wantLimit)
		}
	}
}
