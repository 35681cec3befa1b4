package provider

import "testing"

// TestTierLimit: Meta's tier names as customers per 24 hours; unlimited has
// none, and a name the provider cannot read is not guessed at.
func TestTierLimit(t *testing.T) {
	for _, tc := range []struct {
		tier           string
		limit          int
		limited, known bool
	}{
		{"TIER_50", 50, true, true}, {"TIER_250", 250, true, true}, {"TIER_1K", 1000, true, true},
		{"TIER_2K", 2000, true, true}, {"TIER_10K", 10000, true, true}, {"TIER_100K", 100000, true, true},
		{"TIER_UNLIMITED", 0, false, true}, {"UNTIERED", 0, false, false}, {"TIER_", 0, false, false}, {"", 0, false, false},
	} {
		limit, limited, known := tierLimit(tc.tier)
		if limit != tc.limit || limited != tc.limited || known != tc.known {
			t.Errorf("tierLimit(%q) = %d, %v, %v; want %d, %v, %v", tc.tier, limit, limited, known, tc.limit, tc.limited, tc.known)
		}
	}
	if throughputPerSecond("HIGH") != 1000 || throughputPerSecond("STANDARD") != 80 || throughputPerSecond("NOT_APPLICABLE") != 0 {
		t.Error("throughput levels")
	}
}
