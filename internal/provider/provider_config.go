package provider

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// Environment variables, one per provider argument. Configuration wins over them.
const (
	envAPI                = "WHATSAPP_API"
	envBaseURL            = "WHATSAPP_BASE_URL"
	envAPIVersion         = "WHATSAPP_API_VERSION"
	envPhoneNumberID      = "WHATSAPP_PHONE_NUMBER_ID"
	envAccessToken        = "WHATSAPP_ACCESS_TOKEN"
	envUsername           = "WHATSAPP_USERNAME"
	envPassword           = "WHATSAPP_PASSWORD"
	envAuthHeader         = "WHATSAPP_AUTH_HEADER"
	envCACertPEM          = "WHATSAPP_CA_CERT_PEM"
	envInsecureSkipVerify = "WHATSAPP_INSECURE_SKIP_VERIFY"
	envRequestTimeout     = "WHATSAPP_REQUEST_TIMEOUT"
	envMaxRetries         = "WHATSAPP_MAX_RETRIES"
	envTemplateNamespace  = "WHATSAPP_TEMPLATE_NAMESPACE"
	envBusinessAccountID  = "WHATSAPP_BUSINESS_ACCOUNT_ID"
	envAppID              = "WHATSAPP_APP_ID"
)

const (
	apiCloud      = string(whatsapp.Cloud)
	apiOnPremises = string(whatsapp.OnPremises)
)

// lookupEnv is os.LookupEnv; tests hand in a map instead.
type lookupEnv func(string) (string, bool)

var osEnv lookupEnv = os.LookupEnv

// settings resolves each provider argument from the configuration, then the
// environment, and records problems on the argument they belong to.
type settings struct {
	env   lookupEnv
	diags diag.Diagnostics
}

// str returns the configured value, else the environment's, else "".
func (s *settings) str(attrName, envName string, v types.String) string {
	if !s.known(attrName, envName, v) {
		return ""
	}
	if !v.IsNull() {
		return v.ValueString()
	}
	envValue, _ := s.env(envName)
	return strings.TrimSpace(envValue)
}

// credential is str with surrounding whitespace removed from a configured value
// too: a token or password read with file() usually ends in a newline, which
// no credential holds and which an HTTP header cannot carry (it would fail
// every request with "invalid header field value").
func (s *settings) credential(attrName, envName string, v types.String) string {
	return strings.TrimSpace(s.str(attrName, envName, v))
}

// known reports whether v can be used now. Provider arguments are needed to plan,
// so a value that is only known after apply is an error naming the alternative.
func (s *settings) known(attrName, envName string, v attr.Value) bool {
	if !v.IsUnknown() {
		return true
	}
	s.diags.AddAttributeError(path.Root(attrName),
		"Unknown WhatsApp Provider Argument",
		fmt.Sprintf("The provider cannot be configured because %q is not known until apply. "+
			"Set it from a value known at plan time, or leave it out and set the %s environment variable.", attrName, envName))
	return false
}

func (s *settings) invalid(attrName, envName, value, problem string) {
	s.diags.AddAttributeError(path.Root(attrName),
		"Invalid WhatsApp Provider Argument",
		fmt.Sprintf("%q (or the %s environment variable) is %q: %s", attrName, envName, value, problem))
}

func (s *settings) missing(attrName, envName, why string) {
	s.diags.AddAttributeError(path.Root(attrName),
		"Missing WhatsApp Provider Argument",
		fmt.Sprintf("%s Set %q in the provider block or the %s environment variable.", why, attrName, envName))
}

