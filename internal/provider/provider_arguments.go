package provider

import (
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// Environment variables, one per provider argument. Configuration wins over them.
const (
	envAPI                  = "WHATSAPP_API"
	envBaseURL              = "WHATSAPP_BASE_URL"
	envAPIVersion           = "WHATSAPP_API_VERSION"
	envPhoneNumberID        = "WHATSAPP_PHONE_NUMBER_ID"
	envAccessToken          = "WHATSAPP_ACCESS_TOKEN"
	envUsername             = "WHATSAPP_USERNAME"
	envPassword             = "WHATSAPP_PASSWORD"
	envAuthHeader           = "WHATSAPP_AUTH_HEADER"
	envCACertPEM            = "WHATSAPP_CA_CERT_PEM"
	envInsecureSkipVerify   = "WHATSAPP_INSECURE_SKIP_VERIFY"
	envRequestTimeout       = "WHATSAPP_REQUEST_TIMEOUT"
	envMaxRetries           = "WHATSAPP_MAX_RETRIES"
	envMaxMessagesPerSecond = "WHATSAPP_MAX_MESSAGES_PER_SECOND"
	envBusinessAccountID    = "WHATSAPP_BUSINESS_ACCOUNT_ID"
	envAppID                = "WHATSAPP_APP_ID"
	envTemplateNamespace    = "WHATSAPP_TEMPLATE_NAMESPACE"
	envSendRecordPath       = "WHATSAPP_SEND_RECORD_PATH"
	envSendRecordWindow     = "WHATSAPP_SEND_RECORD_WINDOW"
	envDeliveryStoreURL     = "WHATSAPP_DELIVERY_STORE_URL"
	envDeliveryStoreToken   = "WHATSAPP_DELIVERY_STORE_TOKEN"
)

// providerArgument is one row of the provider block: the attribute, the
// environment variable that stands in for it, its validator and its
// documentation. Schema builds the block from providerArguments, newClient
// resolves each value through its row, and the tests clear and check the
// environment from the same rows, so an argument added here is documented,
// read and tested everywhere at once.
type providerArgument struct {
	name        string
	env         string
	kind        argumentKind
	sensitive   bool
	validator   any    // a validator.String, validator.Int64 or validator.Float64 matching kind, or nil
	configField string // the whatsapp.Config field a ConfigError names for this argument, if any
	description string // Markdown; Schema appends the environment variable
}

type argumentKind int

const (
	kindString argumentKind = iota
	kindBool
	kindInt64
	kindFloat64
)

var (
	argAPI = &providerArgument{name: "api", env: envAPI, kind: kindString, configField: "Flavor",
		validator: stringvalidator.OneOf(apiCloud, apiOnPremises),
		description: "Which API to speak: `cloud` or `on_premises`. When left out it is `cloud` if " +
			"`phone_number_id` is set, if `base_url` is not set, or if `base_url` is on `graph.facebook.com`; " +
			"`on_premises` for any other `base_url`."}
	argBaseURL = &providerArgument{name: "base_url", env: envBaseURL, kind: kindString, configField: "BaseURL",
		validator: httpURLValidator,
		description: "Base URL of the API, e.g. `https://graph.facebook.com` (the Cloud default) or " +
			"`https://wa.example.com:9090` for an On-Premises or BSP host (required there). The provider adds " +
			"the version to every path, so the base URL must not end in one: `/v23.0` goes in `api_version`, " +
			"and On-Premises' `/v1` is added for you."}
	argAPIVersion = &providerArgument{name: "api_version", env: envAPIVersion, kind: kindString, configField: "APIVersion",
		validator:   apiVersionValidator(),
		description: "Cloud only: the Graph API version in request paths, default `v23.0`."}
	argPhoneNumberID = &providerArgument{name: "phone_number_id", env: envPhoneNumberID, kind: kindString, configField: "PhoneNumberID",
		validator: phoneNumberIDValidator,
		description: "Cloud only (required there): the business phone number ID that uploads and sends, " +
			"digits only (e.g. `106540352242922`, from the WhatsApp Manager or the App Dashboard's API Setup); " +
			"not the phone number itself."}
	argAccessToken = &providerArgument{name: "access_token", env: envAccessToken, kind: kindString, sensitive: true, configField: "AccessToken",
		description: "A Cloud access token (system-user token), or a ready On-Premises/BSP token. " +
			"Surrounding whitespace is removed, so `file(\"token.txt\")` works with its final newline."}
	argUsername = &providerArgument{name: "username", env: envUsername, kind: kindString, configField: "Username",
		description: "On-Premises only: the user the provider logs in as (`POST /v1/users/login`) " +
			"when no `access_token` is given; the token is renewed before it expires. Surrounding whitespace is removed."}
	argPassword = &providerArgument{name: "password", env: envPassword, kind: kindString, sensitive: true, configField: "Password",
		description: "On-Premises only: the password for `username`. Surrounding whitespace is removed " +
			"(a password read with `file()` keeps no final newline)."}
	argAuthHeader = &providerArgument{name: "auth_header", env: envAuthHeader, kind: kindString, configField: "AuthHeader",
		description: "On-Premises/BSP only: send `access_token` raw in this header (e.g. `D360-API-KEY`) " +
			"instead of `Authorization: Bearer`."}
	argCACertPEM = &providerArgument{name: "ca_cert_pem", env: envCACertPEM, kind: kindString, configField: "CACertPEM",
		description: "PEM certificate(s) of a private CA to trust besides the system roots, for a " +
			"self-hosted API."}
	argInsecureSkipVerify = &providerArgument{name: "insecure_skip_verify", env: envInsecureSkipVerify, kind: kindBool,
		description: "Skip TLS certificate verification. Only for tests against a throwaway host."}
	argRequestTimeout = &providerArgument{name: "request_timeout", env: envRequestTimeout, kind: kindString, configField: "RequestTimeout",
		validator:   durationValidator,
		description: "Time limit for one HTTP attempt, as a Go duration (`60s`, `2m`). Default `60s`."}
	argMaxRetries = &providerArgument{name: "max_retries", env: envMaxRetries, kind: kindInt64, configField: "MaxRetries",
		validator: int64validator.Between(0, whatsapp.MaxRetriesLimit),
		description: "How many times a call is retried when the API proved it did not take it " +
			"(throttling, connection refused) or, for calls that are safe to repeat (reads, deletes, media provider " +
			"writes, logins), on server errors, dropped connections and timeouts. Default `4`. " +
			"Message sends are never retried when they may have been accepted."}
	argMaxMessagesPerSecond = &providerArgument{name: "max_messages_per_second", env: envMaxMessagesPerSecond, kind: kindFloat64,
		validator: positiveNumber{},
		description: "The most message sends per second this provider makes, across all " +
			"`whatsapp_media_message` resources of the apply (`-parallelism` only sets how many run at once). " +
			"Unset, sends go as fast as the API accepts them: after the first throttling answer (429, or 503 on " +
			"On-Premises, or a Cloud throughput error) every send follows one shared pace learnt from the API's answers, " +
			"so parallel sends slow down and speed up together and a throttled send is never sent twice. Set it to stay " +
			"under a limit you know without a single throttling answer: Meta's Cloud API allows 80 messages per second " +
			"per business phone number by default (more after Meta raises it); a BSP gateway may allow less. " +
			"Must be more than 0; fractions such as `0.5` are allowed."}
	argBusinessAccountID = &providerArgument{name: "business_account_id", env: envBusinessAccountID, kind: kindString,
		validator: stringvalidator.RegexMatches(whatsapp.PhoneNumberIDPattern, "must be digits only, e.g. 102290129340398"),
		description: "Cloud only: the WhatsApp Business Account ID (WABA ID, digits) whose message templates " +
			"`whatsapp_message_template` manages and its data source reads, and to which `whatsapp_app_subscription` " +
			"subscribes the app; required by them, nothing else uses it."}
	argAppID = &providerArgument{name: "app_id", env: envAppID, kind: kindString,
		validator: stringvalidator.RegexMatches(whatsapp.PhoneNumberIDPattern, "must be digits only, e.g. 1200300400500600"),
		description: "Cloud only: the Meta app ID (digits) whose Resumable Upload API takes the example of a template's " +
			"media header (`whatsapp_message_template`'s `header_example`), and which `whatsapp_app_subscription` " +
			"subscribes (with the app secret in `" + envAppSecret + "` for its webhook); required only there."}
	argTemplateNamespace = &providerArgument{name: "template_namespace", env: envTemplateNamespace, kind: kindString,
		description: "On-Premises only: the business account's message template namespace (in the WhatsApp Manager), " +
			"used by every `whatsapp_media_message` with a `template` that names no `namespace` of its own. The " +
			"On-Premises API needs one for each template message; the Cloud API finds templates by name."}

	// The record of sends (media_message_send_record.go).
	argSendRecordPath = &providerArgument{name: "send_record_path", env: envSendRecordPath, kind: kindString,
		validator: stringvalidator.LengthAtLeast(1), description: sendRecordPathDescription}
	argSendRecordWindow = &providerArgument{name: "send_record_window", env: envSendRecordWindow, kind: kindString,
		validator: windowValidator, description: sendRecordWindowDescription}

	// The delivery store (delivery_store.go).
	argDeliveryStoreURL = &providerArgument{name: "delivery_store_url", env: envDeliveryStoreURL, kind: kindString,
		validator: httpURLValidator, description: deliveryStoreURLDescription}
	argDeliveryStoreToken = &providerArgument{name: "delivery_store_token", env: envDeliveryStoreToken, kind: kindString,
		sensitive: true, description: deliveryStoreTokenDescription}
)

// providerArguments is every argument of the provider block, in the order
// the documentation lists them.
var providerArguments = []*providerArgument{
	argAPI, argBaseURL, argAPIVersion, argPhoneNumberID, argAccessToken, argUsername, argPassword, argAuthHeader,
	argCACertPEM, argInsecureSkipVerify, argRequestTimeout, argMaxRetries, argMaxMessagesPerSecond,
	argBusinessAccountID, argAppID, argTemplateNamespace,
	argSendRecordPath, argSendRecordWindow,
	argDeliveryStoreURL, argDeliveryStoreToken,
}

// markdown is the argument's documentation with its environment variable.
func (a *providerArgument) markdown() string {
	return a.description + " Environment: `" + a.env + "`."
}

// attribute is the argument's schema attribute: optional, since the
// environment may give it instead.
func (a *providerArgument) attribute() schema.Attribute {
	switch a.kind {
	case kindBool:
		return schema.BoolAttribute{MarkdownDescription: a.markdown(), Optional: true, Sensitive: a.sensitive}
	case kindInt64:
		at := schema.Int64Attribute{MarkdownDescription: a.markdown(), Optional: true, Sensitive: a.sensitive}
		if v, ok := a.validator.(validator.Int64); ok {
			at.Validators = []validator.Int64{v}
		}
		return at
	case kindFloat64:
		at := schema.Float64Attribute{MarkdownDescription: a.markdown(), Optional: true, Sensitive: a.sensitive}
		if v, ok := a.validator.(validator.Float64); ok {
			at.Validators = []validator.Float64{v}
		}
		return at
	default:
		at := schema.StringAttribute{MarkdownDescription: a.markdown(), Optional: true, Sensitive: a.sensitive}
		if v, ok := a.validator.(validator.String); ok {
			at.Validators = []validator.String{v}
		}
		return at
	}
}

// providerAttributes is the provider block's schema, one attribute per row.
func providerAttributes() map[string]schema.Attribute {
	attrs := make(map[string]schema.Attribute, len(providerArguments))
	for _, a := range providerArguments {
		attrs[a.name] = a.attribute()
	}
	return attrs
}

// argumentOfConfigField is the argument a user has to change when the
// client's ConfigError names field, or nil.
func argumentOfConfigField(field string) *providerArgument {
	for _, a := range providerArguments {
		if a.configField != "" && a.configField == field {
			return a
		}
	}
	return nil
}

// The record of sends' arguments (send_record.go words what becomes of it).

const (
	// sendRecordFile is the record's name inside Terraform's data directory.
	sendRecordFile = "whatsapp-send-record.log"
	// defaultSendRecordWindow covers a crash on Friday evening applied again on Monday.
	defaultSendRecordWindow = 7 * 24 * time.Hour
)

const sendRecordPathDescription = "Where the provider keeps its record of sends: before each message send it writes " +
	"(and flushes to disk) what it is about to send, and after the answer the message ID. When Terraform loses the " +
	"state that should hold a sent message (killed while rewriting its state file, a CI job killed mid-apply), the " +
	"next plan finds the send in this record, says so, and adopts the recorded message ID instead of sending the " +
	"message again. Default: `" + sendRecordFile + "` in Terraform's data directory (`TF_DATA_DIR`, by default " +
	"`.terraform` in the working directory), `whatsapp-send-record.<workspace>.log` in a workspace other than " +
	"`default`. A CI runner whose disk goes away with the job loses the record too: " +
	"point it at a persistent path there. Several runs may share one file."

const sendRecordWindowDescription = "How long a recorded send can be adopted, as a Go duration (`168h`, the " +
	"default, is 7 days). A recorded send older than this is never adopted (the next apply sends the message) " +
	"and is dropped from the record. `0s` turns the record off: nothing is written or read. With " +
	"`delivery_store_url`, a send is also found by its statuses for as long as the receiver keeps them " +
	"(`-retention`): keep that at least this long (guide \"Sends after a crash\")."

// windowValidator checks send_record_window.
var windowValidator = stringCheck{
	description: "a Go duration of 0 or more, e.g. 168h; 0s turns the record of sends off",
	summary:     "Invalid WhatsApp Provider Argument",
	problem: func(v string) string {
		if _, problem := parseWindow(v); problem != "" {
			return fmt.Sprintf("send_record_window is %q: %s", v, problem)
		}
		return ""
	},
}

func parseWindow(raw string) (time.Duration, string) {
	d, err := time.ParseDuration(raw)
	if err != nil {
		return 0, `it must be a Go duration such as "168h" or "24h", or "0s" to turn the record of sends off.`
	}
	if d < 0 {
		return 0, `it must not be negative; "0s" turns the record of sends off.`
	}
	return d, ""
}
