package provider

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/content"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// A template send checked against its template while planning (issue 31):
// whatsapp_media_message, whatsapp_media_broadcast and the send action call
// checkTemplateAtPlan, which finds the template in the templateCatalog (a
// whatsapp_message_template planned in this configuration first, then the
// API, looked up once per process) and refuses, on the attribute to change,
// what WhatsApp would refuse at the send: a template missing in the
// language, one not approved, a header that does not take the media, a body
// or button that does not fit. On-Premises has no template API: there only
// the rules of media_message_template.go apply, and WhatsApp's answer to the
// send is the check.

// checkTemplateAtPlan checks the template send of a message of type typ
// whose template attribute is template. Values unknown at plan time are
// skipped; so is a lookup that fails (a warning says the check happens at
// the send).
func checkTemplateAtPlan(ctx context.Context, catalog *templateCatalog, typ types.String, template types.Object) diag.Diagnostics {
	t, ok, diags := content.TemplateOf(ctx, template)
	if !ok || catalog == nil || t.Name.IsUnknown() || t.Language.IsUnknown() {
		return diags
	}
	name, language := t.Name.ValueString(), t.Language.ValueString()
	if facts, planned := catalog.plannedTemplate(name, language); planned {
		return append(diags, facts.check(ctx, typ, t)...)
	}
	if !catalog.canLookUp() {
		return diags
	}
	found := catalog.lookUp(ctx, name)
	if found.err != nil {
		if catalog.firstWarning(name) {
			diags.AddAttributeWarning(path.Root("template").AtName("name"), "WhatsApp Template Not Checked at Plan",
				fmt.Sprintf("Looking up the template %q in business account %s failed, so this plan could not check the "+
					"send against it; WhatsApp checks it when the message is sent, and a broadcast stops at its first "+
					"refusal. Check business_account_id (the WhatsApp Business Account that owns phone_number_id) and "+
					"that the access token may read its templates (permission whatsapp_business_management).\n\n%s",
					name, catalog.client.BusinessAccountID(), describeAPIError(found.err)))
		}
		return diags
	}
	var languages []string
	for _, l := range found.languages {
		if l.Language == language {
			return append(diags, apiFacts(l).check(ctx, typ, t)...)
		}
		languages = append(languages, l.Language)
	}
	at := path.Root("template").AtName("language")
	if found.more {
		// The lookup stopped before the API's last page of languages: not
		// finding this one proves nothing. WhatsApp checks at the send.
		return diags
	}
	if len(languages) == 0 {
		diags.AddAttributeError(path.Root("template").AtName("name"), "WhatsApp Template Not Found",
			fmt.Sprintf("Business account %s has no template named %q, so WhatsApp would refuse every send of it "+
				"(code 132001). Check template.name, or create the template (whatsapp_message_template) and send it "+
				"once it is approved. Nothing was sent.", catalog.client.BusinessAccountID(), name))
		return diags
	}
	sort.Strings(languages)
	diags.AddAttributeError(at, "WhatsApp Template Not Found in This Language",
		fmt.Sprintf("The template %q exists in %s, not in %s, so WhatsApp would refuse the send (code 132001). Set "+
			"template.language to one of them, or add the %s version of the template. Nothing was sent.",
			name, strings.Join(languages, ", "), language, language))
	return diags
}

// check refuses what of the send does not fit the template; unknown parts
// on either side are skipped.
func (f templateFacts) check(ctx context.Context, typ types.String, t content.Template) diag.Diagnostics {
	var diags diag.Diagnostics
	where := fmt.Sprintf("The template %q (%s)", f.name, f.language)
	if f.planned {
		where = fmt.Sprintf("The template %q (%s), as whatsapp_message_template plans it,", f.name, f.language)
	}
	if f.status != "" && f.status != whatsapp.TemplateApproved {
		reason := ""
		if f.rejectedReason != "" {
			reason = fmt.Sprintf(" (rejected reason: %s)", f.rejectedReason)
		}
		diags.AddAttributeError(path.Root("template").AtName("name"), "WhatsApp Template Not Approved",
			fmt.Sprintf("%s, named in template.name, is %s%s, and WhatsApp sends only APPROVED templates (it would refuse the send with code "+
				"%s). %s Nothing was sent.", where, f.status, reason, statusCode(f.status), statusAdvice(f.status)))
	}
	if f.headerKnown && known(typ) {
		diags.Append(f.checkHeader(where, typ.ValueString())...)
	}
	if f.bodyKnown {
		diags.Append(f.checkBody(where, t)...)
	}
	if f.buttonsKnown && !t.Buttons.IsUnknown() {
		diags.Append(f.checkButtons(ctx, where, t)...)
	}
	return diags
}

