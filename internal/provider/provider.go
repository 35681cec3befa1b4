// Package provider is the Terraform layer: it maps HCL schemas onto the WhatsApp
// API client in internal/whatsapp and turns client errors into diagnostics.
package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// Address is the provider's registry address; users write source = "sandeshlive/whatsapp".
const Address = "registry.terraform.io/sandeshlive/whatsapp"

var _ provider.Provider = (*whatsappProvider)(nil)

// New returns the provider factory main.go and the tests serve.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &whatsappProvider{version: version}
	}
}

type whatsappProvider struct {
	version string
}

// providerModel mirrors the provider block.
type providerModel struct {
	API                types.String `tfsdk:"api"`
	BaseURL            types.String `tfsdk:"base_url"`
	APIVersion         types.String `tfsdk:"api_version"`
	PhoneNumberID      types.String `tfsdk:"phone_number_id"`
	AccessToken        types.String `tfsdk:"access_token"`
	Username           types.String `tfsdk:"username"`
	Password           types.String `tfsdk:"password"`
	AuthHeader         types.String `tfsdk:"auth_header"`
	CACertPEM          types.String `tfsdk:"ca_cert_pem"`
	InsecureSkipVerify types.Bool   `tfsdk:"insecure_skip_verify"`
	RequestTimeout     types.String `tfsdk:"request_timeout"`
	MaxRetries         types.Int64  `tfsdk:"max_retries"`

	// rate_ceiling.go
	MaxMessagesPerSecond types.Float64 `tfsdk:"max_messages_per_second"`
	TemplateNamespace    types.String  `tfsdk:"template_namespace"`
	BusinessAccountID    types.String  `tfsdk:"business_account_id"`
	AppID                types.String  `tfsdk:"app_id"`
}

func (p *whatsappProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "whatsapp"
	resp.Version = p.version
}

