package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The broadcast's plan: every recipient checked before anything is sent (media_broadcast_rules.go), and
// a plan that says in words, with counts, who will be sent the message and
// why, who is forgotten, and which unknown outcomes are accepted. The
// decision itself is planDeliveries (media_broadcast_deliveries.go).

// ValidateConfig checks every recipient (and accept_unknown entry) with
// whatsapp.CanonicalRecipient, naming the offending entries, and applies the
// field table to the configured type, caption and filename.
func (r *mediaBroadcastResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m mediaBroadcastModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(checkRecipientSet("recipients", canonicalRecipients(m.Recipients))...)
	resp.Diagnostics.Append(checkRecipientSet("accept_unknown", canonicalRecipients(m.AcceptUnknown))...)
	resp.Diagnostics.Append(checkMediaMessageRules(messageRules{Type: m.Type, Caption: m.Caption, Filename: m.Filename})...)
}

// ModifyPlan plans deliveries (known records kept, "(known after apply)" for
// each recipient that will be sent the message), keeps a reformatted
// recipients set as it is in state, and warns in words what the plan sends
// and forgets. It also checks link_provider against the configured flavor.
func (r *mediaBroadcastResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		var state mediaBroadcastModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if !resp.Diagnostics.HasError() {
			resp.Diagnostics.AddWarning("WhatsApp Broadcast Stays With Its Recipients",
				fmt.Sprintf("Destroying this broadcast removes its record of %d recipient(s) from the Terraform state only: "+
					"WhatsApp messages cannot be unsent, and the recipients keep what they got.", len(state.Deliveries.Elements())))
		}
		return
	}
	var plan mediaBroadcastModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.client != nil {
		resp.Diagnostics.Append(checkLinkProviderFlavor(r.client.Flavor(), plan.LinkProvider)...)
	}
	recipients := canonicalRecipients(plan.Recipients)
	if recipients.unknown || len(recipients.invalid)+recipients.nulls > 0 {
		// Known only at apply; Create and Update check and decide then.
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("deliveries"), types.MapUnknown(deliveryObjectType))...)
		return
	}
	if req.State.Raw.IsNull() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("deliveries"), deliveriesValue(nil, recipients.canonical))...)
		return
	}

	var state mediaBroadcastModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	prior, diags := readDeliveries(ctx, state.Deliveries)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if sameRecipients(recipients, canonicalRecipients(state.Recipients)) && !plan.Recipients.Equal(state.Recipients) {
		// The same people written differently: plan the state's set, which
		// Terraform reads as "the same thing", so the plan shows nothing.
		plan.Recipients = state.Recipients
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("recipients"), state.Recipients)...)
	}
	accept := canonicalRecipients(plan.AcceptUnknown)
	dp := planDeliveries(prior, recipients, contentChanges(state, plan), accept)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("deliveries"), deliveriesValue(dp.keep, dp.toSend()))...)
	resp.Diagnostics.Append(dp.planWarnings(len(recipients.canonical))...)
}

// planWarnings says in words, with counts and the first few numbers, what a
// plan of an existing broadcast does to its recipients. The full list is in
// the JSON plan (`terraform show -json`), under deliveries.
func (p deliveryPlan) planWarnings(total int) diag.Diagnostics {
	var diags diag.Diagnostics
	if sends := p.toSend(); len(sends) > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "This plan sends the message to %d of the broadcast's %d recipient(s):", len(sends), total)
		if list := p.send[reasonContent]; len(list) > 0 {
			fmt.Fprintf(&b, "\n  - all %d again, because %s changed: %s. Each recipient gets a new message and keeps "+
				"the one sent before.", len(list), strings.Join(p.changed, ", "), firstFew(list))
		}
		if list := p.send[reasonNew]; len(list) > 0 {
			fmt.Fprintf(&b, "\n  - %d added to recipients: %s.", len(list), firstFew(list))
		}
		if list := p.send[reasonFailed]; len(list) > 0 {
			fmt.Fprintf(&b, "\n  - %d whose last send failed, again: %s.", len(list), p.withErrors(list))
		}
		if list := p.send[reasonUnknown]; len(list) > 0 {
			fmt.Fprintf(&b, "\n  - %d whose last send's outcome is unknown (WhatsApp may have taken it), again: %s. "+
				"If they have the message, add them to accept_unknown to accept it as delivered: nothing is sent to "+
				"them then.", len(list), firstFew(list))
		}
		b.WriteString("\nThe full list is under deliveries in the JSON plan (`terraform show -json`), as the entries " +
			"known after apply.")
		diags.AddWarning(fmt.Sprintf("WhatsApp Broadcast Will Send %d Message(s)", len(sends)), b.String())
	}
	if len(p.removed) > 0 {
		diags.AddWarning("WhatsApp Broadcast Forgets Removed Recipients",
			fmt.Sprintf("%d recipient(s) are no longer in recipients and leave the broadcast's deliveries: %s. "+
				"Nothing is sent to them and nothing is unsent: they keep what they got.",
				len(p.removed), firstFew(p.removed)))
	}
	if len(p.accepted) > 0 {
		diags.AddWarning("WhatsApp Broadcast Accepts Unknown Outcomes",
			fmt.Sprintf("%d recipient(s) whose send had an unknown outcome are accepted as delivered through "+
				"accept_unknown, and are sent nothing: %s. Remove them from accept_unknown after this apply.",
				len(p.accepted), firstFew(p.accepted)))
	}
	if len(p.notFound) > 0 {
		diags.AddAttributeWarning(path.Root("accept_unknown"), "Nothing to Accept",
			fmt.Sprintf("accept_unknown lists %d recipient(s) that have no unknown outcome to accept in this plan, so "+
				"it changes nothing for them: %s. Remove them from accept_unknown.", len(p.notFound),
				firstFew(p.notFound)))
	}
	return diags
}

// withErrors names the first few recipients with the error their last send
// got, so the plan says why each is sent again.
func (p deliveryPlan) withErrors(list []string) string {
	named := make([]string, 0, shownPerList)
	for i, c := range list {
		if i == shownPerList {
			break
		}
		if e := p.prior[c].Error; e != "" {
			named = append(named, fmt.Sprintf("%s (%s)", c, e))
		} else {
			named = append(named, c)
		}
	}
	if len(list) > shownPerList {
		return fmt.Sprintf("%s and %d more", strings.Join(named, "; "), len(list)-shownPerList)
	}
	return strings.Join(named, "; ")
}