// newClient turns the provider block and the environment into a client. It
// sends nothing: every problem it reports is found before any request is made.
func newClient(m providerModel, env lookupEnv, userAgent string) (*whatsapp.Client, diag.Diagnostics) {
	s := &settings{env: env}
	cfg := whatsapp.Config{
		BaseURL:       s.str("base_url", envBaseURL, m.BaseURL),
		APIVersion:    s.str("api_version", envAPIVersion, m.APIVersion),
		PhoneNumberID: s.str("phone_number_id", envPhoneNumberID, m.PhoneNumberID),
		AccessToken:   s.credential("access_token", envAccessToken, m.AccessToken),
		Username:      s.credential("username", envUsername, m.Username),
		Password:      s.credential("password", envPassword, m.Password),
		AuthHeader:    s.str("auth_header", envAuthHeader, m.AuthHeader),
		CACertPEM:     s.str("ca_cert_pem", envCACertPEM, m.CACertPEM),
		UserAgent:     userAgent,

		TemplateNamespace: s.str("template_namespace", envTemplateNamespace, m.TemplateNamespace),
		BusinessAccountID: s.str("business_account_id", envBusinessAccountID, m.BusinessAccountID),
		AppID:             s.str("app_id", envAppID, m.AppID),
	}
	api := s.str("api", envAPI, m.API)
	timeout := s.str("request_timeout", envRequestTimeout, m.RequestTimeout)
	insecure := s.boolean("insecure_skip_verify", envInsecureSkipVerify, m.InsecureSkipVerify)
	retries := s.integer("max_retries", envMaxRetries, m.MaxRetries, whatsapp.DefaultMaxRetries)
	cfg.MaxMessagesPerSecond = s.maxMessagesPerSecond(m.MaxMessagesPerSecond)
	if s.diags.HasError() {
		return nil, s.diags
	}
	cfg.InsecureSkipVerify = insecure
	cfg.MaxRetries = retries

	// Environment values get the same checks the schema gives configured ones.
	if cfg.BaseURL != "" {
		if problem := checkHTTPURL(cfg.BaseURL); problem != "" {
			s.invalid("base_url", envBaseURL, cfg.BaseURL, problem)
		}
	}
	if cfg.PhoneNumberID != "" {
		if problem := whatsapp.CheckPhoneNumberID(cfg.PhoneNumberID); problem != "" {
			s.invalid("phone_number_id", envPhoneNumberID, cfg.PhoneNumberID, problem+".")
		}
	}
	for _, id := range []struct{ attr, env, value string }{
		{"business_account_id", envBusinessAccountID, cfg.BusinessAccountID}, {"app_id", envAppID, cfg.AppID},
	} {
		if id.value != "" && !whatsapp.PhoneNumberIDPattern.MatchString(id.value) {
			s.invalid(id.attr, id.env, id.value, "it must be digits only, as the WhatsApp Manager or the App Dashboard shows it.")
		}
	}
	if cfg.APIVersion != "" && !whatsapp.APIVersionPattern.MatchString(cfg.APIVersion) {
		s.invalid("api_version", envAPIVersion, cfg.APIVersion, "it must look like v23.0.")
	}
	if timeout != "" {
		d, problem := parseTimeout(timeout)
		if problem != "" {
			s.invalid("request_timeout", envRequestTimeout, timeout, problem)
		}
		cfg.RequestTimeout = d
	}

	inferred := api == ""
	switch api {
	case apiCloud, apiOnPremises:
		cfg.Flavor = whatsapp.Flavor(api)
	case "":
		cfg.Flavor = whatsapp.FlavorFor(cfg.BaseURL, cfg.PhoneNumberID)
	default:
		s.invalid("api", envAPI, api, `it must be "cloud" or "on_premises".`)
		return nil, s.diags
	}

	checkFlavorArguments(s, cfg, inferred)
	if s.diags.HasError() {
		return nil, s.diags
	}

	cfg.Logger = maskingLogger{secrets: nonEmpty(cfg.AccessToken, cfg.Password)}
	client, err := whatsapp.New(cfg)
	if err != nil {
		var cfgErr *whatsapp.ConfigError
		if errors.As(err, &cfgErr) && attributeOfConfigField[cfgErr.Field] != "" {
			s.diags.AddAttributeError(path.Root(attributeOfConfigField[cfgErr.Field]),
				"Invalid WhatsApp Provider Argument", cfgErr.Message)
			return nil, s.diags
		}
		s.diags.AddError("Unable to Create WhatsApp API Client",
			"The provider arguments were accepted but the client could not be built: "+err.Error())
		return nil, s.diags
	}
	return client, s.diags
}

// attributeOfConfigField maps the client's ConfigError.Field to the provider
// argument a user has to change.
var attributeOfConfigField = map[string]string{
	"Flavor": "api", "BaseURL": "base_url", "APIVersion": "api_version", "PhoneNumberID": "phone_number_id",
	"AccessToken": "access_token", "Username": "username", "Password": "password", "AuthHeader": "auth_header",
	"CACertPEM": "ca_cert_pem", "RequestTimeout": "request_timeout", "MaxRetries": "max_retries",
}

