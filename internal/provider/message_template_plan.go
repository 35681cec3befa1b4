package provider

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The rules of whatsapp_message_template that the schema cannot express
// (ValidateConfig), and what needs the configured client or the local file
// (ModifyPlan): the Cloud API with a business account ID (and an app ID for a
// media header), the example file hashed and checked, the review rules Meta
// applies to edits. Everything here runs before any request.

func (r *messageTemplateResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m messageTemplateModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(checkTemplateHeader(m)...)
	resp.Diagnostics.Append(checkBodyExamples(ctx, m)...)
	resp.Diagnostics.Append(checkTemplateButtons(ctx, m)...)
}

// checkTemplateHeader: TEXT takes header_text, a media format takes
// header_example, no header takes neither.
func checkTemplateHeader(m messageTemplateModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if m.HeaderFormat.IsUnknown() {
		return diags
	}
	format := m.HeaderFormat.ValueString()
	media := whatsapp.HeaderExampleTypes(format) != nil
	switch {
	case format == "TEXT" && m.HeaderText.IsNull():
		diags.AddAttributeError(path.Root("header_text"), "Missing Template Header Text",
			`header_format = "TEXT" needs header_text, the header's words.`)
	case format != "TEXT" && !m.HeaderText.IsNull():
		diags.AddAttributeError(path.Root("header_text"), "Template Header Text Not Allowed",
			`header_text only goes with header_format = "TEXT"; remove it, or set header_format = "TEXT".`)
	}
	switch {
	case media && m.HeaderExample.IsNull():
		diags.AddAttributeError(path.Root("header_example"), "Missing Template Header Example",
			fmt.Sprintf("A %s header needs header_example: the path of a local %s file Meta reviews the template "+
				"with (each send then gives its own media).", format, strings.Join(whatsapp.HeaderExampleTypes(format), " or ")))
	case !media && !m.HeaderExample.IsNull():
		diags.AddAttributeError(path.Root("header_example"), "Template Header Example Not Allowed",
			"header_example is the sample of a media header: it only goes with header_format IMAGE, VIDEO or DOCUMENT.")
	}
	return diags
}

// checkBodyExamples: one sample value per body variable, by position or by
// name as parameter_format says.
func checkBodyExamples(ctx context.Context, m messageTemplateModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if m.Body.IsUnknown() || m.Body.IsNull() || m.BodyExamples.IsUnknown() || m.BodyNamedExamples.IsUnknown() ||
		m.ParameterFormat.IsUnknown() {
		return diags
	}
	if parameterFormatOf(m.ParameterFormat) == whatsapp.ParameterFormatNamed {
		return checkNamedBodyExamples(ctx, m)
	}
	if !m.BodyNamedExamples.IsNull() {
		diags.AddAttributeError(path.Root("body_named_examples"), "Template Body Examples Are Positional",
			`body_named_examples samples a body whose variables have names ({{first_name}}), which needs `+
				`parameter_format = "NAMED". Set it, or give the samples of {{1}}, {{2}}, ... in body_examples.`)
		return diags
	}
	if names := whatsapp.PlaceholderNames(m.Body.ValueString()); len(names) > 0 {
		diags.AddAttributeError(path.Root("body"), "Template Body Has Named Variables",
			fmt.Sprintf("The body has named variables (%s), which Meta takes only with parameter_format = \"NAMED\". "+
				"Set it (and body_named_examples), or number the variables {{1}}, {{2}}, ...", braced(names)))
		return diags
	}
	want := whatsapp.CountPlaceholders(m.Body.ValueString())
	var examples []string
	if !m.BodyExamples.IsNull() {
		diags.Append(m.BodyExamples.ElementsAs(ctx, &examples, false)...)
	}
	if len(examples) != want {
		diags.AddAttributeError(path.Root("body_examples"), "Template Body Examples Do Not Match",
			fmt.Sprintf("The body has %d variable(s) ({{1}}, {{2}}, ...) and body_examples gives %d sample value(s): "+
				"Meta reviews a template with exactly one sample per variable.", want, len(examples)))
	}
	return diags
}

