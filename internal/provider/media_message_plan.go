package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// ModifyPlan does the two things a message plan needs beyond its schema: the
// check that depends on the configured API (link_provider exists only
// On-Premises), and a warning when the plan replaces a message, because for a
// message "replace" means "send again" and a plain "must be replaced" hides it.
func (r *mediaMessageResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy: Delete itself warns that the message stays sent
	}
	if !req.State.Raw.IsNull() {
		var state, plan mediaMessageModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
		if resp.Diagnostics.HasError() {
			return
		}
		if changed := changedArguments(state, plan); len(changed) > 0 {
			resp.Diagnostics.Append(resendWarning(state, changed))
		}
	}
	if r.client == nil {
		return // the provider is not configured yet: Create checks the flavor again
	}
	var linkProvider types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("link_provider"), &linkProvider)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(checkLinkProviderFlavor(r.client.Flavor(), linkProvider)...)
}

// changedArguments lists the arguments whose planned value differs from the
// state, the ones that make the plan a replacement. A value unknown until
// apply counts as changed, as RequiresReplace counts it; triggers compare as
// their plan modifier does, ignoring null values.
func changedArguments(state, plan mediaMessageModel) []string {
	var changed []string
	for _, a := range []struct {
		name        string
		prior, next attr.Value
	}{
		{"to", state.To, plan.To},
		{"type", state.Type, plan.Type},
		{"media_id", state.MediaID, plan.MediaID},
		{"link", state.Link, plan.Link},
		{"caption", state.Caption, plan.Caption},
		{"filename", state.Filename, plan.Filename},
		{"link_provider", state.LinkProvider, plan.LinkProvider},
		{"recipient_type", state.RecipientType, plan.RecipientType},
	} {
		if !a.next.Equal(a.prior) {
			changed = append(changed, a.name)
		}
	}
	if plan.Triggers.IsUnknown() || !sameNonNullValues(plan.Triggers, state.Triggers) {
		changed = append(changed, "triggers")
	}
	return changed
}

func resendWarning(state mediaMessageModel, changed []string) diag.Diagnostic {
	detail := fmt.Sprintf("This plan replaces the %s message %q to %q because %s changed. Replacing a "+
		"whatsapp_media_message sends a new message; the recipient keeps the one sent before.",
		state.Type.ValueString(), state.ID.ValueString(), state.To.ValueString(), strings.Join(changed, ", "))
	for _, name := range changed {
		if name == "media_id" {
			detail += " If the media was uploaded again (a new media ID) and the message should not be sent " +
				"again, add lifecycle { ignore_changes = [media_id] } to the message."
		}
	}
	return diag.NewWarningDiagnostic("WhatsApp Message Will Be Sent Again", detail)
}
