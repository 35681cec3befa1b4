package provider

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

var (
	_ resource.Resource                = (*webhookResource)(nil)
	_ resource.ResourceWithConfigure   = (*webhookResource)(nil)
	_ resource.ResourceWithImportState = (*webhookResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*webhookResource)(nil)
)

// NewWebhookResource manages where WhatsApp sends statuses and inbound
// messages: the Cloud phone number's webhook override, or the On-Premises
// application's webhook URL.
func NewWebhookResource() resource.Resource { return &webhookResource{} }

// onPremWebhookID is the import ID and id of the On-Premises setting: there
// is one per application.
const onPremWebhookID = "application"

// privatePreviousURL keeps, On-Premises, the URL the application had before
// Create, so Delete can put it back.
const privatePreviousURL = "previous_url"

func (r *webhookResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhook"
}

func (r *webhookResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Where WhatsApp sends the statuses of sent messages (`sent`, `delivered`, `read`, " +
			"`failed`) and inbound messages. A send that the API accepted can still fail: that failure arrives " +
			"only here. **Cloud API**: the phone number's webhook override (`POST /{phone-number-id}` with " +
			"`webhook_configuration`); Meta calls the URL with a verification challenge first. Destroying it removes " +
			"the override, so statuses go back to the WhatsApp Business Account's override or the app's callback URL. " +
			"**On-Premises API**: the application's `webhooks.url`; destroying it puts back the URL the application " +
			"had before Terraform set it (none after an import).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The phone number ID (Cloud) or `application` (On-Premises).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"url": schema.StringAttribute{
				MarkdownDescription: "The callback URL WhatsApp posts to. Meta's Cloud API and most gateways require " +
					"`https://` with a certificate from a public CA. On Cloud it must answer the verification " +
					"challenge: a `GET` with `hub.mode=subscribe`, `hub.verify_token` and `hub.challenge`, answered with " +
					"HTTP 200 and the `hub.challenge` value as the body when `hub.verify_token` is `verify_token_wo`.",
				Required:   true,
				Validators: []validator.String{webhookURLValidator},
			},
			"verify_token_wo": schema.StringAttribute{
				MarkdownDescription: "Cloud API only, and required there: the verify token Meta sends in " +
					"`hub.verify_token` when it checks `url`; the receiver compares it with its own copy. Write-only: " +
					"sent to the API, never stored in the plan or state. " + writeOnlyCLIs + " Terraform cannot see a " +
					"change of this value: change `verify_token_wo_version` to send a new token.",
				Optional:   true,
				Sensitive:  true,
				WriteOnly:  true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"verify_token_wo_version": schema.Int64Attribute{
				MarkdownDescription: "Any number, stored in state: changing it sets the webhook again with the " +
					"configured `verify_token_wo` (an in-place update; Meta verifies the URL again). Requires `verify_token_wo`.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("verify_token_wo"))},
			},
		},
	}
}

func (r *webhookResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	const summary = "Unable to Set WhatsApp Webhook"
	if !r.requireClient(&resp.Diagnostics, summary, "set the webhook") {
		return
	}
	var m webhookModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = withLogFields(ctx, "webhook_host", linkHost(m.URL.ValueString()))
	tflog.Debug(ctx, "reading the WhatsApp webhook before setting it")
	before, err := r.client.GetWebhook(ctx)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(summary, "Reading the current webhook setting failed; nothing was changed. "+
			"Check that the API is reachable, then apply again.", err))
		return
	}
	flavor := r.client.Flavor()
	if flavor == whatsapp.Cloud && before.URL != "" && before.URL != m.URL.ValueString() {
		// Its verify token cannot be read back, so it could never be put back.
		resp.Diagnostics.AddAttributeError(path.Root("url"), "WhatsApp Webhook Override Already Exists",
			fmt.Sprintf("Phone number %s already has a webhook override, %q, which Terraform did not set: replacing it "+
				"would lose it for good (its verify token cannot be read back), so nothing was changed. To manage it with "+
				"this resource, import it (terraform import whatsapp_webhook.<name> %s); or remove it first.",
				r.client.PhoneNumberID(), before.URL, r.client.PhoneNumberID()))
		return
	}
	resp.Diagnostics.Append(r.set(ctx, req.Config, &m, summary)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	if flavor == whatsapp.OnPremises {
		data, _ := json.Marshal(map[string]string{"url": before.URL}) // a map of strings always encodes
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privatePreviousURL, data)...)
	}
}

