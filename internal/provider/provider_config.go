package provider

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/sendrecord"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
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
func (s *settings) str(a *providerArgument, v types.String) string {
	if !s.known(a, v) {
		return ""
	}
	if !v.IsNull() {
		return v.ValueString()
	}
	envValue, _ := s.env(a.env)
	return strings.TrimSpace(envValue)
}

// credential is str with surrounding whitespace removed from a configured value
// too: a token or password read with file() usually ends in a newline, which
// no credential holds and which an HTTP header cannot carry (it would fail
// every request with "invalid header field value").
func (s *settings) credential(a *providerArgument, v types.String) string {
	return strings.TrimSpace(s.str(a, v))
}

// known reports whether v can be used now. Provider arguments are needed to plan,
// so a value that is only known after apply is an error naming the alternative.
func (s *settings) known(a *providerArgument, v attr.Value) bool {
	if !v.IsUnknown() {
		return true
	}
	s.diags.AddAttributeError(path.Root(a.name),
		"Unknown WhatsApp Provider Argument",
		fmt.Sprintf("The provider cannot be configured because %q is not known until apply. "+
			"Set it from a value known at plan time, or leave it out and set the %s environment variable.", a.name, a.env))
	return false
}

func (s *settings) invalid(a *providerArgument, value, problem string) {
	s.diags.AddAttributeError(path.Root(a.name),
		"Invalid WhatsApp Provider Argument",
		fmt.Sprintf("%q (or the %s environment variable) is %q: %s", a.name, a.env, value, problem))
}

func (s *settings) missing(a *providerArgument, why string) {
	s.diags.AddAttributeError(path.Root(a.name),
		"Missing WhatsApp Provider Argument",
		fmt.Sprintf("%s Set %q in the provider block or the %s environment variable.", why, a.name, a.env))
}

