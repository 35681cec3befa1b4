package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

var (
	_ resource.Resource                = (*appSubscriptionResource)(nil)
	_ resource.ResourceWithConfigure   = (*appSubscriptionResource)(nil)
	_ resource.ResourceWithImportState = (*appSubscriptionResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*appSubscriptionResource)(nil)
)

// NewAppSubscriptionResource manages the app's subscription to the business
// account, the account-level callback override, and the app's webhook.
func NewAppSubscriptionResource() resource.Resource { return &appSubscriptionResource{} }

// privateImporting marks a Read that follows an import: only then is the
// app's webhook read without being in state, so a webhook set by hand is
// never planned away from a configuration that does not manage it.
const privateImporting = "importing"

func (r *appSubscriptionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_app_subscription"
}

func (r *appSubscriptionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The switches that make Meta send any webhook at all (**Cloud API only**): the app's " +
			"subscription to the WhatsApp Business Account (`/{waba-id}/subscribed_apps`), with an optional callback " +
			"override for the whole account, and, in `app_webhook`, the app's own webhook for the " +
			"`whatsapp_business_account` object with its fields such as `messages` (`/{app-id}/subscriptions`). " +
			"Uses the provider's `business_account_id` and `app_id`; `app_webhook` also needs the app secret in the `" +
			envAppSecret + "` environment variable. Statuses go to the first URL set of: the phone number's override " +
			"(`whatsapp_webhook`), this account override, the app's callback URL. **Destroying it** removes the app's " +
			"webhook (when `app_webhook` is set) and unsubscribes the app, which stops every webhook of the account.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The WhatsApp Business Account ID, the import ID.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"app_id": schema.StringAttribute{
				MarkdownDescription: "The subscribed app: the provider's `app_id`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"override_callback_uri": schema.StringAttribute{
				MarkdownDescription: "A callback URL for the whole business account, used instead of the app's callback " +
					"URL (a phone number's own override, `whatsapp_webhook`, still wins). Meta calls it with a verification " +
					"challenge first, with `verify_token_wo`. Unset, the account has no override.",
				Optional:   true,
				Validators: []validator.String{webhookURLValidator},
			},
			"verify_token_wo": schema.StringAttribute{
				MarkdownDescription: "The verify token Meta sends in `hub.verify_token` when it checks " +
					"`override_callback_uri` and `app_webhook.callback_url`; required with either. Write-only: sent to the API, " +
					"never stored in the plan or state. " + writeOnlyCLIs + " Terraform cannot see a change of this value: " +
					"change `verify_token_wo_version` to send a new token.",
				Optional:   true,
				Sensitive:  true,
				WriteOnly:  true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"verify_token_wo_version": schema.Int64Attribute{
				MarkdownDescription: "Any number, stored in state: changing it subscribes again with the configured " +
					"`verify_token_wo` (an in-place update; Meta verifies the URLs again). Requires `verify_token_wo`.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("verify_token_wo"))},
			},
			"app_webhook": schema.SingleNestedAttribute{
				MarkdownDescription: "The app's webhook for the `whatsapp_business_account` object, which the App Dashboard " +
					"shows under WhatsApp > Configuration. Needs the app secret in `" + envAppSecret + "` for every plan " +
					"and apply (the app's endpoint takes only an app access token). Unset, the app's webhook is left as it is.",
				Optional: true,
				Attributes: map[string]schema.Attribute{
					"callback_url": schema.StringAttribute{
						MarkdownDescription: "The app's callback URL; Meta checks it with `verify_token_wo` first.",
						Required:            true,
						Validators:          []validator.String{webhookURLValidator},
					},
					"fields": schema.SetAttribute{
						MarkdownDescription: "The webhook fields to receive. Default `[\"messages\"]`, which carries inbound " +
							"messages and the statuses of sent ones. Fields added outside Terraform show in the plan and are removed.",
						ElementType: types.StringType,
						Optional:    true,
						Computed:    true,
						Default:     setdefault.StaticValue(types.SetValueMust(types.StringType, []attr.Value{types.StringValue("messages")})),
						Validators:  []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
					},
				},
			},
		},
	}
}

