package phone

import (
	"errors"
	"reflect"
	"testing"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// Valid numbers are taken from each country's numbering plan as
// libphonenumber's metadata encodes it (mobile ranges: DE 015x, GB 07x,
// FR 06, BR 9 after the area code, IN 9x, AR 9 + area code for mobiles, AU
// 04, JP 090, IT 3x, NG 080x, ES 6, CH 07x, NL 06, RU 9xx).
func TestCanonical(t *testing.T) {
	cases := []struct {
		written, country, want string
	}{
		// Germany: national with trunk 0, the 00 prefix, +.
		{"0151 1234 5678", "DE", "4915112345678"},
		{"030 901820", "DE", "4930901820"},
		{"+49 151 12345678", "", "4915112345678"},
		{"0049 151 12345678", "", "4915112345678"},
		{"0049 151 12345678", "DE", "4915112345678"},
		// United States: national with and without trunk 1, 011, dots.
		{"(631) 555-1001", "US", "16315551001"},
		{"+1 (631) 555-1001", "", "16315551001"},
		{"+1 (631) 555-1001", "US", "16315551001"},
		{"16315551001", "US", "16315551001"},
		{"212.555.0147", "US", "12125550147"},
		{"1-212-555-0147", "US", "12125550147"},
		{"011 49 151 12345678", "US", "4915112345678"},
		{"4915112345678", "US", "4915112345678"}, // no US reading: a valid German number as written
		{"00 1 631 555 1001", "", "16315551001"},
		// United Kingdom.
		{"07911 123456", "GB", "447911123456"},
		{"+44 7911 123456", "", "447911123456"},
		{"0044 7911 123456", "", "447911123456"},
		{"0044 7911 123456", "gb", "447911123456"}, // the country in any case
		// France.
		{"06 12 34 56 78", "FR", "33612345678"},
		{"00 33 6 12 34 56 78", "FR", "33612345678"},
		// Brazil: the mobile's ninth digit is kept as written (WhatsApp's wa_id may drop it).
		{"(11) 91234-5678", "BR", "5511912345678"},
		{"+55 11 91234-5678", "", "5511912345678"},
		{"+55 11 1234-5678", "", "551112345678"},
		// Mexico: 521 (the wa_id form) is kept as written, never rewritten.
		{"55 1234 5678", "MX", "525512345678"},
		{"+52 1 55 1234 5678", "", "5215512345678"},
		{"+52 1 55 1234 5678", "MX", "5215512345678"},
		// India, with and without the trunk 0.
		{"098765 43210", "IN", "919876543210"},
		{"98765 43210", "IN", "919876543210"},
		// Argentina: a mobile written nationally (0 + area + 15) becomes 54 9 + area.
		{"011 15 2345-6789", "AR", "5491123456789"},
		{"+54 9 11 2345-6789", "", "5491123456789"},
		// Australia's 0011 and Japan's 010 international prefixes.
		{"0412 345 678", "AU", "61412345678"},
		{"0011 44 7911 123456", "AU", "447911123456"},
		{"090-1234-5678", "JP", "819012345678"},
		{"010 81 90 1234 5678", "JP", "819012345678"},
		// Italy keeps the leading 0 of its fixed numbers after the country code.
		{"333 123 4567", "IT", "393331234567"},
		{"0039 06 6982 1234", "", "390669821234"},
		{"0803 123 4567", "NG", "2348031234567"},
		{"612 34 56 78", "ES", "34612345678"},
		{"079 123 45 67", "CH", "41791234567"},
		{"06 12345678", "NL", "31612345678"},
		// Russia: trunk 8, international prefix 8~10.
		{"8 912 345 67 89", "RU", "79123456789"},
		{"8 10 49 151 12345678", "RU", "4915112345678"},
		// The (0) trunk marker of European exports, read with a country.
		{"+49 (0) 151 12345678", "DE", "4915112345678"},
		{"+44 (0)7911 123456", "GB", "447911123456"},
		{"+41 (0)79 123 45 67", "DE", "41791234567"}, // any country: the marker is the number's own
		{"+39 (0)6 6982 1234", "IT", "390669821234"}, // Italy dials the 0 from abroad too
		// Without a country, today's rule for international digits holds.
		{"+49 (0) 151 12345678", "", "49015112345678"}, // as before: the key of an existing state stays
		{"16315551001", "", "16315551001"},
		{"+4155551234", "", "4155551234"}, // not a valid Swiss number: taken as written, as before
	}
	for _, tc := range cases {
		got, err := Canonical(tc.written, tc.country)
		if err != nil || got != tc.want {
			t.Errorf("Canonical(%q, %q) = %q, %v; want %q", tc.written, tc.country, got, err, tc.want)
		}
	}
}

func TestCanonicalAmbiguous(t *testing.T) {
	cases := []struct {
		written, country string
		want             []Reading
	}{
		// A German mobile 0163 1555 1001 without its 0, or the US number written as digits.
		{"16315551001", "DE", []Reading{{"16315551001", AsInternational, "US", "+1 631-555-1001"}, {"4916315551001", AsNational, "DE", "+49 163 15551001"}}},
		// Today's canonical German mobile, or a number in Leer (area code 0491) without its 0.
		{"4915112345678", "DE", []Reading{{"4915112345678", AsInternational, "DE", "+49 1511 2345678"}, {"494915112345678", AsNational, "DE", "+49 491 5112345678"}}},
	}
	for _, tc := range cases {
		_, err := Canonical(tc.written, tc.country)
		var e *Error
		if !errors.As(err, &e) || e.Problem != Ambiguous || !reflect.DeepEqual(e.Readings, tc.want) {
			t.Errorf("Canonical(%q, %q) = %v; want ambiguous between %+v", tc.written, tc.country, err, tc.want)
		}
	}
}

func TestCanonicalRefused(t *testing.T) {
	cases := []struct {
		written, country string
		problem          Problem
		rule             whatsapp.RecipientProblem // for Rule
		verdict          LengthVerdict             // for NotValidInCountry
	}{
		{"0151 1234 5678", "", Rule, whatsapp.RecipientNational, 0},
		{"12345", "", Rule, whatsapp.RecipientDigitCount, 0},
		{"12345", "DE", Rule, whatsapp.RecipientDigitCount, 0},
		{"call me", "", Rule, whatsapp.RecipientNotANumber, 0},
		{"n/a", "US", Rule, whatsapp.RecipientNotANumber, 0},
		{"0049 12", "", InvalidAfterPrefix, 0, 0},
		{"(631) 555-10", "US", NotValidInCountry, 0, LengthTooShort},
		{"0151 1234", "DE", NotValidInCountry, 0, LengthPossible}, // a length German numbers have, in no range in use
		{"(631) 555-10012", "US", NotValidInCountry, 0, LengthTooLong},
		// Mexico's 521 wa_id form is no valid Mexican number since 2019:
		// with a country it goes in written with + (taken as written).
		{"5215512345678", "MX", NotValidInCountry, 0, LengthTooLong},
		{"0049 12", "DE", NotValidInCountry, 0, LengthTooShort},
		{"+0151 1234 5678", "DE", Rule, whatsapp.RecipientNational, 0},
		{"+1 631 555 1001", "XX", UnknownCountry, 0, 0},
		{"+1 631 555 1001", "Germany", UnknownCountry, 0, 0},
	}
	for _, tc := range cases {
		got, err := Canonical(tc.written, tc.country)
		var e *Error
		if !errors.As(err, &e) || e.Problem != tc.problem {
			t.Errorf("Canonical(%q, %q) = %q, %v; want problem %d", tc.written, tc.country, got, err, tc.problem)
			continue
		}
		if tc.problem == Rule && e.Rule.Problem != tc.rule {
			t.Errorf("Canonical(%q, %q): rule problem %d, want %d", tc.written, tc.country, e.Rule.Problem, tc.rule)
		}
		if tc.problem == NotValidInCountry && e.National != tc.verdict {
			t.Errorf("Canonical(%q, %q): length verdict %d, want %d", tc.written, tc.country, e.National, tc.verdict)
		}
	}
}

func TestInternationalPrefix(t *testing.T) {
	for country, want := range map[string]string{"DE": "00", "US": "011", "JP": "010", "AU": "0011", "CH": "00"} {
		if got := internationalPrefix(country); got != want {
			t.Errorf("internationalPrefix(%q) = %q, want %q", country, got, want)
		}
	}
}
