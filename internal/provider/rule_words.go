package provider

import (
	"fmt"
	"net/url"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// describeProblem words a rule the client's checks (whatsapp.Check*) found
// broken by value, for the attribute it came from: what is wrong and what
// to give instead. "" for whatsapp.NoProblem. The client names the rule; the
// words, like every sentence a user reads, are written here.
func describeProblem(p whatsapp.Problem, value string) string {
	switch p {
	case whatsapp.NoProblem:
		return ""
	case whatsapp.PhoneNumberIDIsPhoneNumber:
		return "it must be the phone number's ID (digits only, e.g. 106540352242922, from the WhatsApp Manager or " +
			"the App Dashboard's API Setup), not the phone number itself"
	case whatsapp.PhoneNumberIDNotDigits:
		return "it must be digits only (e.g. 106540352242922): the phone number ID from the WhatsApp Manager or " +
			"the App Dashboard's API Setup"
	case whatsapp.MediaIDEmpty:
		return "it is empty: give the ID of uploaded media, e.g. whatsapp_media.<name>.id"
	case whatsapp.MediaIDNotAnID:
		return "a media ID is a number (Cloud) or a UUID (On-Premises), without spaces, slashes, ?, # or %: " +
			"give the ID of uploaded media, e.g. whatsapp_media.<name>.id, not a path or URL (for a URL, use link)"
	case whatsapp.MediaProviderNameLength:
		return fmt.Sprintf("its length must be between 1 and %d, got: %d", whatsapp.MaxMediaProviderNameLength, len(value))
	case whatsapp.MediaProviderNameCharacters:
		return "it must contain only letters, digits, - and _"
	case whatsapp.URLNotParsed:
		_, err := url.Parse(value)
		return fmt.Sprintf("it is not a URL: %v", err)
	case whatsapp.URLNotHTTP:
		return "it must start with https:// (or http:// for a local server)"
	case whatsapp.URLNoHost:
		return "it has no host name"
	case whatsapp.URLFragment:
		return "it must not have a #fragment"
	case whatsapp.TemplateNameEmpty:
		return "it is empty: give the template's name, e.g. \"spring_launch\""
	case whatsapp.TemplateNameTooLong:
		return fmt.Sprintf("it has %d characters; a template name has at most %d", len(value), whatsapp.MaxTemplateNameLength)
	case whatsapp.TemplateNameCharacters:
		return "a template name holds only lowercase letters, digits and underscores, e.g. \"spring_launch\""
	case whatsapp.LanguageCodeForm:
		return "a template language is a code such as \"en\", \"en_US\" or \"pt_BR\" (language, then an optional " +
			"underscore and region), as the WhatsApp Manager lists it"
	}
	return fmt.Sprintf("it breaks a WhatsApp rule (problem %d)", p)
}
