package provider

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The recipient rule is whatsapp.CanonicalRecipient's; this file words its
// answer for users, once, for every place that checks a recipient: the `to`
// validator (plan time), checkBeforeSend (values known only at apply) and the
// normalize_recipient and normalize_recipients functions. So all of them fail
// with the same words.

// canonicalRecipient returns the canonical form of to (its digits), or ""
// and what is wrong with it, worded for users.
func canonicalRecipient(to string) (canonical, problem string) {
	canonical, err := whatsapp.CanonicalRecipient(to)
	if err == nil {
		return canonical, ""
	}
	var re *whatsapp.RecipientError
	if !errors.As(err, &re) {
		return "", err.Error()
	}
	return "", recipientErrorDetail(re)
}

// recipientErrorDetail says what is wrong with a recipient and how to write it.
func recipientErrorDetail(re *whatsapp.RecipientError) string {
	var why string
	switch re.Problem {
	case whatsapp.RecipientNational:
		why = "it starts with 0, which is how a number is dialled inside its country and reaches nobody on " +
			`WhatsApp: write the country code first, e.g. "+49 151 12345678" instead of "0151 12345678".`
		if strings.HasPrefix(strings.TrimLeft(re.Recipient, " ("), "00") {
			why += ` If 00 is the international prefix here, write + instead: "+49 151 12345678" for "0049 151 12345678".`
		}
	case whatsapp.RecipientDigitCount:
		why = fmt.Sprintf("it has %d digits; a phone number in international form (country code first) or a wa_id has %d to %d.",
			re.Digits, whatsapp.MinRecipientDigits, whatsapp.MaxRecipientDigits)
	default:
		why = "use digits with an optional leading +; spaces, dashes, dots and parentheses are allowed, " +
			`e.g. "+1 631-555-1001" or "16315551001".`
	}
	return fmt.Sprintf("%q is not a phone number or wa_id: %s", re.Recipient, why)
}

// recipientProblem is the error detail for a recipient that the rule refuses, or "".
func recipientProblem(to string) string {
	_, problem := canonicalRecipient(to)
	return problem
}

// recipientValidator checks `to` at plan time.
var recipientValidator = stringCheck{
	description: fmt.Sprintf("must be a phone number (E.164, with or without +) or a wa_id with %d to %d digits",
		whatsapp.MinRecipientDigits, whatsapp.MaxRecipientDigits),
	summary: "Invalid WhatsApp Recipient",
	problem: recipientProblem,
}

// recipientFuncError is a refusal as a function's argument error. The CLI
// ends that message with a period of its own, so the detail's goes.
func recipientFuncError(detail string) *function.FuncError {
	return function.NewArgumentFuncError(0, strings.TrimSuffix(detail, "."))
}