// checkNamedBodyExamples: a NAMED body's variables are names, each with its
// sample in body_named_examples.
func checkNamedBodyExamples(ctx context.Context, m messageTemplateModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if !m.BodyExamples.IsNull() {
		diags.AddAttributeError(path.Root("body_examples"), "Template Body Examples Are Named",
			`A NAMED template's samples are given by name: use body_named_examples = { first_name = "Jessica" } instead of body_examples.`)
	}
	if n := whatsapp.CountPlaceholders(m.Body.ValueString()); n > 0 {
		diags.AddAttributeError(path.Root("body"), "Template Body Has Numbered Variables",
			`With parameter_format = "NAMED" the body's variables are names such as {{first_name}}, not {{1}}, {{2}}: `+
				`rename them, or leave parameter_format out.`)
	}
	want := whatsapp.PlaceholderNames(m.Body.ValueString())
	var given map[string]string
	if !m.BodyNamedExamples.IsNull() {
		diags.Append(m.BodyNamedExamples.ElementsAs(ctx, &given, false)...)
	}
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
		diags.AddAttributeError(path.Root("body_named_examples"), "Template Body Examples Do Not Match",
			fmt.Sprintf("The body has the variables %s; body_named_examples %s. Meta reviews a template with one "+
				"sample per variable.", braced(want), namedMismatch(missing, extra)))
	}
	return diags
}

// checkTemplateButtons: each button type takes its own fields.
func checkTemplateButtons(ctx context.Context, m messageTemplateModel) diag.Diagnostics {
	buttons, diags := buttonsOf(ctx, m.Buttons)
	for i, b := range buttons {
		at := path.Root("buttons").AtListIndex(i)
		switch b.Type.ValueString() {
		case "URL":
			if b.URL.IsNull() {
				diags.AddAttributeError(at.AtName("url"), "Missing Template Button URL", "A URL button needs url.")
			}
			if isSet(b.URL) && whatsapp.CountPlaceholders(b.URL.ValueString()) > 0 && b.Example.IsNull() {
				diags.AddAttributeError(at.AtName("example"), "Missing Template Button Example",
					"A URL with {{1}} needs example: a sample suffix Meta reviews the button with.")
			}
		case "PHONE_NUMBER":
			if b.PhoneNumber.IsNull() {
				diags.AddAttributeError(at.AtName("phone_number"), "Missing Template Button Phone Number", "A PHONE_NUMBER button needs phone_number.")
			}
		}
		if b.Type.ValueString() != "URL" && (!b.URL.IsNull() || !b.Example.IsNull()) {
			diags.AddAttributeError(at, "Template Button Field Not Allowed", "url and example only go with a URL button.")
		}
		if b.Type.ValueString() != "PHONE_NUMBER" && !b.PhoneNumber.IsNull() {
			diags.AddAttributeError(at.AtName("phone_number"), "Template Button Field Not Allowed", "phone_number only goes with a PHONE_NUMBER button.")
		}
	}
	return diags
}

