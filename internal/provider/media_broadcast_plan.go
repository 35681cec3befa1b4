package provider

import (
	"context"
	"fmt"
	"slices"
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
// whatsapp.CanonicalRecipient, naming the offending entries, that exactly one
// of media_id and link is set, and applies the field table to the configured
// type, caption and filename.
func (r *mediaBroadcastResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m mediaBroadcastModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(checkRecipientSet("recipients", canonicalRecipients(m.Recipients))...)
	resp.Diagnostics.Append(checkPersonal(ctx, m, canonicalRecipients(m.Recipients))...) // media_broadcast_parameters.go
	resp.Diagnostics.Append(checkRecipientSet("accept_unknown", canonicalRecipients(m.AcceptUnknown))...)
	resp.Diagnostics.Append(checkOneMediaSource(m.MediaID, m.Link, false)...)
	resp.Diagnostics.Append(checkMediaMessageRules(m.Media)...)
	resp.Diagnostics.Append(checkTemplateRules(ctx, m.Content)...) // media_message_template.go
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
		resp.Diagnostics.Append(checkTemplateFlavor(ctx, r.client.Flavor(), r.client.TemplateNamespace(), plan.Template)...)
	}
	var state mediaBroadcastModel
	var prior map[string]delivery
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		prior = readDeliveries(state.Deliveries)
		// Before any lookup: what the state holds is never adopted again.
		pruneHeld(ctx, r.sends, state, prior)
	}
	recipients := canonicalRecipients(plan.Recipients)
	if recipients.unknown || len(recipients.invalid)+recipients.nulls > 0 {
		// Known only at apply; Create and Update check and decide then.
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("deliveries"), types.MapUnknown(deliveryObjectType))...)
		resp.Diagnostics.Append(checkTemplateAtPlan(ctx, r.templates, plan.Type, plan.Template)...)
		return
	}
	accept := canonicalRecipients(plan.AcceptUnknown)
	if req.State.Raw.IsNull() {
		dp := planDeliveries(nil, recipients, nil, accept)
		recorded, finds, diags := r.sentBefore(ctx, plan, dp)
		resp.Diagnostics.Append(diags...)
		if diags.HasError() {
			return
		}
		dp.adopt(recorded)
		dp.fromStore = finds
		// Every recipient is sent: deliveries is known after apply as a whole,
		// which keeps the plan one line instead of one per recipient (the
		// recipients are the full list), unless the record of sends gave some
		// entries already.
		deliveries := types.MapUnknown(deliveryObjectType)
		if len(dp.keep) > 0 {
			deliveries = deliveriesValue(dp.keep, dp.toSend())
		}
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("deliveries"), deliveries)...)
		resp.Diagnostics.Append(dp.planWarnings(r.windowOf(ctx, notesOn(plan, recipients, true), dp))...)
		resp.Diagnostics.Append(r.checkTemplate(ctx, plan, dp)...)
		return
	}

	if sameRecipients(recipients, canonicalRecipients(state.Recipients)) && !plan.Recipients.Equal(state.Recipients) {
		// The same people written differently: plan the state's set, which
		// Terraform reads as "the same thing", so the plan shows nothing.
		plan.Recipients = state.Recipients
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("recipients"), state.Recipients)...)
	}
	statePersonal, planPersonal := personalOfModel(state), personalOfModel(plan)
	if samePersonal(planPersonal, statePersonal) {
		// The same values for the same people, written differently: as for
		// recipients, the state's values, and a plan that shows nothing.
		for _, a := range recipientParameterAttrs {
			if !plan.recipientParameters(a).Equal(state.recipientParameters(a)) {
				resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(a), state.recipientParameters(a))...)
			}
		}
		plan.RecipientBodyParameters, plan.RecipientBodyNamedParameters, plan.RecipientButtonParameters =
			state.RecipientBodyParameters, state.RecipientBodyNamedParameters, state.RecipientButtonParameters
	}
	changed := contentChanges(state, plan)
	dp := planDeliveries(prior, recipients, changed, accept)
	if len(changed) == 0 {
		dp.resendPersonal(personalChanges(statePersonal, planPersonal, dp.keep))
	}
	recorded, finds, diags := r.sentBefore(ctx, plan, dp)
	resp.Diagnostics.Append(diags...)
	if diags.HasError() {
		return
	}
	dp.adopt(recorded)
	dp.fromStore = finds
	// Setting deliveries walks the whole plan; a plan that changes nothing
	// for anyone already holds the state's (the framework keeps a computed
	// value when nothing else changed).
	if deliveries := deliveriesValue(dp.keep, dp.toSend()); !deliveries.Equal(plan.Deliveries) {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("deliveries"), deliveries)...)
	}
	resp.Diagnostics.Append(dp.planWarnings(r.windowOf(ctx, notesOn(plan, recipients, false), dp))...)
	resp.Diagnostics.Append(r.checkTemplate(ctx, plan, dp)...)
}

