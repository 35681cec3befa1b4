package provider

import (
	"errors"
	"fmt"
	"strings"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/phone"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The recipient functions read numbers as people write them through
// internal/phone (national numbers with the country of the list, the 00
// and the country's own international prefix); this file words what that
// package answers, in the voice of recipientErrorDetail, which it reuses for
// the rule the `to` argument and a broadcast's `recipients` share.

// recipientRefusal is a written recipient that cannot be read, in words:
// what is wrong (reason), what to do (fix), and both as one sentence.
type recipientRefusal struct {
	reason string // a clause: "it starts with 0, ..."
	fix    string // a sentence: "write the country code first, ..."
	detail string // the sentence a diagnostic shows: names the input, says reason and fix
}

// readRecipient reads written in country ("" for none) with internal/phone.
// The country must have been checked with phone.NormalizeCountry.
func readRecipient(written, country string) (string, *recipientRefusal) {
	if strings.TrimSpace(written) == "" {
		return "", &recipientRefusal{reason: "it is empty", fix: "fill in the phone number, or remove the entry.",
			detail: fmt.Sprintf("%q is not a phone number or wa_id: it is empty; fill in the phone number, or remove the entry.", written)}
	}
	canonical, err := phone.Canonical(written, country)
	if err == nil {
		return canonical, nil
	}
	var pe *phone.Error
	if !errors.As(err, &pe) {
		return "", &recipientRefusal{reason: err.Error(), fix: "report this as a bug of the provider.", detail: err.Error()}
	}
	r := phoneRefusal(pe)
	return "", &r
}

// phoneRefusal words an *phone.Error.
func phoneRefusal(e *phone.Error) recipientRefusal {
	switch e.Problem {
	case phone.Rule:
		return ruleRefusal(e.Rule, e.Country)
	case phone.Ambiguous:
		var readings []string
		for _, r := range e.Readings {
			readings = append(readings, fmt.Sprintf("%s (%s%s, %s)", r.Canonical, r.Formatted, regionSuffix(r.Region), readingWords(r.Kind, e.Country)))
		}
		reason := fmt.Sprintf("with country %s it reads as %d different numbers, %s", e.Country, len(e.Readings), strings.Join(readings, " or "))
		fix := fmt.Sprintf("write the one meant in international form, with + and the country code, e.g. %q; "+
			"nothing is guessed, since a wrong guess sends the message to a stranger.", e.Readings[0].Formatted)
		return recipientRefusal{reason: reason, fix: fix,
			detail: fmt.Sprintf("%q is not one phone number: %s: %s", e.Input, reason, fix)}
	case phone.NotValidInCountry:
		var reason string
		switch e.National {
		case phone.LengthTooShort:
			reason = fmt.Sprintf("it is too short for a phone number of %s", e.Country)
		case phone.LengthTooLong:
			reason = fmt.Sprintf("it is too long for a phone number of %s", e.Country)
		default:
			reason = fmt.Sprintf("it is not in a range of phone numbers in use in %s", e.Country)
		}
		reason += " (the list's country), neither as dialled there nor as an international number"
		national, international := phone.Example(e.Country)
		fix := "check the digits: write it as dialled in " + e.Country
		if national != "" {
			fix += fmt.Sprintf(", e.g. %q", national)
		}
		fix += ", or in international form, with + and the country code"
		if international != "" {
			fix += fmt.Sprintf(", e.g. %q", international)
			if p := e.InternationalPrefix; p != "" {
				fix += fmt.Sprintf(" (or %q)", p+" "+strings.TrimPrefix(international, "+"))
			}
		}
		fix += "; a wa_id that is no number of the country (Mexico's 521...) goes in with +."
		return recipientRefusal{reason: reason, fix: fix,
			detail: fmt.Sprintf("%q is not a phone number or wa_id: %s: %s", e.Input, reason, fix)}
	case phone.InvalidAfterPrefix:
		reason := "it starts with 00, the international prefix, and the digits after it are no valid phone number of any country"
		fix := "check the digits; if the list was written where 00 is not the international prefix, give the " +
			"functions the list's country, which reads its national numbers and its own international prefix."
		return recipientRefusal{reason: reason, fix: fix,
			detail: fmt.Sprintf("%q is not a phone number or wa_id: %s: %s", e.Input, reason, fix)}
	default:
		detail := countryProblem(e.Input)
		return recipientRefusal{reason: detail, fix: "", detail: detail}
	}
}

// ruleRefusal words whatsapp.CanonicalRecipient's refusal as recipientErrorDetail
// does, split into reason and fix for a list's invalid entries.
func ruleRefusal(re *whatsapp.RecipientError, country string) recipientRefusal {
	detail := recipientErrorDetail(re)
	why := detail[strings.Index(detail, ": ")+2:] // recipientErrorDetail is `"input" is not ...: why`
	switch re.Problem {
	case whatsapp.RecipientNational:
		reason, fix, _ := strings.Cut(why, ": ")
		if country == "" {
			fix += " Or give the functions the list's country, which reads its national numbers."
			detail += " Or give the functions the list's country, which reads its national numbers."
		}
		return recipientRefusal{reason: reason, fix: fix, detail: detail}
	case whatsapp.RecipientDigitCount:
		reason, rest, _ := strings.Cut(why, "; ")
		return recipientRefusal{reason: reason, fix: "write the whole number: " + rest, detail: detail}
	default:
		return recipientRefusal{reason: "it holds characters that are neither digits nor formatting", fix: why, detail: detail}
	}
}

// readingWords says how a reading came from the written number.
func readingWords(kind phone.ReadingKind, country string) string {
	switch kind {
	case phone.AsInternational:
		return "the digits as an international number, country code first"
	case phone.AfterInternationalPrefix:
		return "the digits after an international prefix"
	default:
		return "a national number of " + country
	}
}

func regionSuffix(region string) string {
	if region == "" {
		return ""
	}
	return " in " + region
}

// countryProblem says what is wrong with a country argument.
func countryProblem(country string) string {
	return fmt.Sprintf("%q is not a country code the phone number metadata knows: give the ISO 3166-1 alpha-2 code "+
		"of the country the numbers were written in, two letters, e.g. \"DE\" for Germany or \"US\" for the United States", country)
}

// recipientReadingRules is what the recipient functions' docs say of how a
// number is read: the rules internal/phone keeps.
const recipientReadingRules = "Nothing changes meaning: digits that read as a valid number both as an international " +
	"number (country code first, without `+`: `\"16315551001\"`) and as a national number of the `country` " +
	"(`\"16315551001\"` with `\"DE\"` is also the German mobile 0163 15551001) are refused, naming both readings, " +
	"never guessed, since a wrong guess messages a stranger; write such a number with `+`. With a country, digits " +
	"that are no valid number of it in any reading are refused too, rather than taken for some other country's on " +
	"the strength of their length. A number written with `+` is read as written, whatever the country. Without a " +
	"country the provider's rule for `to` holds (6 to 15 digits, country code first, no leading 0), with one " +
	"addition: digits starting with `00`, the international prefix ITU-T recommends and most of the world dials, are " +
	"read as the number after it when that is a valid number of its country (`\"0049 151 12345678\"`); other " +
	"international prefixes (`011`, `0011`, `010`) need the country, since without it they are national numbers in " +
	"some countries (`0114` is Sheffield's area code). The country's lengths, prefixes and number ranges come from " +
	"libphonenumber's metadata. The canonical form is the number as dialled internationally; WhatsApp's `wa_id` for " +
	"it may differ (Brazilian mobiles with or without the ninth digit, Mexican mobiles as `521...`): two entries " +
	"WhatsApp answers with one `wa_id` are one person, and the `contacts[].wa_id` of a send's answer tells."

// countryArgumentDoc is the recipient functions' docs of their country
// argument (tfplugindocs lists no variadic parameter) and why it is one.
const countryArgumentDoc = "`country`, optional and last, is the ISO 3166-1 alpha-2 code of the country the numbers " +
	"were written in (`\"DE\"`, `\"US\"`, any case; at most one). It is a trailing variadic argument rather than a " +
	"new required parameter, so that every call written before it keeps working and gives the same keys (existing " +
	"state keeps its keys); it is an argument rather than a provider setting because a provider-defined function " +
	"cannot read the provider's configuration. Give the same country wherever results must match, e.g. a " +
	"`for_each` key and a `to`."
