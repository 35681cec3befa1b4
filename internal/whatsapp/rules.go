package whatsapp

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// The WhatsApp rules the provider, mediafile and this client share. Each has
// its one owner here (the media types and sizes are in media_table.go);
// API.md in this package gives their sources. The sandbox keeps its own copy
// on purpose, as a second reading of the documentation, and its tests check
// that copy against the same facts.

// Flavor selects which WhatsApp API the client speaks. The provider's `api`
// argument takes the same two values.
type Flavor string

const (
	// Cloud is Meta's hosted Cloud API: /{version}/{phone-number-id}/...
	Cloud Flavor = "cloud"
	// OnPremises is the "v1" API: /v1/users/login, /v1/media, /v1/messages.
	OnPremises Flavor = "on_premises"
)

// CloudHost is where Meta serves the Cloud API.
const CloudHost = "graph.facebook.com"

// FlavorFor is the flavor when none is configured. A phone number ID exists
// only on the Cloud API; no base URL, or one on graph.facebook.com, is Meta's
// Cloud API; any other address is a host speaking the On-Premises API (a
// business's own, or a BSP gateway's).
func FlavorFor(baseURL, phoneNumberID string) Flavor {
	if phoneNumberID != "" || strings.TrimSpace(baseURL) == "" || IsCloudHost(baseURL) {
		return Cloud
	}
	return OnPremises
}

// IsCloudHost reports whether baseURL points at Meta's Cloud API host.
func IsCloudHost(baseURL string) bool {
	u, err := url.Parse(strings.TrimSpace(baseURL))
	return err == nil && strings.EqualFold(u.Hostname(), CloudHost)
}

// PhoneNumberIDPattern is the form of a Cloud phone number ID: digits only
// (Meta's OpenAPI spec gives ^[0-9]+$). It ends up in every request path, and
// the usual mistake is to give the phone number itself ("+49 170 ..."), which
// this catches before anything is sent.
var PhoneNumberIDPattern = regexp.MustCompile(`^[0-9]+$`)

// Problem names the rule a value breaks. The Check functions return one
// (NoProblem when the value is fine), and the provider words it for the
// attribute the value came from, as it words a RecipientError: this package
// states facts and writes no advice.
type Problem int

const (
	NoProblem Problem = iota
	// PhoneNumberIDIsPhoneNumber: a phone number was given where its ID belongs.
	PhoneNumberIDIsPhoneNumber
	// PhoneNumberIDNotDigits: anything else that is not digits only.
	PhoneNumberIDNotDigits
	// MediaIDEmpty: no media ID.
	MediaIDEmpty
	// MediaIDNotAnID: a space, slash, ?, # or %: a pasted path, URL or
	// sentence, which would change the request path it goes in.
	MediaIDNotAnID
	// MediaProviderNameLength: empty, or over MaxMediaProviderNameLength.
	MediaProviderNameLength
	// MediaProviderNameCharacters: outside MediaProviderNamePattern.
	MediaProviderNameCharacters
	// URLNotParsed: not a URL at all.
	URLNotParsed
	// URLNotHTTP: a scheme other than http or https.
	URLNotHTTP
	// URLNoHost: no host.
	URLNoHost
	// URLFragment: a #fragment, which a URL WhatsApp calls must not have.
	URLFragment
	// TemplateNameEmpty: no template name.
	TemplateNameEmpty
	// TemplateNameTooLong: over MaxTemplateNameLength.
	TemplateNameTooLong
	// TemplateNameCharacters: outside TemplateNamePattern.
	TemplateNameCharacters
	// LanguageCodeForm: outside LanguageCodePattern.
	LanguageCodeForm
)

// CheckPhoneNumberID says which rule a phone number ID breaks.
func CheckPhoneNumberID(id string) Problem {
	switch {
	case PhoneNumberIDPattern.MatchString(id):
		return NoProblem
	case RecipientPattern.MatchString(id) && strings.ContainsAny(id, "+ -()."):
		return PhoneNumberIDIsPhoneNumber
	}
	return PhoneNumberIDNotDigits
}

// CheckMediaID says which rule a media ID breaks. Media IDs are numbers on
// Cloud and UUIDs On-Premises; gateways pass them through. The check is only
// as strict as needed to catch what is surely not an ID (a pasted path, URL
// or sentence) before it is sent: an ID goes in a request path, where a
// space, slash, ?, # or % would change what is asked for.
func CheckMediaID(id string) Problem {
	switch {
	case id == "":
		return MediaIDEmpty
	case strings.ContainsFunc(id, func(r rune) bool { return r <= ' ' || r == 0x7f || strings.ContainsRune("/?#%", r) }):
		return MediaIDNotAnID
	}
	return NoProblem
}