// checkFlavorArguments reports the contradictions of the provider contract, each
// on the argument that has to change.
// inferred says api was left out, so an error also says how the API was
// chosen and how the other one would be: a Cloud user who forgot
// phone_number_id would otherwise read only about base_url and logins, and an
// On-Premises user who forgot base_url only about phone numbers.
func checkFlavorArguments(s *settings, cfg whatsapp.Config, inferred bool) {
	hasLogin := cfg.Username != "" || cfg.Password != ""
	assumed := ""
	switch {
	case inferred && cfg.Flavor == whatsapp.OnPremises:
		assumed = " (api is not set, base_url is not Meta's " + whatsapp.CloudHost + " and phone_number_id is not set, " +
			"so the On-Premises API was assumed; for the Cloud API set phone_number_id or " + envPhoneNumberID + ")"
	case inferred && cfg.BaseURL == "":
		assumed = " (api and base_url are not set, so Meta's Cloud API was assumed; for an On-Premises host or a " +
			"BSP gateway, set base_url to its address, or " + envBaseURL + ")"
	case inferred:
		assumed = " (api is not set and base_url is Meta's " + whatsapp.CloudHost + ", so the Cloud API was assumed)"
	}
	switch cfg.Flavor {
	case whatsapp.Cloud:
		if cfg.PhoneNumberID == "" {
			s.missing("phone_number_id", envPhoneNumberID,
				"The Cloud API sends and uploads on behalf of one business phone number, and none is set"+assumed+".")
		}
		if cfg.AccessToken == "" {
			s.missing("access_token", envAccessToken,
				"The Cloud API needs an access token (a system-user token); username and password work only On-Premises"+assumed+".")
		}
		if hasLogin {
			s.diags.AddAttributeWarning(path.Root("username"), "WhatsApp Login Ignored on the Cloud API",
				"username and password only apply to the On-Premises API; the Cloud API uses access_token.")
		}
		if cfg.TemplateNamespace != "" {
			s.diags.AddAttributeWarning(path.Root("template_namespace"), "WhatsApp Template Namespace Ignored",
				"template_namespace only applies to the On-Premises API; the Cloud API finds a template by its name.")
		}
		if cfg.AuthHeader != "" {
			s.diags.AddAttributeError(path.Root("auth_header"), "Invalid WhatsApp Provider Argument",
				"auth_header only applies to On-Premises or BSP gateways; the Cloud API takes a Bearer access_token. "+
					"Remove auth_header (or "+envAuthHeader+"), or set api = \"on_premises\".")
		}
	case whatsapp.OnPremises:
		if cfg.BaseURL == "" {
			s.missing("base_url", envBaseURL,
				"The On-Premises API runs on your own host or your BSP's, so its address must be given, e.g. https://wa.example.com:9090"+assumed+".")
		}
		if cfg.PhoneNumberID != "" {
			s.diags.AddAttributeWarning(path.Root("phone_number_id"), "WhatsApp Phone Number ID Ignored",
				"phone_number_id only applies to the Cloud API and is ignored because api is \"on_premises\".")
		}
		if cfg.APIVersion != "" {
			s.diags.AddAttributeWarning(path.Root("api_version"), "WhatsApp API Version Ignored",
				"api_version only applies to the Cloud API; the On-Premises API's paths start with /v1.")
		}
		switch {
		case cfg.AccessToken != "" && hasLogin:
			s.diags.AddAttributeWarning(path.Root("username"), "WhatsApp Login Ignored",
				"Both access_token and username/password are set; the provider uses access_token and does not log in.")
		case cfg.AccessToken == "" && !hasLogin:
			s.missing("access_token", envAccessToken,
				"The On-Premises API needs either a ready token, or username and password to log in with, and neither is set"+assumed+".")
		case cfg.AccessToken == "" && cfg.Username == "":
			s.missing("username", envUsername, "A password is set but no username to log in with.")
		case cfg.AccessToken == "" && cfg.Password == "":
			s.missing("password", envPassword, "A username is set but no password to log in with.")
		}
		if cfg.AuthHeader != "" && cfg.AccessToken == "" {
			s.missing("access_token", envAccessToken, "auth_header sends access_token in a custom header, and no access_token is set.")
		}
	}
}

