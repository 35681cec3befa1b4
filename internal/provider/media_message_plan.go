package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/content"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// Plan-time behaviour of whatsapp_media_message: ValidateConfig and
// ModifyPlan call the rules in media_message_rules.go (which Create runs again
// before a send, once every value is known), and this file adds what only a
// plan has: the resend and destroy warnings and the plan modifiers.
// Single-attribute and multi-attribute rules live in the schema.
// Every rule skips values that are unknown at plan time, such as a type taken
// from a whatsapp_media resource that does not exist yet.

// ValidateConfig checks that the media is named exactly one way (media_id or
// link) and applies the field table to the configured type, caption and
// filename. Both are rules between attributes, checked here in one pass
// rather than by config validators that each walk the configuration again.
func (r *mediaMessageResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var mediaID, link types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("media_id"), &mediaID)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("link"), &link)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(checkOneMediaSource(mediaID, link, false)...)
	resp.Diagnostics.Append(validateMessageRules(ctx, req.Config)...)
	resp.Diagnostics.Append(validateTemplateRules(ctx, req.Config)...) // media_message_template.go
}

// ModifyPlan does the three things a message plan needs beyond its schema: the
// check that depends on the configured API (link_provider exists only
// On-Premises), a warning when the plan replaces a message, because for a
// message "replace" means "send again" and a plain "must be replaced" hides it,
// for a create, a look in the record of sends (media_message_send_record.go)
// for the same message sent by a run whose state was lost, and, for a plan
// that sends, the template checked against the business account's
// (media_message_template_check.go).
func (r *mediaMessageResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		resp.Diagnostics.Append(destroyWarning(ctx, req.State)...)
		return
	}
	sends := req.State.Raw.IsNull() // a create sends; a replacement too (below)
	if !req.State.Raw.IsNull() {
		var state, plan mediaMessageModel
		var configMediaID types.String
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("media_id"), &configMediaID)...)
		if resp.Diagnostics.HasError() {
			return
		}
		if changed := changedArguments(state, plan); len(changed) > 0 {
			sends = true
			resp.Diagnostics.Append(resendWarning(state, changed))
			// A new send carries the configured callback data, not the one
			// keepSentCallbackData kept for the message sent before.
			var configured types.String
			resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("callback_data"), &configured)...)
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("callback_data"), configured)...)
		} else if configMediaID.IsUnknown() && plan.MediaSHA256.IsNull() {
			// Said only in the plan that uploads the media again: afterwards the
			// configured ID differs from the sent one for good, which is fine.
			resp.Diagnostics.AddAttributeWarning(path.Root("media_id"), "WhatsApp Message Not Sent Again",
				mediaReuploadNote(state.To.ValueString()))
		}
	}
	if r.client == nil {
		return // the provider is not configured yet: Create checks the flavor again
	}
	if r.labelsOn() && req.State.Raw.IsNull() {
		// A create (a replacement is planned as one): the send carries a label.
		// Checked before the store is asked: a refused plan makes no request.
		var planned types.String
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("callback_data"), &planned)...)
		resp.Diagnostics.Append(checkLabelledCallbackData(planned)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	if req.State.Raw.IsNull() && (r.sends != nil || r.labelsOn()) {
		// A create: the message may have been sent by a run whose state was
		// lost (media_message_send_record.go).
		var plan mediaMessageModel
		resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
		if resp.Diagnostics.HasError() {
			return
		}
		diags := r.adoptSent(ctx, &plan)
		resp.Diagnostics.Append(diags...)
		if len(diags) > 0 && !diags.HasError() {
			resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		}
		sends = !isSet(plan.ID) // an adopted send is not sent again
	}
	var linkProvider types.String
	var template types.Object
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("link_provider"), &linkProvider)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("template"), &template)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(checkLinkProviderFlavor(r.client.Flavor(), linkProvider)...)
	resp.Diagnostics.Append(checkTemplateFlavor(ctx, r.client.Flavor(), r.client.TemplateNamespace(), template)...)
	if sends {
		// Only a plan that sends needs the template: a message sent before
		// is not checked against a template changed or deleted since.
		var typ types.String
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("type"), &typ)...)
		resp.Diagnostics.Append(checkTemplateAtPlan(ctx, r.templates, typ, template)...) // media_message_template_check.go
	}
	var callbackData types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("callback_data"), &callbackData)...)
	resp.Diagnostics.Append(checkCallbackDataFlavor(r.client.Flavor(), callbackData)...)
	if sends && template.IsNull() && r.store != nil && !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(r.windowWarning(ctx, req)...)
	}
}

// windowWarning says when the recipient of a free-form send did not write
// in the last 24 hours (customer_window.go); a recipient known only at apply
// is not checked.
func (r *mediaMessageResource) windowWarning(ctx context.Context, req resource.ModifyPlanRequest) diag.Diagnostics {
	var to types.String
	diags := req.Plan.GetAttribute(ctx, path.Root("to"), &to)
	if diags.HasError() || to.IsUnknown() || to.IsNull() {
		return diags
	}
	recipient, err := whatsapp.CanonicalRecipient(to.ValueString())
	if err != nil {
		return diags // refused on the attribute already
	}
	return append(diags, messageWindowWarning(closedWindows(ctx, r.store, []string{recipient}), to.ValueString())...)
}

// changedArguments lists the arguments whose planned value differs from the
// state, the ones that make the plan a replacement. A value unknown until
// apply counts as changed, as RequiresReplace counts it; triggers compare as
// their plan modifier does, ignoring null values.
func changedArguments(state, plan mediaMessageModel) []string {
	var changed []string
	if !plan.To.Equal(state.To) {
		changed = append(changed, "to")
	}
	if !plan.RecipientType.Equal(state.RecipientType) {
		changed = append(changed, "recipient_type")
	}
	return append(changed, content.Changes(state.Content, plan.Content)...)
}

