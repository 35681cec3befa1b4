package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The broadcast's rules that run both at plan time (ValidateConfig) and
// before its sends (media_broadcast_send.go), when values unknown at plan
// time are known. Whether a recipient is one is whatsapp.CanonicalRecipient's
// rule; this file only words its answer. The content's rules are the message
// resource's (media_message_rules.go), called on the same attribute names.

// checkRecipientSet is one error on the attribute naming the first few
// entries CanonicalRecipient refused, each with its reason, and their count.
func checkRecipientSet(attribute string, rs recipientSet) diag.Diagnostics {
	var diags diag.Diagnostics
	if rs.nulls > 0 {
		diags.AddAttributeError(path.Root(attribute), "Invalid WhatsApp Recipients",
			fmt.Sprintf("%d of the entries of %s are null, which names nobody: remove them, or give each a phone "+
				"number (a variable or attribute that can be null can be filtered with compact()).", rs.nulls, attribute))
	}
	if len(rs.invalid) == 0 {
		return diags
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d of the entries of %s cannot be sent to; nothing is sent until they are fixed or removed:\n",
		len(rs.invalid), attribute)
	for i, e := range rs.invalid {
		if i == shownPerList*2 {
			fmt.Fprintf(&b, "  ... and %d more\n", len(rs.invalid)-i)
			break
		}
		fmt.Fprintf(&b, "  - %s\n", recipientErrorText(e))
	}
	diags.AddAttributeError(path.Root(attribute), "Invalid WhatsApp Recipients", strings.TrimRight(b.String(), "\n"))
	return diags
}

// recipientErrorText words a recipient refused by whatsapp.CanonicalRecipient.
// It is the one place this resource words that error, so that it can take
// the provider's shared wording of RecipientError when there is one.
func recipientErrorText(e *whatsapp.RecipientError) string {
	switch e.Problem {
	case whatsapp.RecipientNotANumber:
		return fmt.Sprintf("%q is not a phone number or wa_id: use digits with an optional leading +; spaces, dashes, "+
			"dots and parentheses are allowed", e.Recipient)
	case whatsapp.RecipientNational:
		return fmt.Sprintf("%q starts with 0, as a number is dialled inside its country, and reaches nobody on "+
			"WhatsApp: write the country code first", e.Recipient)
	default:
		return fmt.Sprintf("%q has %d digits; a phone number in international form or a wa_id has %d to %d",
			e.Recipient, e.Digits, whatsapp.MinRecipientDigits, whatsapp.MaxRecipientDigits)
	}
}