func (r *appSubscriptionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	const summary = "Unable to Subscribe WhatsApp App"
	if !r.requireClient(&resp.Diagnostics, summary, "subscribe the app") {
		return
	}
	var m appSubscriptionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	token := r.verifyToken(ctx, req.Config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(r.subscribe(ctx, m.OverrideCallbackURI.ValueString(), token, summary)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.ID, m.AppID = types.StringValue(r.client.BusinessAccountID()), types.StringValue(r.client.AppID())
	hook, diags := appWebhookOf(ctx, m.AppWebhook)
	resp.Diagnostics.Append(diags...)
	if hook != nil {
		// Saved first: the account is subscribed even if the app's webhook fails.
		planned := m.AppWebhook
		m.AppWebhook = types.ObjectNull(appWebhookAttrTypes)
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
		resp.Diagnostics.Append(r.setAppWebhook(ctx, hook, nil, token, summary)...)
		if resp.Diagnostics.HasError() {
			return
		}
		m.AppWebhook = planned
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *appSubscriptionResource) verifyToken(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) string {
	var token types.String
	diags.Append(config.GetAttribute(ctx, path.Root("verify_token_wo"), &token)...)
	return token.ValueString()
}

// subscribe posts the subscription, with the override when uri is set.
func (r *appSubscriptionResource) subscribe(ctx context.Context, uri, token, summary string) diag.Diagnostics {
	var diags diag.Diagnostics
	tflog.Debug(withLogFields(ctx, "webhook_host", linkHost(uri)), "subscribing the app to the WhatsApp Business Account")
	if err := r.client.SubscribeApp(ctx, uri, token); err != nil {
		if whatsapp.IsCallbackVerificationFailed(err) {
			diags.AddAttributeError(path.Root("override_callback_uri"), "WhatsApp Could Not Verify the Callback URL", verificationFailedDetail(uri, err))
			return diags
		}
		diags.Append(apiErrorDiagnostic(summary, fmt.Sprintf("Subscribing app %s to business account %s failed; nothing "+
			"changed there. Check that the system user token may manage the account (whatsapp_business_management), then "+
			"apply again.", r.client.AppID(), r.client.BusinessAccountID()), err))
	}
	return diags
}

// setAppWebhook sets the app's webhook to hook, then removes the fields the
// previous one (nil: none known) had beyond hook's: Graph adds fields on POST.
func (r *appSubscriptionResource) setAppWebhook(ctx context.Context, hook, previous *appWebhook, token, summary string) diag.Diagnostics {
	var diags diag.Diagnostics
	tflog.Debug(withLogFields(ctx, "webhook_host", linkHost(hook.callbackURL)), "setting the app's webhook")
	if err := r.client.SetAppWebhook(ctx, appSecret(), hook.callbackURL, token, hook.fields); err != nil {
		if whatsapp.IsCallbackVerificationFailed(err) {
			diags.AddAttributeError(path.Root("app_webhook").AtName("callback_url"), "WhatsApp Could Not Verify the Callback URL",
				verificationFailedDetail(hook.callbackURL, err))
			return diags
		}
		diags.Append(apiErrorDiagnostic(summary, fmt.Sprintf("Setting the webhook of app %s failed. Check "+envAppSecret+
			" (the app secret of that app) and the fields, then apply again.", r.client.AppID()), err))
		return diags
	}
	if previous == nil {
		return diags
	}
	var removed []string
	for _, f := range previous.fields {
		if !slices.Contains(hook.fields, f) {
			removed = append(removed, f)
		}
	}
	if len(removed) > 0 {
		if err := r.client.DeleteAppWebhook(ctx, appSecret(), removed...); err != nil {
			diags.Append(apiErrorDiagnostic(summary, fmt.Sprintf("The app's webhook is set, but removing the fields %v "+
				"failed: they still arrive. Apply again.", removed), err))
		}
	}
	return diags
}

type appWebhook struct {
	callbackURL string
	fields      []string
}

// appWebhookOf reads the app_webhook object; nil when it is null.
func appWebhookOf(ctx context.Context, obj types.Object) (*appWebhook, diag.Diagnostics) {
	if obj.IsNull() || obj.IsUnknown() {
		return nil, nil
	}
	var m appWebhookModel
	diags := obj.As(ctx, &m, basetypes.ObjectAsOptions{})
	h := &appWebhook{callbackURL: m.CallbackURL.ValueString()}
	diags.Append(m.Fields.ElementsAs(ctx, &h.fields, false)...)
	slices.Sort(h.fields)
	return h, diags
}

func appWebhookObject(ctx context.Context, h *whatsapp.AppWebhook) (types.Object, diag.Diagnostics) {
	fields, diags := types.SetValueFrom(ctx, types.StringType, h.Fields)
	obj, d := types.ObjectValueFrom(ctx, appWebhookAttrTypes, appWebhookModel{CallbackURL: types.StringValue(h.CallbackURL), Fields: fields})
	diags.Append(d...)
	return obj, diags
}

func (r *appSubscriptionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	const summary = "Unable to Read WhatsApp App Subscription"
	if !r.requireClient(&resp.Diagnostics, summary, "read the app subscription") {
		return
	}
	var m appSubscriptionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if id := m.ID.ValueString(); id != r.client.BusinessAccountID() {
		resp.Diagnostics.AddError("WhatsApp App Subscription Belongs to Another Account",
			fmt.Sprintf("This subscription is to business account %q, but the provider is configured for %q. Use a provider "+
				"block for that account, or remove this resource from state (terraform state rm).", id, r.client.BusinessAccountID()))
		return
	}
	apps, err := r.client.SubscribedApps(ctx)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(summary, "Listing the business account's subscribed apps failed. Check "+
			"that the API is reachable, then refresh again.", err))
		return
	}
	i := slices.IndexFunc(apps, func(a whatsapp.SubscribedApp) bool { return a.AppID == r.client.AppID() })
	if i < 0 {
		resp.Diagnostics.AddWarning("WhatsApp App Not Subscribed",
			fmt.Sprintf("App %s is no longer subscribed to business account %s (unsubscribed outside Terraform): Meta sends "+
				"it no webhooks. It was removed from state; the next apply subscribes it again.", r.client.AppID(), r.client.BusinessAccountID()))
		resp.State.RemoveResource(ctx)
		return
	}
	m.AppID = types.StringValue(r.client.AppID())
	m.OverrideCallbackURI = types.StringNull()
	if uri := apps[i].OverrideCallbackURI; uri != "" {
		m.OverrideCallbackURI = types.StringValue(uri)
	}
	m.VerifyTokenWO = types.StringNull()

	importing, diags := req.Private.GetKey(ctx, privateImporting)
	resp.Diagnostics.Append(diags...)
	if !m.AppWebhook.IsNull() || len(importing) > 0 {
		resp.Diagnostics.Append(r.readAppWebhook(ctx, &m)...)
	}
	if len(importing) > 0 {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateImporting, nil)...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// readAppWebhook refreshes app_webhook; without the app secret it keeps what
// state holds and says that drift cannot be seen.
func (r *appSubscriptionResource) readAppWebhook(ctx context.Context, m *appSubscriptionModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if appSecret() == "" {
		if !m.AppWebhook.IsNull() {
			diags.AddWarning("WhatsApp App Webhook Not Checked",
				envAppSecret+" is not set, so the app's webhook could not be read: a change made to it in the App Dashboard "+
					"will not show. Set it to the app secret when running Terraform.")
		}
		return diags
	}
	hook, err := r.client.AppWebhook(ctx, appSecret())
	switch {
	case whatsapp.IsNotFound(err):
		m.AppWebhook = types.ObjectNull(appWebhookAttrTypes)
	case err != nil:
		diags.Append(apiErrorDiagnostic("Unable to Read WhatsApp App Webhook", "Reading the app's webhook failed. Check "+
			envAppSecret+", then refresh again.", err))
	default:
		m.AppWebhook, diags = appWebhookObject(ctx, hook)
	}
	return diags
}

func (r *appSubscriptionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	const summary = "Unable to Update WhatsApp App Subscription"
	if !r.requireClient(&resp.Diagnostics, summary, "update the app subscription") {
		return
	}
	var plan, state appSubscriptionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	token := r.verifyToken(ctx, req.Config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	newToken := !plan.VerifyTokenWOVersion.Equal(state.VerifyTokenWOVersion)
	if newToken || !plan.OverrideCallbackURI.Equal(state.OverrideCallbackURI) {
		resp.Diagnostics.Append(r.subscribe(ctx, plan.OverrideCallbackURI.ValueString(), token, summary)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	hook, diags := appWebhookOf(ctx, plan.AppWebhook)
	resp.Diagnostics.Append(diags...)
	previous, diags := appWebhookOf(ctx, state.AppWebhook)
	resp.Diagnostics.Append(diags...)
	switch {
	case hook == nil && previous != nil:
		if err := r.client.DeleteAppWebhook(ctx, appSecret()); err != nil {
			resp.Diagnostics.Append(apiErrorDiagnostic(summary, "Removing the app's webhook failed. Apply again.", err))
		}
	case hook != nil && (newToken || previous == nil || hook.callbackURL != previous.callbackURL || !slices.Equal(hook.fields, previous.fields)):
		resp.Diagnostics.Append(r.setAppWebhook(ctx, hook, previous, token, summary)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete removes the app's webhook when this resource manages it, then
// unsubscribes the app (which drops the account's override).
func (r *appSubscriptionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	const summary = "Unable to Unsubscribe WhatsApp App"
	if !r.requireClient(&resp.Diagnostics, summary, "unsubscribe the app") {
		return
	}
	var m appSubscriptionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !m.AppWebhook.IsNull() {
		if err := r.client.DeleteAppWebhook(ctx, appSecret()); err != nil {
			resp.Diagnostics.Append(apiErrorDiagnostic(summary, "Removing the app's webhook failed; the app stays subscribed. "+
				"Check "+envAppSecret+", then destroy again.", err))
			return
		}
	}
	if err := r.client.UnsubscribeApp(ctx); err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(summary, "Unsubscribing the app failed; Meta keeps sending its webhooks. "+
			"Check that the API is reachable, then destroy again.", err))
	}
}

// ImportState adopts the subscription by the business account ID; with
// WHATSAPP_APP_SECRET set, the app's webhook is adopted too.
func (r *appSubscriptionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if r.client != nil && req.ID != r.client.BusinessAccountID() {
		resp.Diagnostics.AddError("Invalid WhatsApp App Subscription Import ID",
			fmt.Sprintf("%q is not this provider's business_account_id (%q): import the subscription by it, for example: "+
				"terraform import whatsapp_app_subscription.this %s", req.ID, r.client.BusinessAccountID(), r.client.BusinessAccountID()))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("app_webhook"), types.ObjectNull(appWebhookAttrTypes))...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateImporting, []byte(`true`))...)
}