// CheckHTTPURL says which rule an http(s) URL breaks: the one check of a URL
// WhatsApp or the client calls (a link, a base URL, a webhook).
func CheckHTTPURL(raw string) Problem {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return URLNotParsed
	case u.Scheme != "https" && u.Scheme != "http":
		return URLNotHTTP
	case u.Host == "":
		return URLNoHost
	}
	return NoProblem
}

// versionSegment is a path segment naming an API version ("v23.0", "v1"):
// the client adds it to every path itself, so a base URL must not end in one.
var versionSegment = regexp.MustCompile(`^v[0-9]+(\.[0-9]+)?$`)

// checkBaseURLPath says what is wrong with the path of a base URL, or "".
// The client adds the version to every path (Cloud: /v23.0 from APIVersion;
// On-Premises: /v1), so a base URL ending in one would double it. Any other
// path is kept as a prefix, for a gateway or proxy that serves the API below one.
func checkBaseURLPath(flavor Flavor, path string) string {
	segments := strings.Split(strings.Trim(path, "/"), "/")
	last := segments[len(segments)-1]
	switch {
	case !versionSegment.MatchString(last):
		return ""
	case flavor == Cloud:
		return fmt.Sprintf("the Cloud API's base URL is the host, e.g. %q: the version %q goes in api_version, "+
			"and the provider adds it to every path", DefaultCloudBaseURL, last)
	default:
		return fmt.Sprintf("the On-Premises API's paths start with /v1, which the provider adds: remove %q from the base URL", "/"+last)
	}
}

// APIVersionPattern is the form of a Graph API version, e.g. "v23.0". The
// version ends up in the URL path, so nothing else may pass.
var APIVersionPattern = regexp.MustCompile(`^v[0-9]+\.[0-9]+$`)

// The message types a media message can have. The type is also a key of the
// request body, so only these may be used.
const (
	TypeAudio    = "audio"
	TypeDocument = "document"
	TypeImage    = "image"
	TypeSticker  = "sticker"
	TypeVideo    = "video"
)

// MediaMessageTypes lists the media message types, sorted.
func MediaMessageTypes() []string {
	return []string{TypeAudio, TypeDocument, TypeImage, TypeSticker, TypeVideo}
}

// IsMediaMessageType reports whether typ is one of MediaMessageTypes.
func IsMediaMessageType(typ string) bool {
	switch typ {
	case TypeAudio, TypeDocument, TypeImage, TypeSticker, TypeVideo:
		return true
	}
	return false
}

// The field table of a media message: which types take which optional field.

// TakesCaption reports whether a message of type typ may carry a caption:
// image, video and document do; audio and sticker do not.
func TakesCaption(typ string) bool {
	return typ == TypeImage || typ == TypeVideo || typ == TypeDocument
}

// TakesFilename reports whether a message of type typ may carry a filename:
// only documents do.
func TakesFilename(typ string) bool { return typ == TypeDocument }

// MaxCaptionLength is the longest caption, in characters.
const MaxCaptionLength = 1024

// Recipient types; a message without one goes to an individual.
const (
	RecipientIndividual = "individual"
	RecipientGroup      = "group"
)

// RecipientTypes lists the recipient types, the default first.
func RecipientTypes() []string { return []string{RecipientIndividual, RecipientGroup} }

// RecipientPattern is how people write a recipient (a phone number or a
// wa_id): an optional leading +, then digits and the separators phone numbers
// are written with (spaces, dashes, dots, parentheses).
var RecipientPattern = regexp.MustCompile(`^\+?[0-9 ().-]+$`)

// A recipient's digit count: E.164 has at most 15 digits; 6 is lenient enough
// for short national numbers and wa_ids while catching obvious typos.
const (
	MinRecipientDigits = 6
	MaxRecipientDigits = 15
)

// RecipientDigits drops the formatting from a recipient: +, spaces, dashes,
// dots and parentheses carry no meaning, so "+49 170 1223002" and
// "491701223002" are one recipient with the digits "491701223002".
func RecipientDigits(to string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune("+ -.()", r) {
			return -1
		}
		return r
	}, to)
}

// SameRecipient reports whether a and b name one recipient, maybe written in
// two formats: both are valid and have one canonical form.
func SameRecipient(a, b string) bool {
	ca, errA := CanonicalRecipient(a)
	cb, errB := CanonicalRecipient(b)
	return errA == nil && errB == nil && ca == cb
}

// RecipientProblem is what makes a written recipient unusable; the provider
// words it for the attribute it came from.
type RecipientProblem int

