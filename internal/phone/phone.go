// Package phone reads a phone number as people write it (national numbers
// with the country they were written in, the 00 or a country's own
// international prefix, formatting) into the canonical recipient form the
// provider keys and sends by: the international digits without +, the form
// WhatsApp writes a wa_id in.
//
// Each country's lengths, prefixes and number ranges come from
// libphonenumber's metadata (github.com/nyaruka/phonenumbers), not a table of
// our own. The package returns facts: a canonical string, or an *Error
// saying which kind of problem and, for an ambiguous number, every reading.
// It writes no sentence for users and knows nothing of Terraform.
//
// The one principle: nothing changes meaning. A number is read every way it
// can be read (the international digits as written, the digits after an
// international prefix, a national number of the given country); when two
// readings are valid numbers of different people, the number is refused as
// ambiguous, never guessed, since a guess sends a stranger the message.
package phone

import (
	"errors"
	"sort"
	"strings"

	"github.com/nyaruka/phonenumbers"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// ReadingKind is how a reading came from what was written.
type ReadingKind int

const (
	// AsInternational: the digits as written are the international number,
	// country code first (with or without +): today's canonical form.
	AsInternational ReadingKind = iota + 1
	// AfterInternationalPrefix: the digits after an international prefix
	// (00, or the given country's own, such as 011 in the US).
	AfterInternationalPrefix
	// AsNational: a national number of the given country, its trunk prefix
	// (the 0 in Germany, the 1 in the US) dropped and its country code added.
	AsNational
)

// Reading is one way to read a written number.
type Reading struct {
	Canonical string      // international digits without +
	Kind      ReadingKind // how it was read
	Region    string      // the ISO 3166 alpha-2 region the number belongs to, "" when the metadata knows none
	Formatted string      // the international format people read, e.g. "+1 631-555-1001"
}

// reading is the Reading of n, a number the metadata parsed.
func reading(n *phonenumbers.PhoneNumber, kind ReadingKind) Reading {
	return Reading{Canonical: e164Digits(n), Kind: kind, Region: phonenumbers.GetRegionCodeForNumber(n),
		Formatted: phonenumbers.Format(n, phonenumbers.INTERNATIONAL)}
}

// Example is a mobile number of country as the metadata's example gives it,
// written nationally (as dialled inside the country) and internationally;
// "" for both when the metadata has none.
func Example(country string) (national, international string) {
	n := phonenumbers.GetExampleNumberForType(country, phonenumbers.MOBILE)
	if n == nil {
		return "", ""
	}
	return phonenumbers.Format(n, phonenumbers.NATIONAL), phonenumbers.Format(n, phonenumbers.INTERNATIONAL)
}

// InternationalPrefix is the prefix dialled in country to call abroad, as
// the metadata gives it (00 in DE, 011 in US), or "" when it has no single one.
func InternationalPrefix(country string) string { return internationalPrefix(country) }

// Problem is which kind of problem makes a written number unusable.
type Problem int

const (
	// Rule: the number breaks the provider's rule for international digits
	// (whatsapp.CanonicalRecipient) and no other reading saves it: letters,
	// a digit count, or a leading 0 without a country. Error.Rule says which.
	Rule Problem = iota + 1
	// Ambiguous: two or more readings are valid numbers; Error.Readings lists them.
	Ambiguous
	// NotValidInCountry: a country was given, written without +, and no
	// reading is a valid number. Error.National is the national reading's
	// length verdict.
	NotValidInCountry
	// InvalidAfterPrefix: no country was given and the digits after 00 are
	// not a valid number in any country.
	InvalidAfterPrefix
	// UnknownCountry: the country is not an ISO 3166 alpha-2 code the
	// metadata knows.
	UnknownCountry
)

// LengthVerdict is what the metadata says of a national number's length.
type LengthVerdict int

const (
	LengthPossible LengthVerdict = iota // its length fits, its digits are no number in use
	LengthTooShort
	LengthTooLong
)

// Error says why Canonical refused a written number.
type Error struct {
	Input    string
	Country  string // as given, upper case; "" when none
	Problem  Problem
	Rule     *whatsapp.RecipientError // for Rule
	Readings []Reading                // for Ambiguous, sorted by canonical form
	National LengthVerdict            // for NotValidInCountry
	// InternationalPrefix is the country's international prefix the number
	// was checked against ("" without a country or when the metadata has none).
	InternationalPrefix string
}

func (e *Error) Error() string {
	switch e.Problem {
	case Rule:
		return e.Rule.Error()
	case Ambiguous:
		var r []string
		for _, x := range e.Readings {
			r = append(r, x.Canonical)
		}
		return "ambiguous phone number " + e.Input + ": " + strings.Join(r, " or ")
	case NotValidInCountry:
		return "not a valid phone number in " + e.Country + ": " + e.Input
	case InvalidAfterPrefix:
		return "not a valid phone number after the 00 international prefix: " + e.Input
	default:
		return "unknown country " + e.Country
	}
}

// NormalizeCountry returns country in upper case, or an *Error with
// UnknownCountry when the metadata has no such region. "" is no country.
func NormalizeCountry(country string) (string, error) {
	if country == "" {
		return "", nil
	}
	up := strings.ToUpper(strings.TrimSpace(country))
	if !phonenumbers.GetSupportedRegions()[up] {
		return "", &Error{Input: country, Country: country, Problem: UnknownCountry}
	}
	return up, nil
}

// Canonical reads written, a number as a person wrote it, in country (an ISO
// 3166 alpha-2 code, or "" for none), and returns its canonical form.
//
// Without a country, whatsapp.CanonicalRecipient's rule holds, with one
// addition: digits starting with 00 are read as an international number after
// the 00 prefix (ITU-T E.164's recommended prefix, used by most countries)
// when the rest is a valid number in the metadata; a number that starts with
// 00 was refused before, so no number that passed changes meaning.
//
// With a country, the readings are the digits as written (when not starting
// with 0), the digits after 00 or the country's international prefix, and the
// national number of the country. Exactly one reading that the metadata
// calls a valid number is the answer; two or more that differ is Ambiguous;
// none is NotValidInCountry (or Rule for a digit count no reading fixes): a
// country says the list holds national numbers, so digits that are no valid
// number of it are not taken as some other country's on the strength of
// their length alone. A number written with + has the one reading as written
// and the rule for international digits (a wa_id such as Mexico's 521 form,
// or a range the metadata does not know yet, goes in written with +), except
// that with a country a "(0)" after the country code is the trunk prefix
// people mark that way ("+49 (0) 151 ..."), read as the metadata reads it.
func Canonical(written, country string) (string, error) {
	country, err := NormalizeCountry(country)
	if err != nil {
		return "", err
	}
	asWritten, ruleErr := whatsapp.CanonicalRecipient(written)
	var re *whatsapp.RecipientError
	if errors.As(ruleErr, &re) && re.Problem == whatsapp.RecipientNotANumber {
		return "", &Error{Input: written, Country: country, Problem: Rule, Rule: re}
	}
	if strings.HasPrefix(strings.TrimLeft(written, " ("), "+") {
		if ruleErr != nil {
			return "", &Error{Input: written, Country: country, Problem: Rule, Rule: re}
		}
		// "+49 (0) 151 ...": the (0) marks the trunk prefix, dialled only
		// inside the country. Read with a country only, where no key of
		// before can change.
		if country != "" && strings.Contains(written, "(0)") {
			// The metadata knows where the 0 is a trunk prefix (Germany) and
			// where it belongs to the number (Italy).
			if n, err := phonenumbers.Parse(written, "ZZ"); err == nil && phonenumbers.IsValidNumber(n) {
				return e164Digits(n), nil
			}
		}
		return asWritten, nil
	}
	digits := whatsapp.RecipientDigits(written)

	var readings []Reading
	add := func(r Reading) {
		// The metadata calls some national numbers valid whose international
		// form has more digits than E.164 allows (15) and WhatsApp takes.
		if _, err := whatsapp.CanonicalRecipient(r.Canonical); err != nil {
			return
		}
		for _, have := range readings {
			if have.Canonical == r.Canonical {
				return
			}
		}
		readings = append(readings, r)
	}
	if ruleErr == nil {
		if n, ok := validInternational(asWritten); ok {
			add(reading(n, AsInternational))
		}
	}
	if rest, ok := strings.CutPrefix(digits, "00"); ok {
		if n, ok := validInternational(rest); ok {
			add(reading(n, AfterInternationalPrefix))
		}
	}
	verdict := LengthPossible
	if country != "" {
		n, err := phonenumbers.ParseAndKeepRawInput(digits, country)
		if err == nil && phonenumbers.IsValidNumber(n) {
			kind := AsNational
			switch n.GetCountryCodeSource() {
			case phonenumbers.PhoneNumber_FROM_NUMBER_WITH_IDD:
				kind = AfterInternationalPrefix
			case phonenumbers.PhoneNumber_FROM_NUMBER_WITHOUT_PLUS_SIGN:
				kind = AsInternational // the country's own code first, without +
			}
			add(reading(n, kind))
		} else if err == nil {
			switch phonenumbers.IsPossibleNumberWithReason(n) {
			case phonenumbers.TOO_SHORT, phonenumbers.INVALID_LENGTH, phonenumbers.IS_POSSIBLE_LOCAL_ONLY:
				verdict = LengthTooShort
			case phonenumbers.TOO_LONG:
				verdict = LengthTooLong
			}
		}
	}

	switch {
	case len(readings) > 1:
		sort.Slice(readings, func(i, j int) bool { return readings[i].Canonical < readings[j].Canonical })
		return "", &Error{Input: written, Country: country, Problem: Ambiguous, Readings: readings}
	case len(readings) == 1:
		return readings[0].Canonical, nil
	case ruleErr == nil && country == "":
		return asWritten, nil // international digits the metadata does not know: today's rule holds
	case country != "" && re != nil && re.Problem == whatsapp.RecipientDigitCount:
		return "", &Error{Input: written, Country: country, Problem: Rule, Rule: re}
	case country != "":
		return "", &Error{Input: written, Country: country, Problem: NotValidInCountry, National: verdict,
			InternationalPrefix: internationalPrefix(country)}
	case strings.HasPrefix(digits, "00") && re.Problem == whatsapp.RecipientNational:
		return "", &Error{Input: written, Problem: InvalidAfterPrefix}
	default:
		return "", &Error{Input: written, Problem: Rule, Rule: re}
	}
}

// validInternational parses digits as an international number (country code
// first) and reports whether the metadata calls exactly these digits a valid number.
func validInternational(digits string) (*phonenumbers.PhoneNumber, bool) {
	if digits == "" || digits[0] == '0' {
		return nil, false
	}
	n, err := phonenumbers.Parse("+"+digits, "ZZ")
	// The parse may drop digits (a trunk prefix written after the country
	// code: +1 1 201 ...): then these digits are not that valid number.
	if err != nil || !phonenumbers.IsValidNumber(n) || e164Digits(n) != digits {
		return nil, false
	}
	return n, true
}

// e164Digits is the E.164 form of n without its +.
func e164Digits(n *phonenumbers.PhoneNumber) string {
	return strings.TrimPrefix(phonenumbers.Format(n, phonenumbers.E164), "+")
}

// internationalPrefix is the prefix dialled in country to call abroad, as
// the metadata's formatting of a foreign number shows it (for instance 00 in
// DE, 011 in US), or "" when it has none.
func internationalPrefix(country string) string {
	// A number of another country formatted for dialling from country starts
	// with that country's preferred international prefix.
	other := "CH"
	if country == "CH" {
		other = "AT"
	}
	ex := phonenumbers.GetExampleNumber(other)
	if ex == nil {
		return ""
	}
	out := phonenumbers.FormatOutOfCountryCallingNumber(ex, country)
	cc := phonenumbers.GetCountryCodeForRegion(other)
	prefix, _, found := strings.Cut(out, " ")
	if !found || strings.HasPrefix(out, "+") || cc == 0 {
		return ""
	}
	return prefix
}
