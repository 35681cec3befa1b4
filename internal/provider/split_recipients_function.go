package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ function.Function = (*splitRecipientsFunction)(nil)

// NewSplitRecipientsFunction is provider::whatsapp::split_recipients: a list
// as a shop exports it in, the valid people and the named invalid entries
// out, so bad rows do not block good ones and none is dropped unseen.
func NewSplitRecipientsFunction() function.Function { return &splitRecipientsFunction{} }

type splitRecipientsFunction struct{}

var (
	invalidEntryType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"row": types.Int64Type, "input": types.StringType, "reason": types.StringType, "fix": types.StringType,
	}}
	duplicateEntryType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"row": types.Int64Type, "input": types.StringType, "number": types.StringType, "first_row": types.Int64Type,
	}}
	splitAttrTypes = map[string]attr.Type{
		"valid":      types.ListType{ElemType: types.StringType},
		"invalid":    types.ListType{ElemType: invalidEntryType},
		"duplicates": types.ListType{ElemType: duplicateEntryType},
	}
)

func (f *splitRecipientsFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "split_recipients"
}

func (f *splitRecipientsFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Split a list of recipients as written into the valid people and the invalid entries, each with its reason",
		MarkdownDescription: "Reads every entry of a list as `normalize_recipient` does (with the same optional `country`) " +
			"and, instead of failing on the first bad one, returns an object:\n\n" +
			"- `valid`: the canonical numbers, one per person, in the order of their first entries (a person listed " +
			"twice, in any formats, is there once; the first entry wins). Give it to `whatsapp_media_broadcast`'s " +
			"`recipients` or to `for_each` (through `toset()`).\n" +
			"- `invalid`: every entry that is not a phone number, in list order, as `{row, input, reason, fix}`: " +
			"`row` is its position in the list from 1 (for a list made from `csvdecode()`, the data row; the file's " +
			"line is `row + 1` with the header), `input` the entry as written, `reason` what is wrong and `fix` what to do.\n" +
			"- `duplicates`: the entries dropped as a person already listed, as `{row, input, number, first_row}`.\n\n" +
			"It never fails on an entry, so bad rows do not block good ones; nothing is dropped unseen either: output " +
			"`invalid`, or turn it into a plan warning with a `check` block whose `error_message` names each entry " +
			"(the guide \"Send the catalogue to a CSV of customers\" shows both). Without a `country` an entry written " +
			"nationally is invalid, with a fix that says so. " + recipientReadingRules + "\n\n" + countryArgumentDoc,
		Parameters: []function.Parameter{
			function.ListParameter{
				Name:                "recipients",
				ElementType:         types.StringType,
				MarkdownDescription: "Phone numbers as written, e.g. a CSV's phone column: `[for row in csvdecode(file(\"customers.csv\")) : row.phone]`.",
			},
		},
		VariadicParameter: countryParameter,
		Return:            function.ObjectReturn{AttributeTypes: splitAttrTypes},
	}
}

func (f *splitRecipientsFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var recipients types.List
	var countries []string
	if resp.Error = req.Arguments.Get(ctx, &recipients, &countries); resp.Error != nil {
		return
	}
	country, funcErr := countryArgument(countries)
	if funcErr != nil {
		resp.Error = funcErr
		return
	}
	list := readRecipientList(recipients, country)
	if list.unknown { // Terraform calls with known arguments only; should that change, the answer is unknown
		resp.Error = resp.Result.Set(ctx, types.ObjectUnknown(splitAttrTypes))
		return
	}
	valid := []attr.Value{}
	for _, c := range list.valid() {
		valid = append(valid, types.StringValue(c))
	}
	invalid, duplicates := []attr.Value{}, []attr.Value{}
	for _, e := range list.entries {
		input := types.StringValue(e.input)
		if e.null {
			input = types.StringNull()
		}
		switch {
		case e.refusal != nil:
			invalid = append(invalid, types.ObjectValueMust(invalidEntryType.AttrTypes, map[string]attr.Value{
				"row": types.Int64Value(int64(e.row)), "input": input,
				"reason": types.StringValue(e.refusal.reason), "fix": types.StringValue(e.refusal.fix),
			}))
		case e.firstRow != 0:
			duplicates = append(duplicates, types.ObjectValueMust(duplicateEntryType.AttrTypes, map[string]attr.Value{
				"row": types.Int64Value(int64(e.row)), "input": input,
				"number": types.StringValue(e.canonical), "first_row": types.Int64Value(int64(e.firstRow)),
			}))
		}
	}
	resp.Error = resp.Result.Set(ctx, types.ObjectValueMust(splitAttrTypes, map[string]attr.Value{
		"valid":      types.ListValueMust(types.StringType, valid),
		"invalid":    types.ListValueMust(invalidEntryType, invalid),
		"duplicates": types.ListValueMust(duplicateEntryType, duplicates),
	}))
}
