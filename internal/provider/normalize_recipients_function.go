package provider

import (
	"context"
	"fmt"

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
			"`normalize_recipient` gives each one, so a person listed twice, in the same or another format, is " +
			"one element: `[\"491701223003\", \"+49 170 1223003\", \"+16315551001\"]` gives " +
			"`toset([\"16315551001\", \"491701223003\"])`. It is made for `for_each`: " +
			"`for_each = provider::whatsapp::normalize_recipients(var.customers)` sends one message per person, and " +
			"rewriting the list in another format plans nothing. It fails on the first element that is not a phone " +
			"number or `wa_id`, naming its index, with the same words as the `to` argument of `whatsapp_media_message`.",
		Parameters: []function.Parameter{
			function.ListParameter{
				Name:                "recipients",
				ElementType:         types.StringType,
				MarkdownDescription: "Phone numbers or `wa_id`s, written as `normalize_recipient` takes them. A set works too.",
			},
		},
		Return: function.SetReturn{ElementType: types.StringType},
	}
}

func (f *normalizeRecipientsFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var recipients []types.String
	if resp.Error = req.Arguments.Get(ctx, &recipients); resp.Error != nil {
		return
	}
	var canonical []string
	seen := map[string]bool{}
	for i, to := range recipients {
		if to.IsNull() {
			resp.Error = recipientFuncError(fmt.Sprintf("element %d is null: give a phone number or wa_id", i))
			return
		}
		c, problem := canonicalRecipient(to.ValueString())
		if problem != "" {
			resp.Error = recipientFuncError(fmt.Sprintf("element %d: %s", i, problem))
			return
		}
		if !seen[c] { // one person, one element (a set may not hold a value twice)
			seen[c] = true
			canonical = append(canonical, c)
		}
	}
	if canonical == nil {
		canonical = []string{} // an empty list gives an empty set, not null
	}
	resp.Error = resp.Result.Set(ctx, canonical)
}
