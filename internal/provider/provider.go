// Package provider is the Terraform layer: it maps HCL schemas onto the WhatsApp
// API client in internal/whatsapp and turns client errors into diagnostics.
package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Address is the provider's registry address; users write source = "sandeshlive/whatsapp".
const Address = "registry.terraform.io/sandeshlive/whatsapp"

var (
	_ provider.Provider                  = (*whatsappProvider)(nil)
	_ provider.ProviderWithFunctions     = (*whatsappProvider)(nil)
	_ provider.ProviderWithActions       = (*whatsappProvider)(nil)
	_ provider.ProviderWithListResources = (*whatsappProvider)(nil)
)

// New returns the provider factory main.go and the tests serve.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &whatsappProvider{version: version}
	}
}

type whatsappProvider struct {
	version string
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
		Attributes: providerAttributes(),
	}
}

func (p *whatsappProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	// The build's version (main.version, from the release tag) in the logs
	// (TF_LOG=INFO): which provider build a report came from.
	tflog.Info(ctx, "Configuring the WhatsApp provider", map[string]any{
		"provider_version": p.version, "terraform_version": req.TerraformVersion,
	})
	var model providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}

	client, diags := newClient(model, osEnv, userAgent(p.version, req.TerraformVersion))
	resp.Diagnostics.Append(diags...)
	sends, diags := newSendRecord(model, osEnv, client)
	resp.Diagnostics.Append(diags...)
	store, diags := newDeliveryStore(model, osEnv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	data := &providerData{client: client, sends: sends, store: store, templates: newTemplateCatalog(client)}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ActionData = data
	resp.ListResourceData = data
}

func (p *whatsappProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewMediaResource,
		NewMediaMessageResource,
		NewMediaBroadcastResource,
		NewMediaCampaignResource,
		NewMediaProviderResource,
		NewMessageTemplateResource,
		NewWebhookResource,
		NewBusinessProfileResource,
		NewAppSubscriptionResource,
		NewQRCodeResource,
		NewConversationalAutomationResource,
	}
}

func (p *whatsappProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewMediaDataSource,
		NewPhoneNumberDataSource,
		NewBusinessProfileDataSource,
		NewMessageTemplateDataSource,
		NewQRCodeDataSource,
		NewMessageStatusesDataSource,
	}
}

// Functions are thin: they parse, call the rule's owner, return (recipient.go).
func (p *whatsappProvider) Functions(_ context.Context) []func() function.Function {
	return []func() function.Function{
		NewNormalizeRecipientFunction,
		NewNormalizeRecipientsFunction,
		NewSplitRecipientsFunction,
	}
}

// Actions need Terraform 1.14 or later. A template message action joins this
// list once templates are managed here, calling sendOnce (send_action.go).
func (p *whatsappProvider) Actions(_ context.Context) []func() action.Action {
	return []func() action.Action{
		NewSendMediaMessageAction,
	}
}

// ListResources serve `terraform query` (Terraform 1.14 or later) where the
// API can list: On-Premises media providers, and the Cloud business account's
// message templates.
func (p *whatsappProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewMediaProviderListResource,
		NewMessageTemplateListResource,
	}
}
