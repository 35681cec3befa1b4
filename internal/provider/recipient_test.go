package provider

import (
	"strings"
	"testing"
)

// TestCanonicalRecipient: every accepted way of writing a number gives its
// digits; every refusal says why in the words users see everywhere.
func TestCanonicalRecipient(t *testing.T) {
	for to, want := range map[string]string{
		"+16315551001": "16315551001", "16315551001": "16315551001", "+1 (631) 555-1001": "16315551001",
		"+1.631.555.1001": "16315551001", "123456": "123456", "123456789012345": "123456789012345",
	} {
		if got, p := canonicalRecipient(to); got != want || p != "" {
			t.Errorf("canonicalRecipient(%q) = %q, %q; want %q", to, got, p, want)
		}
	}
	for bad, want := range map[string]string{
		"12345":            `"12345" is not a phone number or wa_id: it has 5 digits`,
		"1234567890123456": "16 digits; a phone number in international form (country code first) or a wa_id has 6 to 15",
		"alice":            `"alice" is not a phone number or wa_id: use digits`,
		"1631+5551001":     "use digits", // + only in front
		"+1 631 555 10O1":  "use digits", // letter O
		"":                 "use digits",
		"0151 12345678":    "country code first", // national format
		"+0151 12345678":   "country code first",
		"0049 170 1200001": `If 00 is the international prefix here, write + instead`, // 00 dialled abroad
	} {
		got, p := canonicalRecipient(bad)
		if got != "" || !strings.Contains(p, want) {
			t.Errorf("canonicalRecipient(%q) = %q, %q; want it refused, saying %q", bad, got, p, want)
		}
		if recipientProblem(bad) != p {
			t.Errorf("recipientProblem(%q) words it differently from canonicalRecipient", bad)
		}
	}
}
