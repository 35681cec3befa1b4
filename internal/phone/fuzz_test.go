package phone

import (
	"errors"
	"strings"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// FuzzCanonical: whatever is written, Canonical neither panics nor answers
// with anything but digits of a recipient's length or an *Error; without a
// country, every number the provider's rule accepted before keeps its
// canonical form (existing state keeps its keys); with a country, a number
// written with + reads as it did without one, but for a "(0)" trunk marker.
func FuzzCanonical(f *testing.F) {
	for _, seed := range []string{"0151 1234 5678", "+1 (631) 555-1001", "0049 151 12345678", "011 49 151 12345678",
		"16315551001", "4722334455", "", "call me", "00", "+", "0011 44 7911 123456", "(0)", "5215512345678"} {
		f.Add(seed, "DE")
		f.Add(seed, "US")
		f.Add(seed, "")
	}
	f.Fuzz(func(t *testing.T, written, country string) {
		got, err := Canonical(written, country)
		var e *Error
		if err != nil {
			if !errors.As(err, &e) || got != "" {
				t.Fatalf("Canonical(%q, %q) = %q, %v: want \"\" and an *Error", written, country, got, err)
			}
		} else {
			if len(got) < whatsapp.MinRecipientDigits || len(got) > whatsapp.MaxRecipientDigits || got[0] == '0' {
				t.Fatalf("Canonical(%q, %q) = %q: not a recipient's digits", written, country, got)
			}
			for _, c := range got {
				if c < '0' || c > '9' {
					t.Fatalf("Canonical(%q, %q) = %q: not digits", written, country, got)
				}
			}
		}
		before, beforeErr := whatsapp.CanonicalRecipient(written)
		if country == "" && beforeErr == nil && (err != nil || got != before) {
			t.Fatalf("Canonical(%q, \"\") = %q, %v; the rule before gave %q: a key would change", written, got, err, before)
		}
		if beforeErr == nil && len(written) > 0 && written[0] == '+' && !strings.Contains(written, "(0)") {
			if _, cerr := NormalizeCountry(country); cerr == nil && (err != nil || got != before) {
				t.Fatalf("Canonical(%q, %q) = %q, %v; a number written with + reads as written: %q", written, country, got, err, before)
			}
		}
	})
}
