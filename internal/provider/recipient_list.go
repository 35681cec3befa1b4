package provider

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/phone"
)

// The country argument the recipient functions share, and the reading of a
// list of written recipients that normalize_recipients and split_recipients
// share, so both read a list alike.

// countryParameter is the optional trailing argument of the recipient
// functions. Variadic, so that calls written before it keep working.
var countryParameter = function.StringParameter{
	Name: "country",
	MarkdownDescription: "Optional: the country the numbers were written in, as an ISO 3166-1 alpha-2 code (`\"DE\"`, " +
		"`\"US\"`; any case). At most one. With it, national numbers of that country and its international prefix " +
		"are read, by the country's rules in libphonenumber's metadata.",
}

// countryPosition is the country's position among a recipient function's
// arguments: each has one parameter before it.
const countryPosition = 1

// countryArgument checks the variadic country argument: at most one, known to the metadata.
func countryArgument(countries []string) (string, *function.FuncError) {
	if len(countries) > 1 {
		return "", function.NewArgumentFuncError(countryPosition+1, fmt.Sprintf("give at most one country, got %d: %q; "+
			"a list written in several countries can be split by country and each part read with its own", len(countries), countries))
	}
	if len(countries) == 0 {
		return "", nil
	}
	country, err := phone.NormalizeCountry(countries[0])
	if err != nil {
		return "", function.NewArgumentFuncError(countryPosition, countryProblem(countries[0]))
	}
	return country, nil
}

// listEntry is one element of a list of written recipients.
type listEntry struct {
	row       int    // its position in the list, from 1
	input     string // as written; "" for null
	null      bool
	canonical string            // when it reads as a number
	refusal   *recipientRefusal // when it does not
	firstRow  int               // when an earlier entry is the same number: that entry's row
}

// writtenRecipients is a list of written recipients, read.
type writtenRecipients struct {
	entries []listEntry
	unknown bool // the list or an element is unknown until apply
}

// readRecipientList reads every element of list in country ("" for none).
func readRecipientList(list types.List, country string) writtenRecipients {
	var out writtenRecipients
	if list.IsUnknown() {
		out.unknown = true
		return out
	}
	first := map[string]int{} // canonical -> row of its first entry
	for i, v := range list.Elements() {
		e := listEntry{row: i + 1}
		s, ok := v.(types.String)
		switch {
		case !ok || s.IsUnknown():
			out.unknown = true
			continue
		case s.IsNull():
			e.null = true
			e.refusal = &recipientRefusal{reason: "it is null, which names nobody", fix: "fill in the phone number, or remove the entry."}
		default:
			e.input = s.ValueString()
			e.canonical, e.refusal = readRecipient(e.input, country)
		}
		if e.refusal == nil {
			if row, seen := first[e.canonical]; seen {
				e.firstRow = row
			} else {
				first[e.canonical] = e.row
			}
		}
		out.entries = append(out.entries, e)
	}
	return out
}

// valid lists the canonical numbers of the list, one per person, in the
// order of their first entries.
func (l writtenRecipients) valid() []string {
	out := []string{}
	for _, e := range l.entries {
		if e.refusal == nil && e.firstRow == 0 {
			out = append(out, e.canonical)
		}
	}
	return out
}

// refusedError is the error of a function that takes only lists without an
// invalid entry: the null entries counted, the others named, each with what
// is wrong, in the words of a broadcast's `recipients` (checkRecipientSet),
// then the way on with the valid ones. "" when every entry reads.
func (l writtenRecipients) refusedError(attribute string) string {
	var nulls int
	var bad []listEntry
	for _, e := range l.entries {
		switch {
		case e.null:
			nulls++
		case e.refusal != nil:
			bad = append(bad, e)
		}
	}
	if nulls == 0 && len(bad) == 0 {
		return ""
	}
	var parts []string
	if nulls > 0 {
		parts = append(parts, fmt.Sprintf("%d of the entries of %s are null, which names nobody: remove them, or give each a phone "+
			"number (a variable or attribute that can be null can be filtered with compact())", nulls, attribute))
	}
	if len(bad) > 0 {
		sort.SliceStable(bad, func(i, j int) bool { return bad[i].input < bad[j].input })
		var b strings.Builder
		fmt.Fprintf(&b, "%d of the entries of %s cannot be sent to; nothing is sent until they are fixed or removed:\n", len(bad), attribute)
		for i, e := range bad {
			if i == shownPerList*2 {
				fmt.Fprintf(&b, "  ... and %d more\n", len(bad)-i)
				break
			}
			fmt.Fprintf(&b, "  - %s\n", e.refusal.detail)
		}
		parts = append(parts, strings.TrimSuffix(strings.TrimRight(b.String(), "\n"), "."))
	}
	return strings.Join(parts, ".\n") + ".\nTo send to the valid entries and list the others with their reasons, " +
		"use provider::whatsapp::split_recipients instead"
}
