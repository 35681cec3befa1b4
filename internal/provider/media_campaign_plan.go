package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/campaign"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/content"
)

// The campaign's plan: the file read once, every row checked before anything
// is sent, and words with counts for who will be sent the message and why
// (decideCampaign, media_campaign_rows.go, decides).

// ValidateConfig applies the content's rules (the broadcast's) and those of
// the parameter columns.
func (r *mediaCampaignResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m mediaCampaignModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(checkOneMediaSource(m.MediaID, m.Link, false)...)
	resp.Diagnostics.Append(checkMediaMessageRules(m.Media)...)
	resp.Diagnostics.Append(checkTemplateRules(ctx, m.Content)...) // media_message_template.go
	resp.Diagnostics.Append(checkParameterColumns(ctx, m)...)
}

// checkParameterColumns: body columns replace template.body_parameters, and
// a button column fills a button template.buttons has.
func checkParameterColumns(ctx context.Context, m mediaCampaignModel) diag.Diagnostics {
	var diags diag.Diagnostics
	t, ok, d := content.TemplateOf(ctx, m.Template)
	if diags.Append(d...); !ok {
		return diags
	}
	if isSetList(m.BodyParameterColumns) && !t.BodyParameters.IsNull() {
		diags.AddAttributeError(path.Root("body_parameter_columns"), "Two Sources of Body Parameters",
			"Both body_parameter_columns and template.body_parameters give the template body's values. Keep one: "+
				"body_parameter_columns for values from each row of the file, template.body_parameters for values "+
				"every recipient shares.")
	}
	if m.ButtonParameterColumns.IsNull() || m.ButtonParameterColumns.IsUnknown() || t.Buttons.IsUnknown() {
		return diags
	}
	var buttons []content.TemplateButton
	if !t.Buttons.IsNull() {
		if diags.Append(t.Buttons.ElementsAs(ctx, &buttons, false)...); diags.HasError() {
			return diags
		}
	}
	for key := range m.ButtonParameterColumns.Elements() {
		found := false
		for _, b := range buttons {
			if fmt.Sprint(b.Index.ValueInt64()) == key {
				found = true
			}
		}
		if !found {
			diags.AddAttributeError(path.Root("button_parameter_columns").AtMapKey(key), "No Such Template Button",
				fmt.Sprintf("button_parameter_columns fills the button at index %s, which template.buttons does not list. "+
					"Add it to template.buttons (index, sub_type, and a parameter the column's values replace).", key))
		}
	}
	return diags
}

func isSetList(l types.List) bool { return !l.IsNull() && !l.IsUnknown() }

// campaignComputed are the computed attributes a plan sets.
var campaignComputed = []string{"recipients_sha256", "recipient_count", "sent_count", "failed_count", "sent_recipients"}