func statusCode(status string) string {
	switch status {
	case whatsapp.TemplatePaused:
		return "132015"
	case whatsapp.TemplateDisabled:
		return "132016"
	}
	return "132001"
}

func statusAdvice(status string) string {
	switch status {
	case whatsapp.TemplatePending:
		return "Wait for Meta's review (whatsapp_message_template's wait_for_approval = true waits in the same apply), then apply again."
	case whatsapp.TemplateRejected:
		return "Change the template as the reason says (an edit is reviewed again), or send another template."
	case whatsapp.TemplatePaused:
		return "Meta paused it after negative feedback from recipients; it resumes by itself or in the WhatsApp Manager."
	}
	return "Send another template."
}

// checkHeader: a whatsapp_media_message carries its media as the template's
// header, so the header must be a media header of the message's type.
func (f templateFacts) checkHeader(where, typ string) diag.Diagnostics {
	var diags diag.Diagnostics
	if strings.EqualFold(f.headerFormat, typ) {
		return diags
	}
	has := "has no header"
	if f.headerFormat != "" {
		has = fmt.Sprintf("has %s %s header", articleFor(strings.ToLower(f.headerFormat)), f.headerFormat)
	}
	diags.AddAttributeError(path.Root("type"), "Template Header Does Not Take This Media",
		fmt.Sprintf("%s %s, and this %s message would be its header (WhatsApp would refuse the send with code 132012). "+
			"Send a template whose header is %s, or media of the type the header takes. Nothing was sent.",
			where, has, typ, strings.ToUpper(typ)))
	return diags
}

// checkBody: one parameter per body variable, by position or by name as the
// template's parameter_format says.
func (f templateFacts) checkBody(where string, t content.Template) diag.Diagnostics {
	var diags diag.Diagnostics
	if t.BodyParameters.IsUnknown() || t.BodyNamedParameters.IsUnknown() {
		return diags
	}
	positional, named := len(t.BodyParameters.Elements()), len(t.BodyNamedParameters.Elements())
	atPositional := path.Root("template").AtName("body_parameters")
	atNamed := path.Root("template").AtName("body_named_parameters")
	if f.parameterFormat == whatsapp.ParameterFormatNamed {
		want := whatsapp.PlaceholderNames(f.body)
		if positional > 0 {
			diags.AddAttributeError(atPositional, "Template Takes Named Parameters",
				fmt.Sprintf("%s has named variables (%s): fill them with template.body_named_parameters, a map from "+
					"each name to its value, instead of body_parameters. Nothing was sent.", where, braced(want)))
			return diags
		}
		// The names only: a value may be unknown until apply (checked at the send).
		given := t.BodyNamedParameters.Elements()
		var missing, extra []string
		for _, n := range want {
			if _, ok := given[n]; !ok {
				missing = append(missing, n)
			}
		}
		for n := range given {
			if !slices.Contains(want, n) {
				extra = append(extra, n)
			}
		}
		sort.Strings(extra)
		if len(missing)+len(extra) > 0 {
			diags.AddAttributeError(atNamed, "Template Body Parameters Do Not Match",
				fmt.Sprintf("%s has the body variables %s; template.body_named_parameters %s (WhatsApp would refuse "+
					"the send with code 132000). Nothing was sent.", where, braced(want), namedMismatch(missing, extra)))
		}
		return diags
	}
	want := whatsapp.CountPlaceholders(f.body)
	if named > 0 {
		diags.AddAttributeError(atNamed, "Template Takes Positional Parameters",
			fmt.Sprintf("%s numbers its body variables ({{1}}, {{2}}, ...: %d of them): give their values in order "+
				"in template.body_parameters, not by name. Nothing was sent.", where, want))
		return diags
	}
	if positional != want {
		diags.AddAttributeError(atPositional, "Template Body Parameters Do Not Match",
			fmt.Sprintf("%s has %d body variable(s) ({{1}}, {{2}}, ...), and template.body_parameters gives %d value(s) "+
				"(WhatsApp would refuse the send with code 132000). Give one value per variable, in order. Nothing was sent.",
				where, want, positional))
	}
	return diags
}