func (r *messageTemplateResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	var plan messageTemplateModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(checkTemplateSettings(r.client, plan.HeaderExample)...)
	if resp.Diagnostics.HasError() {
		return
	}

	// The example is hashed now, so a changed file plans an edit.
	switch {
	case plan.HeaderExample.IsNull():
		plan.HeaderExampleSHA256 = types.StringNull()
	case plan.HeaderExample.IsUnknown():
		plan.HeaderExampleSHA256 = types.StringUnknown()
	default:
		sum, d := inspectHeaderExample(plan.HeaderExample.ValueString(), plan.HeaderFormat.ValueString())
		resp.Diagnostics.Append(d...)
		plan.HeaderExampleSHA256 = types.StringValue(sum)
	}
	if req.State.Raw.IsNull() {
		plan.EditTimes = noEditTimes()
	}
	plan.BodyParameterCount = types.Int64Unknown()
	if !plan.Body.IsUnknown() && !plan.ParameterFormat.IsUnknown() {
		plan.BodyParameterCount = types.Int64Value(int64(whatsapp.CountBodyParameters(plan.ParameterFormat.ValueString(), plan.Body.ValueString())))
	}

	if !req.State.Raw.IsNull() {
		var state messageTemplateModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		edit := componentsChanged(state, plan) || !plan.Category.Equal(state.Category)
		status := state.Status.ValueString()
		plan.EditTimes = state.EditTimes
		switch {
		case !edit:
			plan.Status, plan.RejectedReason = state.Status, state.RejectedReason
		case status == whatsapp.TemplateApproved && !plan.Category.Equal(state.Category):
			resp.Diagnostics.AddAttributeError(path.Root("category"), "Category of an Approved Template Cannot Change",
				fmt.Sprintf("The template %q is APPROVED as %s, and Meta does not change an approved template's category. "+
					"A replacement would not help: a deleted approved template's name cannot be used again for 30 days. "+
					"Keep category, or give the template a new name (which creates a new template for review).",
					state.Name.ValueString(), state.Category.ValueString()))
		case !whatsapp.IsEditable(status):
			resp.Diagnostics.AddError("WhatsApp Message Template Cannot Be Edited Now",
				fmt.Sprintf("The template %q is %s: Meta edits only APPROVED, REJECTED and PAUSED templates. Wait for "+
					"the review to end (wait_for_approval = true waits for it), then apply again.", state.Name.ValueString(), status))
		case status == whatsapp.TemplateApproved:
			edits, d := editTimesOf(ctx, state.EditTimes)
			resp.Diagnostics.Append(d...)
			now := r.apiNow(ctx, state.ID.ValueString())
			if next, limit := nextTemplateEdit(edits, now); !next.IsZero() {
				resp.Diagnostics.AddError(editLimitError(state.Name.ValueString(), next, now, limit))
				return
			}
			plan.Status, plan.RejectedReason, plan.EditTimes = types.StringUnknown(), types.StringUnknown(), types.ListUnknown(types.StringType)
		default:
			plan.Status, plan.RejectedReason = types.StringUnknown(), types.StringUnknown()
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	// Messages and broadcasts of this configuration that name the template
	// are checked against what this plans (media_message_template_check.go).
	r.templates.plan(plan)
}

// checkTemplateSettings: templates live on the Cloud API, in a business
// account, and a media header's example goes through an app.
func checkTemplateSettings(c *whatsapp.Client, headerExample types.String) diag.Diagnostics {
	var diags diag.Diagnostics
	switch {
	case c.Flavor() != whatsapp.Cloud:
		diags.AddError("WhatsApp Message Templates Need the Cloud API",
			"whatsapp_message_template manages templates through the Cloud API, and the provider is configured for "+
				"the On-Premises API. Manage On-Premises templates in the WhatsApp Manager; send them with "+
				"whatsapp_media_message's template (and the provider's template_namespace).")
	case c.BusinessAccountID() == "":
		diags.AddError("Missing WhatsApp Business Account ID",
			"Templates belong to a WhatsApp Business Account, and none is set. Set business_account_id in the provider "+
				"block, or the "+envBusinessAccountID+" environment variable, to the account's ID from the WhatsApp Manager.")
	case !headerExample.IsNull() && c.AppID() == "":
		diags.AddAttributeError(path.Root("header_example"), "Missing WhatsApp App ID",
			"A media header's example is uploaded through the Resumable Upload API of a Meta app, and none is set. Set "+
				"app_id in the provider block, or the "+envAppID+" environment variable, to the app's ID from the App Dashboard.")
	}
	return diags
}

// inspectHeaderExample hashes the example file (streamed) and checks its type
// against the header format.
func inspectHeaderExample(file, format string) (string, diag.Diagnostics) {
	var diags diag.Diagnostics
	info, err := mediafile.InspectFile(file)
	if err != nil {
		diags.AddAttributeError(path.Root("header_example"), "Unable to Read Template Header Example", err.Error())
		return "", diags
	}
	allowed := whatsapp.HeaderExampleTypes(format)
	ok := false
	for _, t := range allowed {
		ok = ok || t == info.ContentType
	}
	if len(allowed) > 0 && !ok {
		diags.AddAttributeError(path.Root("header_example"), "Template Header Example of the Wrong Type",
			fmt.Sprintf("%s is %s, and a %s header's example must be %s.", file, info.ContentType, format, strings.Join(allowed, " or ")))
	}
	return info.SHA256, diags
}