// checkTemplate checks the template of a plan that sends to anyone against
// the business account's (media_message_template_check.go): one lookup
// however many recipients, and none when the plan sends nothing. Each shape
// of the recipients' own values is checked once (media_broadcast_parameters.go);
// when every recipient sent has its own values, the template block's body
// and buttons are not what anyone gets, and only the rest of it is checked.
func (r *mediaBroadcastResource) checkTemplate(ctx context.Context, plan mediaBroadcastModel, dp deliveryPlan) diag.Diagnostics {
	sends := dp.toSend()
	if len(sends) == 0 {
		return nil
	}
	personal := personalOfModel(plan)
	usesBlock := personal.all
	for _, c := range sends {
		if _, own := personal.byRecipient[c]; !own && !personal.unknown[c] {
			usesBlock = true
			break
		}
	}
	diags := checkTemplateAtPlan(ctx, r.templates, plan.Type, plan.Template)
	if !usesBlock {
		diags = slices.DeleteFunc(diags, func(d diag.Diagnostic) bool {
			pd, ok := d.(diag.DiagnosticWithPath)
			p := ""
			if ok {
				p = pd.Path().String()
			}
			return strings.HasPrefix(p, "template.body") || strings.HasPrefix(p, "template.buttons")
		})
	}
	return append(diags, checkPersonalAtPlan(ctx, r.templates, plan)...)
}

// planNotes is what the plan's words need beyond the deliveryPlan.
type planNotes struct {
	create   bool // the broadcast is new: every recipient is "added"
	total    int  // recipients, one per person
	repeated int  // entries of recipients naming a person listed before
	freeForm bool // no template: delivered only inside the 24-hour window
	window   windowFacts
}

// windowOf adds to n, for a free-form plan that sends, what the delivery
// store says of the windows of those it sends to (customer_window.go).
func (r *mediaBroadcastResource) windowOf(ctx context.Context, n planNotes, dp deliveryPlan) planNotes {
	if sends := dp.toSend(); n.freeForm && r.store != nil && len(sends) > 0 {
		n.window = closedWindows(ctx, r.store, sends)
	}
	return n
}

func notesOn(plan mediaBroadcastModel, recipients recipientSet, create bool) planNotes {
	n := planNotes{create: create, total: len(recipients.canonical), freeForm: plan.Template.IsNull()}
	for _, written := range recipients.written {
		n.repeated += len(written) - 1
	}
	return n
}

