package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ function.Function = (*normalizeRecipientsFunction)(nil)

// NewNormalizeRecipientsFunction is provider::whatsapp::normalize_recipients:
// a list of recipients as written in, the set of their canonical forms out,
// so one person listed twice in two formats is one element.
func NewNormalizeRecipientsFunction() function.Function { return &normalizeRecipientsFunction{} }

type normalizeRecipientsFunction struct{}

func (f *normalizeRecipientsFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "normalize_recipients"
}

func (f *normalizeRecipientsFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "The set of canonical WhatsApp recipients in a list: one element per person",
		MarkdownDescription: "Returns the set of the canonical forms of a list of recipients, as " +
			"`normalize_recipient` gives each one (with the same optional `country`), so a person listed twice, in the " +
			"same or another format, is one element: `[\"491701223003\", \"+49 170 1223003\", \"+16315551001\"]` gives " +
			"`toset([\"16315551001\", \"491701223003\"])`, and `[\"0151 1234 5678\", \"+49 151 12345678\"]` with " +
			"`\"DE\"` gives `toset([\"4915112345678\"])`. It is made for `for_each`: " +
			"`for_each = provider::whatsapp::normalize_recipients(var.customers)` sends one message per person, and " +
			"rewriting the list in another format plans nothing. It fails when an element is not a phone number or " +
			"`wa_id`, naming every such element (the first 10, then how many more) with what is wrong with each, in " +
			"the words of `whatsapp_media_broadcast`'s `recipients` and of the `to` argument of `whatsapp_media_message`: " +
			"the list goes in whole or not at all. For a list in which some entries may be wrong, such as a shop's " +
			"customer export, use `split_recipients`, which returns the valid numbers and lists the others with their reasons." + "\n\n" + countryArgumentDoc,
		Parameters: []function.Parameter{
			function.ListParameter{
				Name:                "recipients",
				ElementType:         types.StringType,
				MarkdownDescription: "Phone numbers or `wa_id`s, written as `normalize_recipient` takes them. A set works too.",
			},
		},
		VariadicParameter: countryParameter,
		Return:            function.SetReturn{ElementType: types.StringType},
	}
}

func (f *normalizeRecipientsFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
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
	// Every bad entry is named, not only the first, as `recipients` of a broadcast.
	list := readRecipientList(recipients, country)
	if detail := list.refusedError("recipients"); detail != "" {
		resp.Error = recipientFuncError(detail)
		return
	}
	if list.unknown { // Terraform calls with known arguments only; should that change, the answer is unknown
		resp.Error = resp.Result.Set(ctx, types.SetUnknown(types.StringType))
		return
	}
	resp.Error = resp.Result.Set(ctx, list.valid()) // one per person (a set may not hold a value twice); never null
}