// checkButtons: each button parameter fills a button the template has, of
// that kind, and every dynamic URL button gets its parameter.
func (f templateFacts) checkButtons(ctx context.Context, where string, t content.Template) diag.Diagnostics {
	var diags diag.Diagnostics
	var buttons []content.TemplateButton
	if !t.Buttons.IsNull() {
		if diags.Append(t.Buttons.ElementsAs(ctx, &buttons, false)...); diags.HasError() {
			return diags
		}
	}
	filled := map[int64]bool{}
	for i, b := range buttons {
		at := path.Root("template").AtName("buttons").AtListIndex(i)
		if b.Index.IsUnknown() || b.SubType.IsUnknown() {
			return diags // which buttons are filled is known only at apply
		}
		index := b.Index.ValueInt64()
		filled[index] = true
		if index >= int64(len(f.buttons)) {
			diags.AddAttributeError(at.AtName("index"), "Template Has No Such Button",
				fmt.Sprintf("%s has %d button(s) (index 0 to %d), and template.buttons[%d] fills the button at index %d "+
					"(WhatsApp would refuse the send with code 132012). Nothing was sent.",
					where, len(f.buttons), len(f.buttons)-1, i, index))
			continue
		}
		if kind := f.buttons[index].kind; !strings.EqualFold(kind, b.SubType.ValueString()) {
			diags.AddAttributeError(at.AtName("sub_type"), "Template Button of Another Kind",
				fmt.Sprintf("The button at index %d of %s is %s, and template.buttons[%d] fills it as %s (WhatsApp would "+
					"refuse the send with code 132012). %s Nothing was sent.", index, strings.ToLower(where[:1])+where[1:],
					kind, i, b.SubType.ValueString(), buttonAdvice(kind)))
		}
	}
	for i, b := range f.buttons {
		if b.dynamic && !filled[int64(i)] {
			diags.AddAttributeError(path.Root("template").AtName("buttons"), "Template Button Parameter Missing",
				fmt.Sprintf("The button at index %d of %s is a URL ending in {{1}}, and template.buttons gives no "+
					"parameter for it (WhatsApp would refuse the send with code 132000). Add { index = %d, sub_type = "+
					"\"url\", parameter = \"...\" }. Nothing was sent.", i, strings.ToLower(where[:1])+where[1:], i))
		}
	}
	return diags
}

func buttonAdvice(kind string) string {
	switch kind {
	case "QUICK_REPLY":
		return `Set sub_type = "quick_reply".`
	case "URL":
		return `Set sub_type = "url".`
	}
	return "A " + kind + " button takes no parameter: remove this entry."
}

func braced(names []string) string {
	if len(names) == 0 {
		return "(none)"
	}
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "{{" + n + "}}"
	}
	return strings.Join(out, ", ")
}

func namedMismatch(missing, extra []string) string {
	var parts []string
	if len(missing) > 0 {
		parts = append(parts, "lacks "+strings.Join(missing, ", "))
	}
	if len(extra) > 0 {
		parts = append(parts, "names "+strings.Join(extra, ", ")+", which the template does not have")
	}
	return strings.Join(parts, " and ")
}

// known reports whether v holds a value (empty included).
func known(v types.String) bool { return !v.IsNull() && !v.IsUnknown() }