func resendWarning(state mediaMessageModel, changed []string) diag.Diagnostic {
	detail := fmt.Sprintf("This plan replaces %s because %s changed. Replacing a whatsapp_media_message sends a "+
		"new message; the recipient keeps the one sent before.", describeSent(state), strings.Join(changed, ", "))
	return diag.NewWarningDiagnostic("WhatsApp Message Will Be Sent Again", detail)
}

// describeSent names a message in state for a warning, e.g. `the image message
// "wamid.1" to "+16315551001"`; a message whose send had an unknown outcome
// has no ID, and says so.
func describeSent(state mediaMessageModel) string {
	if state.ID.ValueString() == "" {
		return fmt.Sprintf("the %s message to %q (its ID is unknown: the send's outcome was unknown)",
			state.Type.ValueString(), state.To.ValueString())
	}
	return fmt.Sprintf("the %s message %q to %q", state.Type.ValueString(), state.ID.ValueString(), state.To.ValueString())
}

// keepSentCallbackData plans the callback data the message was sent with
// when the configuration gives another one: the statuses of a sent message
// carry what it was sent with, and changing it must not send the message
// again. Adding or removing it is an in-place update that sends nothing
// (Terraform lets the plan keep a prior value only when both are set).
type keepSentCallbackData struct{}

func (keepSentCallbackData) Description(context.Context) string {
	return "Changing the callback data of a sent message sends nothing: the state keeps the value it was sent with."
}

func (m keepSentCallbackData) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (keepSentCallbackData) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.ConfigValue.IsNull() {
		return
	}
	resp.PlanValue = req.StateValue
}

// destroyWarning says, in the plan, that destroying a message sends nothing and
// unsends nothing: the recipient keeps it.
func destroyWarning(ctx context.Context, st tfsdk.State) diag.Diagnostics {
	var state mediaMessageModel
	diags := st.Get(ctx, &state)
	if diags.HasError() {
		return diags
	}
	diags.AddWarning("WhatsApp Message Stays With the Recipient",
		fmt.Sprintf("Destroying %s removes it from the Terraform state only: a WhatsApp message cannot be unsent, "+
			"and the recipient keeps it.", describeSent(state)))
	return diags
}

// A message is sent again only when what the recipient would get changes.
// These plan modifiers keep bookkeeping changes from planning a replacement
// (which, for a message, is a new send):
//   - a recipient written in another format is the same recipient;
//   - a new media ID for the message's media is what uploading the same file
//     again gives (Cloud media expire after 30 days); the plan keeps the ID the
//     message was sent with, so the state says what was actually sent;
//   - the media's content is followed through media_sha256, which is known at
//     plan time (whatsapp_media hashes its file while planning), so a changed
//     file plans a send and a re-uploaded one does not.
//
// Planning the prior value in place of a different configured one is allowed
// by Terraform when both are non-null: it reads as "the same thing".

// keepRecipientFormat plans the recipient as it is in state when the
// configuration writes the same number in another format.
type keepRecipientFormat struct{}

func (keepRecipientFormat) Description(context.Context) string {
	return "A recipient written in another format (+, spaces, dashes, dots, parentheses) is the same recipient: nothing is sent again."
}

func (m keepRecipientFormat) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (keepRecipientFormat) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if whatsapp.SameRecipient(req.StateValue.ValueString(), req.ConfigValue.ValueString()) {
		resp.PlanValue = req.StateValue
	}
}

// keepSentMediaID plans the media ID the message was sent with whenever the
// configured one differs, known or not: a message cannot change after it was
// sent, and a new ID for it means the media was uploaded again. What the
// recipient got changes only with the media's content, which media_sha256
// follows.
type keepSentMediaID struct{}

func (keepSentMediaID) Description(context.Context) string {
	return "A new media ID alone sends nothing: the state keeps the ID the message was sent with. " +
		"media_sha256 decides whether the media's content changed."
}

func (m keepSentMediaID) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (keepSentMediaID) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.ConfigValue.IsNull() {
		return // a create, or a switch to link (which link's own change replaces)
	}
	resp.PlanValue = req.StateValue
}

// replaceOnContentChange replaces the message, so sends it again, when the
// media's content hash in state differs from the planned one. Adding a hash to
// a message that had none (a configuration written before media_sha256, or a
// message sent by a raw media ID) records it without a send: nothing says the
// content changed. A hash that is unknown until apply may differ, and a
// replacement cannot be decided during apply, so it replaces.
type replaceOnContentChange struct{}

func (replaceOnContentChange) Description(context.Context) string {
	return "A different SHA-256 of the media's content sends the message again; adding or removing it sends nothing."
}

func (m replaceOnContentChange) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (replaceOnContentChange) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return // create or destroy: there is nothing to replace
	}
	resp.RequiresReplace = content.ContentHashChanged(req.StateValue, req.PlanValue)
}

// mediaReuploadNote explains, in the plan that uploads a message's media
// again, why nothing is sent, and how content changes are followed.
func mediaReuploadNote(to string) string {
	return fmt.Sprintf("The media ID of the message to %q will change (its media is uploaded again). Nothing is "+
		"sent again: the state keeps the media ID the message was sent with. A message follows its media's content "+
		"only through media_sha256: set media_sha256 = whatsapp_media.<name>.sha256 so that a changed file sends "+
		"the message again, or change a triggers value to send it again now.", to)
}
