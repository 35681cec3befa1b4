package provider

import (
	"testing"
	"unicode/utf8"
)

// FuzzReadRecipient: what the recipient functions answer for any written
// number in any country. A refusal is worded (valid UTF-8, a reason, a fix
// and a detail naming the input) and returns no number; an accepted number is
// what goes on the wire (strictRecipient), is its own canonical form without
// a country, and passes the rule of `to` and of a broadcast's `recipients`,
// so split_recipients' valid list always goes into a broadcast.
func FuzzReadRecipient(f *testing.F) {
	for _, s := range []string{"0151 1234 5678", "+49 (0) 151 12345678", "011 49 151 12345678", "4722334455", "", " ",
		"call me", "0011 44 7911 123456", "(631) 555-10", "１６３１５５５１００１", "5215512345678"} {
		for _, c := range []string{"", "DE", "US", "MX"} {
			f.Add(s, c)
		}
	}
	f.Fuzz(func(t *testing.T, written, country string) {
		if _, funcErr := countryArgument([]string{country}); country != "" && funcErr != nil {
			return // the call fails on its country argument before any number is read
		}
		canonical, refusal := readRecipient(written, country)
		if refusal != nil {
			if canonical != "" || refusal.reason == "" || refusal.fix == "" || refusal.detail == "" ||
				!utf8.ValidString(refusal.detail+refusal.reason+refusal.fix) {
				t.Fatalf("readRecipient(%q, %q) refused it as %q / %+v", written, country, canonical, *refusal)
			}
			return
		}
		if !strictRecipient.MatchString(canonical) {
			t.Fatalf("readRecipient(%q, %q) = %q: not what goes on the wire", written, country, canonical)
		}
		if again, r := readRecipient(canonical, ""); r != nil || again != canonical {
			t.Fatalf("the canonical form %q of %q (%q) reads as %q, %+v without a country", canonical, written, country, again, r)
		}
		if again, problem := canonicalRecipient(canonical); problem != "" || again != canonical {
			t.Fatalf("`to` refuses or changes %q, the canonical form of %q (%q): %q, %q", canonical, written, country, again, problem)
		}
	})
}