// newClient turns the provider block and the environment into a client. It
// sends nothing: every problem it reports is found before any request is made.
func newClient(m providerModel, env lookupEnv, userAgent string) (*whatsapp.Client, diag.Diagnostics) {
	s := &settings{env: env}
	cfg := whatsapp.Config{
		BaseURL:       s.str(argBaseURL, m.BaseURL),
		APIVersion:    s.str(argAPIVersion, m.APIVersion),
		PhoneNumberID: s.str(argPhoneNumberID, m.PhoneNumberID),
		AccessToken:   s.credential(argAccessToken, m.AccessToken),
		Username:      s.credential(argUsername, m.Username),
		Password:      s.credential(argPassword, m.Password),
		AuthHeader:    s.str(argAuthHeader, m.AuthHeader),
		CACertPEM:     s.str(argCACertPEM, m.CACertPEM),
		UserAgent:     userAgent,

		TemplateNamespace: s.str(argTemplateNamespace, m.TemplateNamespace),
		BusinessAccountID: s.str(argBusinessAccountID, m.BusinessAccountID),
		AppID:             s.str(argAppID, m.AppID),
	}
	api := s.str(argAPI, m.API)
	timeout := s.str(argRequestTimeout, m.RequestTimeout)
	insecure := s.boolean(argInsecureSkipVerify, m.InsecureSkipVerify)
	retries := s.integer(argMaxRetries, m.MaxRetries, whatsapp.DefaultMaxRetries)
	cfg.MaxMessagesPerSecond = s.maxMessagesPerSecond(m.MaxMessagesPerSecond)
	if s.diags.HasError() {
		return nil, s.diags
	}
	cfg.InsecureSkipVerify = insecure
	cfg.MaxRetries = retries

	// Environment values get the same checks the schema gives configured ones.
	if cfg.BaseURL != "" {
		if problem := describeProblem(whatsapp.CheckHTTPURL(cfg.BaseURL), cfg.BaseURL); problem != "" {
			s.invalid(argBaseURL, cfg.BaseURL, problem)
		}
	}
	if cfg.PhoneNumberID != "" {
		if problem := describeProblem(whatsapp.CheckPhoneNumberID(cfg.PhoneNumberID), cfg.PhoneNumberID); problem != "" {
			s.invalid(argPhoneNumberID, cfg.PhoneNumberID, problem+".")
		}
	}
	for _, id := range []struct {
		arg   *providerArgument
		value string
	}{{argBusinessAccountID, cfg.BusinessAccountID}, {argAppID, cfg.AppID}} {
		if id.value != "" && !whatsapp.PhoneNumberIDPattern.MatchString(id.value) {
			s.invalid(id.arg, id.value, "it must be digits only, as the WhatsApp Manager or the App Dashboard shows it.")
		}
	}
	if cfg.APIVersion != "" && !whatsapp.APIVersionPattern.MatchString(cfg.APIVersion) {
		s.invalid(argAPIVersion, cfg.APIVersion, "it must look like v23.0.")
	}
	if timeout != "" {
		d, problem := parseTimeout(timeout)
		if problem != "" {
			s.invalid(argRequestTimeout, timeout, problem)
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
		s.invalid(argAPI, api, `it must be "cloud" or "on_premises".`)
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
		if errors.As(err, &cfgErr) && argumentOfConfigField(cfgErr.Field) != nil {
			s.diags.AddAttributeError(path.Root(argumentOfConfigField(cfgErr.Field).name),
				"Invalid WhatsApp Provider Argument", cfgErr.Message)
			return nil, s.diags
		}
		s.diags.AddError("Unable to Create WhatsApp API Client",
			"The provider arguments were accepted but the client could not be built: "+err.Error())
		return nil, s.diags
	}
	return client, s.diags
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
			s.missing(argPhoneNumberID,
				"The Cloud API sends and uploads on behalf of one business phone number, and none is set"+assumed+".")
		}
		if cfg.AccessToken == "" {
			s.missing(argAccessToken,
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
			s.missing(argBaseURL,
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
			s.missing(argAccessToken,
				"The On-Premises API needs either a ready token, or username and password to log in with, and neither is set"+assumed+".")
		case cfg.AccessToken == "" && cfg.Username == "":
			s.missing(argUsername, "A password is set but no username to log in with.")
		case cfg.AccessToken == "" && cfg.Password == "":
			s.missing(argPassword, "A username is set but no password to log in with.")
		}
		if cfg.AuthHeader != "" && cfg.AccessToken == "" {
			s.missing(argAccessToken, "auth_header sends access_token in a custom header, and no access_token is set.")
		}
	}
}

func (s *settings) boolean(a *providerArgument, v types.Bool) bool {
	if !s.known(a, v) {
		return false
	}
	if !v.IsNull() {
		return v.ValueBool()
	}
	raw, ok := s.env(a.env)
	if !ok || strings.TrimSpace(raw) == "" {
		return false
	}
	b, err := strconv.ParseBool(strings.TrimSpace(raw))
	if err != nil {
		s.invalid(a, raw, "it must be true or false.")
	}
	return b
}

func (s *settings) integer(a *providerArgument, v types.Int64, def int) int {
	if !s.known(a, v) {
		return def
	}
	if !v.IsNull() {
		return int(v.ValueInt64())
	}
	raw, ok := s.env(a.env)
	if !ok || strings.TrimSpace(raw) == "" {
		return def
	}
	n, err := strconv.Atoi(strings.TrimSpace(raw))
	if err != nil || n < 0 || n > whatsapp.MaxRetriesLimit {
		s.invalid(a, raw, fmt.Sprintf("it must be a whole number from 0 to %d.", whatsapp.MaxRetriesLimit))
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
	a := argMaxMessagesPerSecond
	if !s.known(a, v) {
		return 0
	}
	if !v.IsNull() {
		return v.ValueFloat64()
	}
	raw, ok := s.env(a.env)
	if !ok || strings.TrimSpace(raw) == "" {
		return 0
	}
	n, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil || !(n > 0) || math.IsInf(n, 0) {
		s.invalid(a, raw, "it must be a number of messages per second more than 0, e.g. 20.")
		return 0
	}
	return n
}

// newSendRecord resolves send_record_path and send_record_window; it returns
// nil when the record is off or the client could not be built. It opens
// nothing: the file is opened when a message first needs it.
func newSendRecord(m providerModel, env lookupEnv, client *whatsapp.Client) (*sendrecord.Record, diag.Diagnostics) {
	s := &settings{env: env}
	p := s.str(argSendRecordPath, m.SendRecordPath)
	rawWindow := s.str(argSendRecordWindow, m.SendRecordWindow)
	window := defaultSendRecordWindow
	if rawWindow != "" {
		d, problem := parseWindow(rawWindow)
		if problem != "" {
			s.invalid(argSendRecordWindow, rawWindow, problem)
		}
		window = d
	}
	if s.diags.HasError() || client == nil || window == 0 {
		return nil, s.diags
	}
	if p == "" {
		p = defaultSendRecordPath(env)
	}
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	return sendrecord.New(p, window, client.Sender()), s.diags
}

// defaultSendRecordPath is the record's place in Terraform's data directory,
// where Terraform runs the provider: one file per workspace, because each
// workspace has a state of its own, so the same message in two workspaces is
// two messages. The workspace is TF_WORKSPACE, else the one Terraform keeps
// in the data directory's "environment" file.
func defaultSendRecordPath(env lookupEnv) string {
	dataDir, ok := env("TF_DATA_DIR")
	if !ok || dataDir == "" {
		dataDir = ".terraform"
	}
	workspace, _ := env("TF_WORKSPACE")
	if workspace == "" {
		if data, err := os.ReadFile(filepath.Join(dataDir, "environment")); err == nil {
			workspace = strings.TrimSpace(string(data))
		}
	}
	if workspace == "" || workspace == "default" {
		return filepath.Join(dataDir, sendRecordFile)
	}
	return filepath.Join(dataDir, strings.TrimSuffix(sendRecordFile, ".log")+"."+filepath.Base(workspace)+".log")
}