// ModifyPlan reads the file, decides who is sent the message, sets the
// computed values it can know, checks the number's limits and says in words
// what the apply does.
func (r *mediaCampaignResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		var state mediaCampaignModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if !resp.Diagnostics.HasError() {
			resp.Diagnostics.AddWarning("WhatsApp Campaign Stays With Its Recipients",
				fmt.Sprintf("Destroying this campaign removes its record of %d recipient(s) sent from the Terraform state "+
					"only: WhatsApp messages cannot be unsent, and the recipients keep what they got.", state.SentCount.ValueInt64()))
		}
		return
	}
	var plan, state mediaCampaignModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	exists := !req.State.Raw.IsNull()
	if exists {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if r.client != nil {
		resp.Diagnostics.Append(checkLinkProviderFlavor(r.client.Flavor(), plan.LinkProvider)...)
		resp.Diagnostics.Append(checkTemplateFlavor(ctx, r.client.Flavor(), r.client.TemplateNamespace(), plan.Template)...)
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("delivery_label"), r.campaignLabel(plan))...)
	unknownAll := func(names ...string) {
		for _, n := range names {
			var v any
			switch n {
			case "recipients_sha256", "sent_recipients":
				v = types.StringUnknown()
			default:
				v = types.Int64Unknown()
			}
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(n), v)...)
		}
	}
	if plan.RecipientsFile.IsUnknown() || plan.PhoneColumn.IsUnknown() || plan.Country.IsUnknown() ||
		plan.BodyParameterColumns.IsUnknown() || plan.ButtonParameterColumns.IsUnknown() {
		unknownAll(campaignComputed...) // the apply reads the file and decides
		return
	}
	cols, d := campaignColumnsOf(ctx, plan)
	if resp.Diagnostics.Append(d...); d.HasError() {
		return
	}
	f, d := readCampaignFile(plan, cols)
	if resp.Diagnostics.Append(d...); d.HasError() {
		return
	}
	set := func(name string, v any) { resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(name), v)...) }
	set("recipients_sha256", types.StringValue(f.SHA256))
	set("recipient_count", types.Int64Value(int64(len(f.Rows))))
	_, cid, known := campaignIdentity("", plan)
	if !known {
		// The content is known at apply, which decides then. A new campaign
		// sends to every row whatever it is; an existing one may send to
		// everyone again.
		unknownAll("sent_count", "failed_count", "sent_recipients")
		sends := len(f.Rows)
		if exists {
			resp.Diagnostics.AddWarning("WhatsApp Campaign May Send to Everyone Again",
				fmt.Sprintf("Part of what the %d recipient(s) get is known only after apply (a value of another resource "+
					"this apply changes): if it differs from what they got, the apply sends to every one of them again; "+
					"otherwise it sends only to rows without their message.", sends))
		} else {
			resp.Diagnostics.AddWarning(fmt.Sprintf("WhatsApp Campaign Will Send %d Message(s)", sends),
				fmt.Sprintf("This plan sends the message to %d recipient(s) of %s: %s.", sends,
					plan.RecipientsFile.ValueString(), rowNames(f, allRows(len(f.Rows)))))
			resp.Diagnostics.Append(r.checkLimits(ctx, plan, sends)...)
		}
		return
	}
	prior, err := campaign.Unpack(state.SentRecipients.ValueString())
	if err != nil {
		resp.Diagnostics.Append(unreadableSentRecipients(err))
		return
	}
	var changed []string
	if exists {
		changed = content.Changes(state.Content, plan.Content)
	}
	dec := decideCampaign(f, cid, prior, len(changed) > 0)
	sends := dec.toSend()
	if len(sends) == 0 {
		packed := campaign.Pack(dec.kept)
		if exists && packed == state.SentRecipients.ValueString() {
			set("sent_recipients", state.SentRecipients) // the same value, without a second copy in the plan
		} else {
			set("sent_recipients", types.StringValue(packed))
		}
		set("sent_count", types.Int64Value(int64(len(dec.kept))))
		set("failed_count", types.Int64Value(0))
	} else {
		unknownAll("sent_count", "failed_count", "sent_recipients")
	}
	var window windowFacts
	if plan.Template.IsNull() && r.store != nil && len(sends) > 0 {
		numbers := make([]string, len(sends))
		for i, row := range sends {
			numbers[i] = f.Rows[row].Canonical
		}
		window = closedWindows(ctx, r.store, numbers) // customer_window.go
	}
	resp.Diagnostics.Append(campaignPlanWords(plan, state, exists, f, dec, changed, window)...)
	if len(sends) > 0 {
		resp.Diagnostics.Append(r.checkLimits(ctx, plan, len(sends))...)
	}
}

// unreadableSentRecipients is a state whose packed set cannot be read: a
// bug or a hand edit. Sending to everyone could send twice, so nothing is.
func unreadableSentRecipients(err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("sent_recipients"), "Unreadable Campaign State",
		fmt.Sprintf("The state's sent_recipients cannot be read (%v), so the provider cannot tell who already has the "+
			"message, and sends nothing rather than send twice. Restore the state from a backup "+
			"(terraform.tfstate.backup, or your backend's versions).", err))
}