// set sends the planned URL with the configured verify token (write-only, so
// only the configuration holds it) and fills in the id.
func (r *webhookResource) set(ctx context.Context, config tfsdk.Config, m *webhookModel, summary string) diag.Diagnostics {
	var diags diag.Diagnostics
	var token types.String
	diags.Append(config.GetAttribute(ctx, path.Root("verify_token_wo"), &token)...)
	if diags.HasError() {
		return diags
	}
	diags.Append(checkVerifyTokenFlavor(r.client.Flavor(), token)...)
	if diags.HasError() {
		return diags
	}
	url := m.URL.ValueString()
	tflog.Debug(ctx, "setting the WhatsApp webhook")
	if err := r.client.SetWebhook(ctx, url, token.ValueString()); err != nil {
		if whatsapp.IsCallbackVerificationFailed(err) {
			diags.AddAttributeError(path.Root("url"), "WhatsApp Could Not Verify the Webhook URL", verificationFailedDetail(url, err))
			return diags
		}
		diags.Append(apiErrorDiagnostic(summary, fmt.Sprintf("Setting the webhook to %q failed; the previous setting stays. "+
			"Check the URL, then apply again.", url), err))
		return diags
	}
	m.ID = types.StringValue(r.webhookID())
	return diags
}

func (r *webhookResource) webhookID() string {
	if r.client.Flavor() == whatsapp.Cloud {
		return r.client.PhoneNumberID()
	}
	return onPremWebhookID
}

func (r *webhookResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !r.requireClient(&resp.Diagnostics, "Unable to Read WhatsApp Webhook", "read the webhook") {
		return
	}
	var m webhookModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if id := m.ID.ValueString(); id != r.webhookID() {
		resp.Diagnostics.AddError("WhatsApp Webhook Belongs to Another Number",
			fmt.Sprintf("This webhook is %q, but the provider is configured for %q: a webhook follows the phone number "+
				"(Cloud) or the application (On-Premises) of the provider block. Use a provider block for that number, or "+
				"remove this resource from state (terraform state rm).", id, r.webhookID()))
		return
	}
	got, err := r.client.GetWebhook(ctx)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Unable to Read WhatsApp Webhook",
			"Reading the webhook setting failed. Check that the API is reachable, then refresh again.", err))
		return
	}
	if got.URL == "" {
		resp.Diagnostics.AddWarning("WhatsApp Webhook Not Set",
			fmt.Sprintf("The webhook %q is no longer set on the %s API (removed outside Terraform): statuses are not "+
				"coming to it. It was removed from state; the next apply sets it again.", m.URL.ValueString(), r.client.Flavor().Name()))
		resp.State.RemoveResource(ctx)
		return
	}
	// The server's URL wins, so a change made out of band shows in the plan.
	m.URL = types.StringValue(got.URL)
	m.VerifyTokenWO = types.StringNull()
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *webhookResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	const summary = "Unable to Update WhatsApp Webhook"
	if !r.requireClient(&resp.Diagnostics, summary, "update the webhook") {
		return
	}
	var m webhookModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(r.set(withLogFields(ctx, "webhook_host", linkHost(m.URL.ValueString())), req.Config, &m, summary)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Delete removes the Cloud override, or puts back the On-Premises URL from
// before Create (none when the setting was imported).
func (r *webhookResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	const summary = "Unable to Remove WhatsApp Webhook"
	if !r.requireClient(&resp.Diagnostics, summary, "remove the webhook") {
		return
	}
	restore := ""
	if r.client.Flavor() == whatsapp.OnPremises {
		data, diags := req.Private.GetKey(ctx, privatePreviousURL)
		resp.Diagnostics.Append(diags...)
		var prev struct {
			URL string `json:"url"`
		}
		if len(data) > 0 && json.Unmarshal(data, &prev) == nil {
			restore = prev.URL
		}
	}
	ctx = withLogFields(ctx, "webhook_host", linkHost(restore))
	tflog.Debug(ctx, "restoring the WhatsApp webhook setting")
	if err := r.client.SetWebhook(ctx, restore, ""); err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(summary, "Removing the webhook failed; WhatsApp keeps sending statuses to it. "+
			"Check that the API is reachable, then destroy again.", err))
	}
}

// ImportState adopts the setting of the configured number (Cloud: its phone
// number ID) or application (On-Premises: "application"); Read fills in the URL.
func (r *webhookResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if r.client != nil && req.ID != r.webhookID() {
		resp.Diagnostics.AddError("Invalid WhatsApp Webhook Import ID",
			fmt.Sprintf("%q is not the webhook of this provider's %s API: import it with %q (the phone number ID on "+
				"Cloud, %q On-Premises), for example: terraform import whatsapp_webhook.statuses %s",
				req.ID, r.client.Flavor().Name(), r.webhookID(), onPremWebhookID, r.webhookID()))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}