func (s *settings) boolean(attrName, envName string, v types.Bool) bool {
	if !s.known(attrName, envName, v) {
		return false
	}
	if !v.IsNull() {
		return v.ValueBool()
	}
	raw, ok := s.env(envName)
	if !ok || strings.TrimSpace(raw) == "" {
		return false
	}
	b, err := strconv.ParseBool(strings.TrimSpace(raw))
	if err != nil {
		s.invalid(attrName, envName, raw, "it must be true or false.")
	}
	return b
}

func (s *settings) integer(attrName, envName string, v types.Int64, def int) int {
	if !s.known(attrName, envName, v) {
		return def
	}
	if !v.IsNull() {
		return int(v.ValueInt64())
	}
	raw, ok := s.env(envName)
	if !ok || strings.TrimSpace(raw) == "" {
		return def
	}
	n, err := strconv.Atoi(strings.TrimSpace(raw))
	if err != nil || n < 0 || n > whatsapp.MaxRetriesLimit {
		s.invalid(attrName, envName, raw, fmt.Sprintf("it must be a whole number from 0 to %d.", whatsapp.MaxRetriesLimit))
		return def
	}
	return n
}

func parseTimeout(raw string) (time.Duration, string) {
	d, err := time.ParseDuration(raw)
	if err != nil {
		return 0, `it must be a Go duration such as "60s" or "2m".`
	}
	if d <= 0 {
		return 0, "it must be longer than zero."
	}
	return d, ""
}

func nonEmpty(values ...string) []string {
	var out []string
	for _, v := range values {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// userAgent matches the pattern Meta's spec declares for User-Agent in every
// build, a dev build and a pre-release Terraform included (see whatsapp.UserAgent).
func userAgent(providerVersion, terraformVersion string) string {
	return whatsapp.UserAgent("terraform-provider-whatsapp", providerVersion, "Terraform", terraformVersion)
}

// max_messages_per_second: an optional ceiling on message sends. Below it the
// client paces sends by the API's throttling answers on its own.

const envMaxMessagesPerSecond = "WHATSAPP_MAX_MESSAGES_PER_SECOND"

// maxMessagesPerSecondDescription is the argument's documentation.
const maxMessagesPerSecondDescription = "The most message sends per second this provider makes, across all " +
	"`whatsapp_media_message` resources of the apply (`-parallelism` only sets how many run at once). " +
	"Unset, sends go as fast as the API accepts them: after the first throttling answer (429, or 503 on " +
	"On-Premises, or a Cloud throughput error) every send follows one shared pace learnt from the API's answers, " +
	"so parallel sends slow down and speed up together and a throttled send is never sent twice. Set it to stay " +
	"under a limit you know without a single throttling answer: Meta's Cloud API allows 80 messages per second " +
	"per business phone number by default (more after Meta raises it); a BSP gateway may allow less. " +
	"Must be more than 0; fractions such as `0.5` are allowed. Environment: `" + envMaxMessagesPerSecond + "`."

// positiveNumber rejects zero, negative and non-finite values.
type positiveNumber struct{}

func (positiveNumber) Description(context.Context) string { return "must be more than 0" }
func (v positiveNumber) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (positiveNumber) ValidateFloat64(_ context.Context, req validator.Float64Request, resp *validator.Float64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if n := req.ConfigValue.ValueFloat64(); !(n > 0) || math.IsInf(n, 0) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid WhatsApp Provider Argument",
			fmt.Sprintf("%s is %v: it must be a number of messages per second more than 0, e.g. 20. "+
				"Leave it out to send at the pace the API accepts.", req.Path, n))
	}
}

// maxMessagesPerSecond resolves the ceiling from the configuration, then the
// environment; 0 means none.
func (s *settings) maxMessagesPerSecond(v types.Float64) float64 {
	const attr = "max_messages_per_second"
	if !s.known(attr, envMaxMessagesPerSecond, v) {
		return 0
	}
	if !v.IsNull() {
		return v.ValueFloat64()
	}
	raw, ok := s.env(envMaxMessagesPerSecond)
	if !ok || strings.TrimSpace(raw) == "" {
		return 0
	}
	n, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil || !(n > 0) || math.IsInf(n, 0) {
		s.invalid(attr, envMaxMessagesPerSecond, raw, "it must be a number of messages per second more than 0, e.g. 20.")
		return 0
	}
	return n
}