// rowNames names rows of f by their canonical number and line.
func rowNames(f *campaign.File, rows []int) string {
	names := make([]string, 0, min(len(rows), shownPerList))
	for i, r := range rows {
		if i == shownPerList {
			break
		}
		names = append(names, fmt.Sprintf("%s (line %d)", f.Rows[r].Canonical, f.Rows[r].Line))
	}
	if len(rows) > shownPerList {
		return fmt.Sprintf("%s and %d more", strings.Join(names, ", "), len(rows)-shownPerList)
	}
	return strings.Join(names, ", ")
}

// campaignPlanWords says what the plan does to the campaign's recipients,
// with counts and the first few rows.
func campaignPlanWords(plan, state mediaCampaignModel, exists bool, f *campaign.File, d campaignDecision, changed []string,
	window windowFacts) diag.Diagnostics {
	var diags diag.Diagnostics
	file := plan.RecipientsFile.ValueString()
	sends := d.toSend()
	var b strings.Builder
	switch {
	case len(sends) == 0 && exists && f.SHA256 != state.RecipientsSHA256.ValueString():
		diags.AddWarning("WhatsApp Campaign Sends Nothing",
			fmt.Sprintf("%s changed, but every one of its %d recipient(s) already has this message (rows reordered, "+
				"numbers written another way, or a person named twice): this apply sends nothing and records the "+
				"file's new SHA-256.", file, len(f.Rows)))
	case len(sends) > 0 && !exists:
		fmt.Fprintf(&b, "This plan sends the message to %d recipient(s) of %s: %s.", len(sends), file, rowNames(f, sends))
	case len(sends) > 0:
		fmt.Fprintf(&b, "This plan sends the message to %d of the campaign's %d recipient(s):", len(sends), len(f.Rows))
		if rows := d.send[campaignContent]; len(rows) > 0 {
			fmt.Fprintf(&b, "\n  - %d again, because %s changed: %s. Each gets a new message and keeps the one sent before.",
				len(rows), strings.Join(changed, ", "), rowNames(f, rows))
		}
		if rows := d.send[campaignChanged]; len(rows) > 0 {
			fmt.Fprintf(&b, "\n  - %d recipients' messages changed: their row's parameter values (body_parameter_columns, "+
				"button_parameter_columns) differ from those of the message they got, so each is sent the new one and "+
				"keeps the old: %s.", len(rows), rowNames(f, rows))
		}
		if rows := d.send[campaignNew]; len(rows) > 0 {
			fmt.Fprintf(&b, "\n  - %d without this message yet (added to the file, or whose last send failed): %s.",
				len(rows), rowNames(f, rows))
		}
	}
	if b.Len() > 0 {
		if f.Duplicates > 0 {
			fmt.Fprintf(&b, "\n%d row(s) name a person an earlier row names (perhaps written another way): each person "+
				"is sent the message once, with the first row's parameters.", f.Duplicates)
			if len(f.Conflicts) > 0 {
				c := f.Conflicts[0]
				fmt.Fprintf(&b, " %d of them have other parameter values than that first row (line %d repeats %s of "+
					"line %d): those values are not sent.", len(f.Conflicts), c.Line, c.Canonical, c.FirstLine)
			}
		}
		if plan.Template.IsNull() {
			b.WriteString("\nIt is sent free-form (no template): WhatsApp delivers it only to recipients who wrote to the " +
				"business in the last 24 hours, and reports the others as failed on the webhook (code 131047). To reach " +
				"them, set template to an approved template whose header takes this media.")
			b.WriteString(windowNote(window, len(sends)))
		}
		diags.AddWarning(fmt.Sprintf("WhatsApp Campaign Will Send %d Message(s)", len(sends)), b.String())
	}
	if d.removed > 0 {
		diags.AddWarning("WhatsApp Campaign Forgets Removed Recipients",
			fmt.Sprintf("%d recipient(s) the campaign sent to are no longer in %s and leave sent_recipients. Nothing is "+
				"sent to them and nothing is unsent: they keep what they got.", d.removed, file))
	}
	return diags
}

// allRows is 0, 1, ..., n-1: every row of a file.
func allRows(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}
