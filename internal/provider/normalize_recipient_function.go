package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

var _ function.Function = (*normalizeRecipientFunction)(nil)

// NewNormalizeRecipientFunction is provider::whatsapp::normalize_recipient:
// a recipient as written in, its canonical form out (recipient.go words a refusal).
func NewNormalizeRecipientFunction() function.Function { return &normalizeRecipientFunction{} }

type normalizeRecipientFunction struct{}

func (f *normalizeRecipientFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "normalize_recipient"
}

func (f *normalizeRecipientFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "The canonical form of a WhatsApp recipient: one person, one string",
		MarkdownDescription: "Returns the canonical form of a recipient: its digits, without the leading `+` and " +
			"without spaces, dashes, dots and parentheses, which are only formatting. `\"+49 170 1223003\"`, " +
			"`\"+491701223003\"` and `\"491701223003\"` all give `\"491701223003\"`, the form WhatsApp writes a " +
			"`wa_id` in and the form the provider sends. Use it for `for_each` keys, so that one person is one " +
			"key however the number was written. It fails, with the same words as the `to` argument of " +
			"`whatsapp_media_message`, on anything that is not a phone number or `wa_id`: letters, a number " +
			fmt.Sprintf("starting with 0 (a national number), fewer than %d or more than %d digits.",
				whatsapp.MinRecipientDigits, whatsapp.MaxRecipientDigits),
		Parameters: []function.Parameter{
			function.StringParameter{
				Name: "recipient",
				MarkdownDescription: "A phone number in international form, country code first, with or without `+` " +
					"and formatting (`\"+1 (631) 555-1001\"`), or a `wa_id`.",
			},
		},
		Return: function.StringReturn{},
	}
}

func (f *normalizeRecipientFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var to string
	if resp.Error = req.Arguments.Get(ctx, &to); resp.Error != nil {
		return
	}
	canonical, problem := canonicalRecipient(to)
	if problem != "" {
		resp.Error = recipientFuncError(problem)
		return
	}
	resp.Error = resp.Result.Set(ctx, canonical)
}
