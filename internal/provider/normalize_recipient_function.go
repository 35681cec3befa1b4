package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

var _ function.Function = (*normalizeRecipientFunction)(nil)

// NewNormalizeRecipientFunction is provider::whatsapp::normalize_recipient:
// a recipient as written in (with the country of a national number), its
// canonical form out (recipient_reading.go words a refusal).
func NewNormalizeRecipientFunction() function.Function { return &normalizeRecipientFunction{} }

type normalizeRecipientFunction struct{}

func (f *normalizeRecipientFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "normalize_recipient"
}

func (f *normalizeRecipientFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "The canonical form of a WhatsApp recipient: one person, one string",
		MarkdownDescription: "Returns the canonical form of a recipient: its international digits, without the leading " +
			"`+` and without spaces, dashes, dots and parentheses, which are only formatting. `\"+49 170 1223003\"`, " +
			"`\"+491701223003\"`, `\"491701223003\"` and `\"0049 170 1223003\"` all give `\"491701223003\"`, the form " +
			"WhatsApp writes a `wa_id` in and the form the provider sends. Use it for `for_each` keys, so that one person " +
			"is one key however the number was written.\n\n" +
			"Give the `country` the number was written in to read national numbers: " +
			"`normalize_recipient(\"0151 1234 5678\", \"DE\")` gives `\"4915112345678\"`, " +
			"`normalize_recipient(\"(631) 555-1001\", \"US\")` gives `\"16315551001\"`, and that country's " +
			"international prefix is read too (`\"011 49 151 12345678\"` with `\"US\"`). " + recipientReadingRules +
			"\n\n" + countryArgumentDoc +
			"\n\nIt fails, with the same words as the `to` argument of `whatsapp_media_message`, on anything that is not " +
			"a phone number or `wa_id`: letters, a number starting with 0 without a country, " +
			fmt.Sprintf("fewer than %d or more than %d digits, and ", whatsapp.MinRecipientDigits, whatsapp.MaxRecipientDigits) +
			"with a country a number that is no valid number of it, or one that reads as two numbers (see above). " +
			"For a list in which some entries may be wrong, `split_recipients` gives the valid ones and names the others.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name: "recipient",
				MarkdownDescription: "A phone number as written: in international form (`\"+1 (631) 555-1001\"`, " +
					"`\"0049 151 12345678\"`), a `wa_id`, or with `country` a national number (`\"0151 1234 5678\"`).",
			},
		},
		VariadicParameter: countryParameter,
		Return:            function.StringReturn{},
	}
}

func (f *normalizeRecipientFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var to string
	var countries []string
	if resp.Error = req.Arguments.Get(ctx, &to, &countries); resp.Error != nil {
		return
	}
	country, funcErr := countryArgument(countries)
	if funcErr != nil {
		resp.Error = funcErr
		return
	}
	canonical, refusal := readRecipient(to, country)
	if refusal != nil {
		resp.Error = recipientFuncError(refusal.detail)
		return
	}
	resp.Error = resp.Result.Set(ctx, canonical)
}