const (
	// RecipientNotANumber: a character other than digits and formatting.
	RecipientNotANumber RecipientProblem = iota + 1
	// RecipientNational: the number starts with 0 (written as dialled
	// inside its country), so it reaches nobody.
	RecipientNational
	// RecipientDigitCount: fewer than MinRecipientDigits or more than
	// MaxRecipientDigits digits.
	RecipientDigitCount
)

// RecipientError says why CanonicalRecipient refused a recipient.
type RecipientError struct {
	Recipient string           // as written
	Problem   RecipientProblem // which rule it breaks
	Digits    int              // how many digits it has
}

func (e *RecipientError) Error() string {
	switch e.Problem {
	case RecipientNotANumber:
		return fmt.Sprintf("%q is not a phone number or wa_id", e.Recipient)
	case RecipientNational:
		return fmt.Sprintf("%q starts with 0 (a national number)", e.Recipient)
	default:
		return fmt.Sprintf("%q has %d digits, not %d to %d", e.Recipient, e.Digits, MinRecipientDigits, MaxRecipientDigits)
	}
}

// CanonicalRecipient is the one rule for a recipient: it returns the form
// that identifies a person (the digits alone, as WhatsApp writes a wa_id and
// every status's recipient_id), or a *RecipientError. Two ways of writing one
// number have one canonical form.
func CanonicalRecipient(to string) (string, error) {
	if !RecipientPattern.MatchString(to) {
		return "", &RecipientError{Recipient: to, Problem: RecipientNotANumber}
	}
	digits := RecipientDigits(to)
	if strings.HasPrefix(digits, "0") { // a country code never starts with 0
		return "", &RecipientError{Recipient: to, Problem: RecipientNational, Digits: len(digits)}
	}
	if len(digits) < MinRecipientDigits || len(digits) > MaxRecipientDigits {
		return "", &RecipientError{Recipient: to, Problem: RecipientDigitCount, Digits: len(digits)}
	}
	return digits, nil
}

// Media provider names (On-Premises): letters, digits, - and _, at most
// MaxMediaProviderNameLength characters.
var MediaProviderNamePattern = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// MaxMediaProviderNameLength is the longest media provider name.
const MaxMediaProviderNameLength = 200

// CheckMediaProviderName says which rule a media provider name breaks: the
// one rule for a name, where a provider is defined, where a message names it
// and where one is imported.
func CheckMediaProviderName(name string) Problem {
	switch {
	case name == "" || len(name) > MaxMediaProviderNameLength:
		return MediaProviderNameLength
	case !MediaProviderNamePattern.MatchString(name):
		return MediaProviderNameCharacters
	}
	return NoProblem
}

// The Cloud error codes that mean "throttled": the API did nothing and asks
// for fewer requests, so any call, a send included, is retried after a wait
// (retry.go). Two kinds, because only one says how fast this number may send:
//
//   - cloudThroughputCodes, throughput limits: 4 (the app's rate limit),
//     80007 (the WhatsApp Business Account's) and 130429 (the phone number's).
//     The shared pace (pace.go) learns the API's rate from these.
//   - cloudRecipientLimitCodes, limits on whom the number sends to: 131048
//     (spam: too many messages blocked or reported) and 131056 (too many
//     messages to one recipient). They say nothing about how fast the number
//     may send to others, so the pace ignores them.
var (
	cloudThroughputCodes     = map[int]bool{4: true, 80007: true, 130429: true}
	cloudRecipientLimitCodes = map[int]bool{131048: true, 131056: true}
)

// isCloudThrottled reports whether a Cloud error code means "throttled":
// 4, 80007, 130429, 131048 or 131056.
func isCloudThrottled(code int) bool {
	return cloudThroughputCodes[code] || cloudRecipientLimitCodes[code]
}

// Webhooks (API.md, "Webhooks and statuses").

// CodeCallbackVerificationFailed is the Cloud error of a webhook override
// whose URL did not answer Meta's verification challenge.
const CodeCallbackVerificationFailed = 2200

// IsCallbackVerificationFailed reports whether err is that error.
func IsCallbackVerificationFailed(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.Code == CodeCallbackVerificationFailed
}

// MaxCallbackDataLength is the longest biz_opaque_callback_data, in characters.
const MaxCallbackDataLength = 512

// CheckWebhookURL says which rule a webhook URL breaks: WhatsApp calls it,
// so it must be absolute http(s) without a fragment. Meta's Cloud API and
// most gateways also want https with a valid certificate; that is the
// server's to refuse (a local test receiver may use http).
func CheckWebhookURL(raw string) Problem {
	if p := CheckHTTPURL(raw); p != NoProblem {
		return p
	}
	if u, _ := url.Parse(raw); u.Fragment != "" {
		return URLFragment
	}
	return NoProblem
}