// planWarnings says in words, with counts and the first few numbers, what a
// plan does to the broadcast's recipients. The full list is in the JSON plan
// (`terraform show -json`), under deliveries.
func (p deliveryPlan) planWarnings(n planNotes) diag.Diagnostics {
	var diags diag.Diagnostics
	if sends := p.toSend(); len(sends) > 0 {
		var b strings.Builder
		if n.create {
			fmt.Fprintf(&b, "This plan sends the message to %d recipient(s): %s.", len(sends), firstFew(sends))
		} else {
			fmt.Fprintf(&b, "This plan sends the message to %d of the broadcast's %d recipient(s):", len(sends), n.total)
			p.reasons(&b)
		}
		if n.repeated > 0 {
			fmt.Fprintf(&b, "\n%d entries of recipients name a person listed before (perhaps written another way): "+
				"each person is sent the message once.", n.repeated)
		}
		if n.freeForm {
			b.WriteString("\nIt is sent free-form (no template): WhatsApp delivers it only to recipients who wrote to " +
				"the business in the last 24 hours. The API accepts the sends to the others and reports on the webhook " +
				"that they failed (code 131047): the apply records them as \"accepted\", and only a refresh with a " +
				"delivery store shows the failure in deliveries. To reach them, set template to an approved template " +
				"whose header takes this media.")
			b.WriteString(windowNote(n.window, len(sends)))
		}
		if n.create && len(p.keep) == 0 {
			b.WriteString("\nThe full list is recipients: deliveries is known after apply.")
		} else {
			b.WriteString("\nThe full list is under deliveries in the JSON plan (`terraform show -json`), as the " +
				"entries known after apply.")
		}
		diags.AddWarning(fmt.Sprintf("WhatsApp Broadcast Will Send %d Message(s)", len(sends)), b.String())
	}
	if len(p.removed) > 0 {
		diags.AddWarning("WhatsApp Broadcast Forgets Removed Recipients",
			fmt.Sprintf("%d recipient(s) are no longer in recipients and leave the broadcast's deliveries: %s. "+
				"Nothing is sent to them and nothing is unsent: they keep what they got.",
				len(p.removed), firstFew(p.removed)))
	}
	diags.Append(p.adoptionWarnings()...)
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

// reasons lists, for an existing broadcast, why each group of recipients is
// sent the message.
func (p deliveryPlan) reasons(b *strings.Builder) {
	if list := p.send[reasonContent]; len(list) > 0 {
		fmt.Fprintf(b, "\n  - all %d again, because %s changed: %s. Each recipient gets a new message and keeps "+
			"the one sent before.", len(list), strings.Join(p.changed, ", "), firstFew(list))
	}
	if list := p.send[reasonPersonal]; len(list) > 0 {
		fmt.Fprintf(b, "\n  - %d recipients' messages changed: their own values (recipient_body_parameters, "+
			"recipient_body_named_parameters, recipient_button_parameters) differ from those of the message they got, so each is sent the new one and keeps the old: %s.", len(list), firstFew(list))
	}
	if list := p.send[reasonNew]; len(list) > 0 {
		fmt.Fprintf(b, "\n  - %d added to recipients: %s.", len(list), firstFew(list))
	}
	if list := p.send[reasonFailed]; len(list) > 0 {
		fmt.Fprintf(b, "\n  - %d whose last send failed, again: %s.", len(list), p.withErrors(list))
	}
	if list := p.send[reasonUnknown]; len(list) > 0 {
		fmt.Fprintf(b, "\n  - %d whose last send's outcome is unknown (WhatsApp may have taken it), again: %s. "+
			"If they have the message, add them to accept_unknown to accept it as delivered: nothing is sent to "+
			"them then.", len(list), firstFew(list))
	}
}

// adoptionWarnings says which recipients the plan takes from the record of
// sends instead of sending to them, and why.
func (p deliveryPlan) adoptionWarnings() diag.Diagnostics {
	var diags diag.Diagnostics
	var answered, unanswered []string
	fromStore := map[string]bool{}
	for _, c := range append(append([]string{}, p.fromStore.settled...), p.fromStore.found...) {
		fromStore[c] = true
	}
	for _, c := range p.adopted {
		if fromStore[c] {
			continue
		}
		if p.keep[c].Outcome == outcomeAccepted {
			answered = append(answered, c)
		} else {
			unanswered = append(unanswered, c)
		}
	}
	if len(answered) > 0 {
		diags.AddWarning(fmt.Sprintf("WhatsApp Broadcast Already Sent to %d Recipient(s): Adopted", len(answered)),
			fmt.Sprintf("A run whose state was lost (a crash or a killed run) already sent this message to %d "+
				"recipient(s): %s. This plan records the message IDs found in the record of sends in deliveries and "+
				"sends them nothing. To send one of them the message again anyway, remove it from recipients for one "+
				"apply and add it back (a triggers change would send to every recipient).",
				len(answered), firstFew(answered)))
	}
	if settled := p.fromStore.settled; len(settled) > 0 {
		diags.AddWarning(fmt.Sprintf("WhatsApp Broadcast Already Sent to %d Recipient(s): Settled From WhatsApp's Statuses", len(settled)),
			fmt.Sprintf("The sends to %d recipient(s) had an unknown outcome (their answer never came back), but "+
				"WhatsApp reported them in the delivery store, so the API accepted them: %s. This plan records their "+
				"message IDs in deliveries and sends them nothing.", len(settled), firstFew(settled)))
	}
	if found := p.fromStore.found; len(found) > 0 {
		diags.AddWarning(fmt.Sprintf("WhatsApp Broadcast Already Sent to %d Recipient(s): Found in the Delivery Store", len(found)),
			fmt.Sprintf("Neither a state nor the record of sends knows a send of this message to %d recipient(s), but "+
				"WhatsApp reported one for each in the delivery store: a run whose state and record were lost (another "+
				"machine, a runner thrown away) sent it: %s. This plan records their message IDs in deliveries and sends "+
				"them nothing. To send one of them the message again anyway, change a triggers value (it sends to "+
				"every recipient).", len(found), firstFew(found)))
	}
	if len(unanswered) > 0 {
		diags.AddWarning(fmt.Sprintf("WhatsApp Broadcast May Already Have Sent to %d Recipient(s)", len(unanswered)),
			fmt.Sprintf("A run whose state was lost started sending this message to %d recipient(s) and stopped "+
				"before the answer came: %s. This apply does not send to them: it records them in deliveries with "+
				"outcome = \"unknown\". Check with them or on your webhook; the next apply sends them the message "+
				"again unless you add them to accept_unknown.", len(unanswered), firstFew(unanswered)))
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