func (p *whatsappProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The WhatsApp provider uploads media and sends media messages through the WhatsApp " +
			"Business API, either Meta's **Cloud API** or the **On-Premises** (\"v1\") API that BSP gateways still speak. " +
			"Every argument can also come from an environment variable; a value in the configuration wins over the environment.",
		Attributes: map[string]schema.Attribute{
			"api": schema.StringAttribute{
				MarkdownDescription: "Which API to speak: `cloud` or `on_premises`. When left out it is `cloud` if " +
					"`phone_number_id` is set, if `base_url` is not set, or if `base_url` is on `graph.facebook.com`; " +
					"`on_premises` for any other `base_url`. Environment: `" + envAPI + "`.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(apiCloud, apiOnPremises)},
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "Base URL of the API, e.g. `https://graph.facebook.com` (the Cloud default) or " +
					"`https://wa.example.com:9090` for an On-Premises or BSP host (required there). The provider adds " +
					"the version to every path, so the base URL must not end in one: `/v23.0` goes in `api_version`, " +
					"and On-Premises' `/v1` is added for you. Environment: `" + envBaseURL + "`.",
				Optional:   true,
				Validators: []validator.String{httpURLValidator},
			},
			"api_version": schema.StringAttribute{
				MarkdownDescription: "Cloud only: the Graph API version in request paths, default `v23.0`. Environment: `" + envAPIVersion + "`.",
				Optional:            true,
				Validators:          []validator.String{apiVersionValidator()},
			},
			"phone_number_id": schema.StringAttribute{
				MarkdownDescription: "Cloud only (required there): the business phone number ID that uploads and sends, " +
					"digits only (e.g. `106540352242922`, from the WhatsApp Manager or the App Dashboard's API Setup); " +
					"not the phone number itself. Environment: `" + envPhoneNumberID + "`.",
				Optional:   true,
				Validators: []validator.String{phoneNumberIDValidator},
			},
			"access_token": schema.StringAttribute{
				MarkdownDescription: "A Cloud access token (system-user token), or a ready On-Premises/BSP token. " +
					"Surrounding whitespace is removed, so `file(\"token.txt\")` works with its final newline. " +
					"Environment: `" + envAccessToken + "`.",
				Optional:  true,
				Sensitive: true,
			},
			"username": schema.StringAttribute{
				MarkdownDescription: "On-Premises only: the user the provider logs in as (`POST /v1/users/login`) " +
					"when no `access_token` is given; the token is renewed before it expires. Surrounding whitespace is removed. " +
					"Environment: `" + envUsername + "`.",
				Optional: true,
			},
			"password": schema.StringAttribute{
				MarkdownDescription: "On-Premises only: the password for `username`. Surrounding whitespace is removed " +
					"(a password read with `file()` keeps no final newline). Environment: `" + envPassword + "`.",
				Optional:  true,
				Sensitive: true,
			},
			"auth_header": schema.StringAttribute{
				MarkdownDescription: "On-Premises/BSP only: send `access_token` raw in this header (e.g. `D360-API-KEY`) " +
					"instead of `Authorization: Bearer`. Environment: `" + envAuthHeader + "`.",
				Optional: true,
			},
			"ca_cert_pem": schema.StringAttribute{
				MarkdownDescription: "PEM certificate(s) of a private CA to trust besides the system roots, for a " +
					"self-hosted API. Environment: `" + envCACertPEM + "`.",
				Optional: true,
			},
			"insecure_skip_verify": schema.BoolAttribute{
				MarkdownDescription: "Skip TLS certificate verification. Only for tests against a throwaway host. " +
					"Environment: `" + envInsecureSkipVerify + "`.",
				Optional: true,
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: "Time limit for one HTTP attempt, as a Go duration (`60s`, `2m`). Default `60s`. " +
					"Environment: `" + envRequestTimeout + "`.",
				Optional:   true,
				Validators: []validator.String{durationValidator},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: "How many times a call is retried when the API proved it did not take it " +
					"(throttling, connection refused) or, for calls that are safe to repeat (reads, deletes, media provider " +
					"writes, logins), on server errors, dropped connections and timeouts. Default `4`. " +
					"Message sends are never retried when they may have been accepted. Environment: `" + envMaxRetries + "`.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, whatsapp.MaxRetriesLimit)},
			},
			"business_account_id": schema.StringAttribute{
				MarkdownDescription: "Cloud only: the WhatsApp Business Account ID (WABA ID, digits) whose message " +
					"templates `whatsapp_message_template` manages and its data source reads; required by them, " +
					"nothing else uses it. Environment: `" + envBusinessAccountID + "`.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.RegexMatches(whatsapp.PhoneNumberIDPattern, "must be digits only, e.g. 102290129340398")},
			},
			"app_id": schema.StringAttribute{
				MarkdownDescription: "Cloud only: the Meta app ID (digits) whose Resumable Upload API takes the example " +
					"of a template's media header (`whatsapp_message_template`'s `header_example`); required only " +
					"there. Environment: `" + envAppID + "`.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.RegexMatches(whatsapp.PhoneNumberIDPattern, "must be digits only, e.g. 1200300400500600")},
			},
			"template_namespace": schema.StringAttribute{
				MarkdownDescription: "On-Premises only: the business account's message template namespace (in the " +
					"WhatsApp Manager), used by every `whatsapp_media_message` with a `template` that names no " +
					"`namespace` of its own. The On-Premises API needs one for each template message; the Cloud API " +
					"finds templates by name. Environment: `" + envTemplateNamespace + "`.",
				Optional: true,
			},
			"max_messages_per_second": schema.Float64Attribute{
				MarkdownDescription: maxMessagesPerSecondDescription,
				Optional:            true,
				Validators:          []validator.Float64{positiveNumber{}},
			},
		},
	}
}

func (p *whatsappProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var model providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}

	client, diags := newClient(model, osEnv, userAgent(p.version, req.TerraformVersion))
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.ResourceData = client
	resp.DataSourceData = client
}

func (p *whatsappProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewMediaResource,
		NewMediaMessageResource,
		NewMediaProviderResource,
		NewMessageTemplateResource,
	}
}

func (p *whatsappProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewMediaDataSource,
		NewPhoneNumberDataSource,
		NewMessageTemplateDataSource,
	}
}