// Name is how people write the flavor: "Cloud" or "On-Premises".
func (f Flavor) Name() string {
	if f == OnPremises {
		return "On-Premises"
	}
	return "Cloud"
}

// Template messages (API.md, "Template messages"): the way to reach a customer
// outside the 24-hour window. This provider sends templates whose header
// carries media.

// TypeTemplate is the message type of a template message.
const TypeTemplate = "template"

// TemplateHeaderTypes lists the media a template header can carry, sorted:
// no audio or sticker headers exist.
func TemplateHeaderTypes() []string { return []string{TypeDocument, TypeImage, TypeVideo} }

// IsTemplateHeaderType reports whether a template header can carry media of
// message type typ.
func IsTemplateHeaderType(typ string) bool {
	return typ == TypeImage || typ == TypeVideo || typ == TypeDocument
}

// TemplateHeaderTakesCaption is the rule that a template header's media has
// no caption: the text a recipient reads is the template's body.
const TemplateHeaderTakesCaption = false

// TemplateNeedsNamespace reports whether flavor finds a template by its
// namespace and name (On-Premises); Cloud finds it by name in the phone
// number's business account and takes no namespace.
func TemplateNeedsNamespace(flavor Flavor) bool { return flavor == OnPremises }

// TemplateNamePattern is the form of a template name: lowercase letters,
// digits and underscores, at most MaxTemplateNameLength characters.
var TemplateNamePattern = regexp.MustCompile(`^[a-z0-9_]+$`)

// MaxTemplateNameLength is the longest template name.
const MaxTemplateNameLength = 512

// LanguageCodePattern is the form of a template language: a language code,
// optionally with a region ("en", "en_US", "pt_BR", "fil").
var LanguageCodePattern = regexp.MustCompile(`^[a-z]{2,3}(_[A-Z]{2})?$`)

// LanguagePolicyDeterministic is the only language policy: the template is
// rendered in exactly the language asked for. On-Premises requires it; it is
// sent on Cloud too, where Meta's spec declares it required.
const LanguagePolicyDeterministic = "deterministic"

// Template button kinds that take a parameter when sent: a quick reply
// button's payload, a URL button's dynamic suffix.
const (
	ButtonQuickReply = "quick_reply"
	ButtonURL        = "url"
)

// TemplateButtonSubTypes lists the button kinds a send can fill in.
func TemplateButtonSubTypes() []string { return []string{ButtonQuickReply, ButtonURL} }

// MaxTemplateButtonIndex is the highest button position (0 to 9).
const MaxTemplateButtonIndex = 9

// MaxTemplateParameterLength is the longest text parameter Meta's spec allows.
const MaxTemplateParameterLength = 32768

// CheckTemplateName says which rule a template name breaks.
func CheckTemplateName(name string) Problem {
	switch {
	case name == "":
		return TemplateNameEmpty
	case len(name) > MaxTemplateNameLength:
		return TemplateNameTooLong
	case !TemplateNamePattern.MatchString(name):
		return TemplateNameCharacters
	}
	return NoProblem
}

// CheckLanguageCode says which rule a template language code breaks.
func CheckLanguageCode(code string) Problem {
	if LanguageCodePattern.MatchString(code) {
		return NoProblem
	}
	return LanguageCodeForm
}

// CountPlaceholders counts the distinct variables {{1}}, {{2}}, ... of
// template text: a send fills each with one parameter.
func CountPlaceholders(text string) int {
	seen := map[string]bool{}
	for _, m := range placeholderPattern.FindAllStringSubmatch(text, -1) {
		seen[m[1]] = true
	}
	return len(seen)
}

var placeholderPattern = regexp.MustCompile(`\{\{\s*([0-9]+)\s*\}\}`)

// ParameterNamePattern is the form of a NAMED template's variable, as in
// {{first_name}}: lowercase letters, digits and underscores, starting with a
// letter or an underscore.
var ParameterNamePattern = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

var namedPlaceholderPattern = regexp.MustCompile(`\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}`)

// PlaceholderNames lists the distinct named variables {{first_name}}, ... of
// a NAMED template's text, in the order they first appear: a send fills each
// with the parameter of that parameter_name.
func PlaceholderNames(text string) []string {
	var names []string
	seen := map[string]bool{}
	for _, m := range namedPlaceholderPattern.FindAllStringSubmatch(text, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			names = append(names, m[1])
		}
	}
	return names
}

// CountBodyParameters counts the variables a send fills in a body of this
// parameter format: named ones for ParameterFormatNamed, {{1}}, {{2}}, ...
// otherwise.
func CountBodyParameters(parameterFormat, text string) int {
	if parameterFormat == ParameterFormatNamed {
		return len(PlaceholderNames(text))
	}
	return CountPlaceholders(text)
}
