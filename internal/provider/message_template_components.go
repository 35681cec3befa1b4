package provider

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// How whatsapp_message_template's flat arguments map onto the API's
// components (HEADER, BODY, FOOTER, BUTTONS) and back.

// templateButtonDefModel mirrors one element of buttons.
type templateButtonDefModel struct {
	Type        types.String `tfsdk:"type"`
	Text        types.String `tfsdk:"text"`
	URL         types.String `tfsdk:"url"`
	PhoneNumber types.String `tfsdk:"phone_number"`
	Example     types.String `tfsdk:"example"`
}

func templateButtonDefAttrTypes() map[string]attr.Type {
	return map[string]attr.Type{"type": types.StringType, "text": types.StringType, "url": types.StringType,
		"phone_number": types.StringType, "example": types.StringType}
}

func templateButtonsAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		MarkdownDescription: "The template's buttons, in order (a send's `template.buttons[*].index` counts from 0).",
		Optional:            true,
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"type": schema.StringAttribute{
				MarkdownDescription: "`QUICK_REPLY`, `URL` or `PHONE_NUMBER`.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf(whatsapp.TemplateButtonTypes()...)},
			},
			"text": schema.StringAttribute{
				MarkdownDescription: "The button's label, at most 25 characters.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 25)},
			},
			"url": schema.StringAttribute{
				MarkdownDescription: "`URL` buttons: the address; it may end in `{{1}}`, which each send fills in.",
				Optional:            true,
				Validators:          []validator.String{httpURLValidator},
			},
			"phone_number": schema.StringAttribute{
				MarkdownDescription: "`PHONE_NUMBER` buttons: the number to call, with its country code.",
				Optional:            true,
			},
			"example": schema.StringAttribute{
				MarkdownDescription: "`URL` buttons with `{{1}}`: a sample value Meta reviews the button with.",
				Optional:            true,
			},
		}},
	}
}

// buttonsOf reads the buttons list.
func buttonsOf(ctx context.Context, l types.List) ([]templateButtonDefModel, diag.Diagnostics) {
	var out []templateButtonDefModel
	if l.IsNull() || l.IsUnknown() {
		return nil, nil
	}
	diags := l.ElementsAs(ctx, &out, false)
	return out, diags
}

// components builds the API's components from the plan, uploading the media
// header's example first (the API needs a fresh handle in every create and edit).
func (r *messageTemplateResource) components(ctx context.Context, m messageTemplateModel) ([]whatsapp.TemplateComponent, diag.Diagnostics) {
	var diags diag.Diagnostics
	var out []whatsapp.TemplateComponent
	if format := m.HeaderFormat.ValueString(); format != "" {
		h := whatsapp.TemplateComponent{Type: "HEADER", Format: format}
		if format == "TEXT" {
			h.Text = m.HeaderText.ValueString()
		} else {
			handle, err := r.uploadExample(ctx, m.HeaderExample.ValueString())
			if err != nil {
				diags.Append(apiErrorDiagnostic("Unable to Upload WhatsApp Template Header Example",
					fmt.Sprintf("Uploading %s through the Resumable Upload API (app %s) failed; nothing was created or edited.",
						m.HeaderExample.ValueString(), r.client.AppID()), err))
				return nil, diags
			}
			h.Example = &whatsapp.TemplateExample{HeaderHandle: []string{handle}}
		}
		out = append(out, h)
	}
	body := whatsapp.TemplateComponent{Type: "BODY", Text: m.Body.ValueString()}
	if !m.BodyExamples.IsNull() {
		var examples []string
		diags.Append(m.BodyExamples.ElementsAs(ctx, &examples, false)...)
		if len(examples) > 0 {
			body.Example = &whatsapp.TemplateExample{BodyText: [][]string{examples}}
		}
	}
	if !m.BodyNamedExamples.IsNull() {
		var named map[string]string
		diags.Append(m.BodyNamedExamples.ElementsAs(ctx, &named, false)...)
		if len(named) > 0 {
			// In the order the body names them, as Meta's samples list them.
			body.Example = &whatsapp.TemplateExample{}
			for _, name := range whatsapp.PlaceholderNames(m.Body.ValueString()) {
				if v, ok := named[name]; ok {
					body.Example.BodyTextNamedParams = append(body.Example.BodyTextNamedParams,
						whatsapp.NamedParamExample{ParamName: name, Example: v})
				}
			}
		}
	}
	out = append(out, body)
	if isSet(m.Footer) {
		out = append(out, whatsapp.TemplateComponent{Type: "FOOTER", Text: m.Footer.ValueString()})
	}
	buttons, d := buttonsOf(ctx, m.Buttons)
	diags.Append(d...)
	if len(buttons) > 0 {
		c := whatsapp.TemplateComponent{Type: "BUTTONS"}
		for _, b := range buttons {
			def := whatsapp.TemplateButtonDef{Type: b.Type.ValueString(), Text: b.Text.ValueString(),
				URL: b.URL.ValueString(), PhoneNumber: b.PhoneNumber.ValueString()}
			if isSet(b.Example) {
				def.Example = []string{b.Example.ValueString()}
			}
			c.Buttons = append(c.Buttons, def)
		}
		out = append(out, c)
	}
	return out, diags
}

// uploadExample streams the file (never held in memory) to the Resumable
// Upload API and returns its handle.
func (r *messageTemplateResource) uploadExample(ctx context.Context, file string) (string, error) {
	info, err := mediafile.InspectFile(file)
	if err != nil {
		return "", err
	}
	src := mediaSource{file: file}
	body, size, closeFile, err := src.open()
	if err != nil {
		return "", err
	}
	defer closeFile()
	return r.client.UploadHeaderExample(ctx, whatsapp.Upload{Body: body, Size: size, ContentType: info.ContentType,
		Filename: filepath.Base(file)})
}

// fillFromAPI sets the state from what the API says, so edits made outside
// Terraform show as drift. A media header's example cannot be read back as a
// file: header_example and its hash keep their state values.
func fillFromAPI(ctx context.Context, m *messageTemplateModel, t whatsapp.MessageTemplate) diag.Diagnostics {
	var diags diag.Diagnostics
	m.Name, m.Language, m.Category = types.StringValue(t.Name), types.StringValue(t.Language), types.StringValue(t.Category)
	m.Status, m.RejectedReason = types.StringValue(t.Status), reasonValue(t.RejectedReason)
	m.HeaderFormat, m.HeaderText = types.StringNull(), types.StringNull()
	if h, ok := t.Component("HEADER"); ok {
		m.HeaderFormat = types.StringValue(h.Format)
		if h.Format == "TEXT" {
			m.HeaderText = types.StringValue(h.Text)
		}
	}
	if m.HeaderFormat.IsNull() || m.HeaderFormat.ValueString() == "TEXT" {
		m.HeaderExample, m.HeaderExampleSHA256 = types.StringNull(), types.StringNull()
	}
	if m.HeaderExampleSHA256.IsUnknown() {
		m.HeaderExampleSHA256 = types.StringNull()
	}
	m.ParameterFormat = types.StringValue(whatsapp.ParameterFormatPositional)
	if t.IsNamed() {
		m.ParameterFormat = types.StringValue(whatsapp.ParameterFormatNamed)
	}
	body, _ := t.Component("BODY")
	m.Body = types.StringValue(body.Text)
	m.BodyParameterCount = types.Int64Value(int64(whatsapp.CountBodyParameters(t.ParameterFormat, body.Text)))
	m.BodyExamples = types.ListNull(types.StringType)
	if body.Example != nil && len(body.Example.BodyText) > 0 {
		l, d := types.ListValueFrom(ctx, types.StringType, body.Example.BodyText[0])
		diags.Append(d...)
		m.BodyExamples = l
	}
	m.BodyNamedExamples = types.MapNull(types.StringType)
	if body.Example != nil && len(body.Example.BodyTextNamedParams) > 0 {
		named := map[string]string{}
		for _, p := range body.Example.BodyTextNamedParams {
			named[p.ParamName] = p.Example
		}
		v, d := types.MapValueFrom(ctx, types.StringType, named)
		diags.Append(d...)
		m.BodyNamedExamples = v
	}
	m.Footer = types.StringNull()
	if f, ok := t.Component("FOOTER"); ok {
		m.Footer = types.StringValue(f.Text)
	}
	m.Buttons = types.ListNull(types.ObjectType{AttrTypes: templateButtonDefAttrTypes()})
	if b, ok := t.Component("BUTTONS"); ok && len(b.Buttons) > 0 {
		var defs []templateButtonDefModel
		for _, def := range b.Buttons {
			bm := templateButtonDefModel{Type: types.StringValue(def.Type), Text: types.StringValue(def.Text),
				URL: optionalString(def.URL), PhoneNumber: optionalString(def.PhoneNumber), Example: types.StringNull()}
			if len(def.Example) > 0 {
				bm.Example = types.StringValue(def.Example[0])
			}
			defs = append(defs, bm)
		}
		l, d := types.ListValueFrom(ctx, types.ObjectType{AttrTypes: templateButtonDefAttrTypes()}, defs)
		diags.Append(d...)
		m.Buttons = l
	}
	return diags
}

// reasonValue is rejected_reason in state: Graph says "NONE" for none.
func reasonValue(reason string) types.String {
	if reason == "" || reason == "NONE" {
		return types.StringNull()
	}
	return types.StringValue(reason)
}

// componentsChanged reports whether what Meta reviews differs between state
// and plan. An imported media header's example is not known (its hash is
// null in state): the file the configuration then names is taken as that
// example, not uploaded, so adopting a template does not spend one of the
// edits Meta allows it.
func componentsChanged(state, plan messageTemplateModel) bool {
	example := state.HeaderExampleSHA256
	if example.IsNull() && isSet(state.HeaderFormat) && state.HeaderFormat.Equal(plan.HeaderFormat) &&
		state.HeaderFormat.ValueString() != "TEXT" {
		example = plan.HeaderExampleSHA256
	}
	for _, p := range []struct{ a, b attr.Value }{
		{state.HeaderFormat, plan.HeaderFormat}, {state.HeaderText, plan.HeaderText},
		{example, plan.HeaderExampleSHA256}, {state.Body, plan.Body},
		{state.BodyExamples, plan.BodyExamples}, {state.BodyNamedExamples, plan.BodyNamedExamples},
		{state.ParameterFormat, plan.ParameterFormat}, {state.Footer, plan.Footer}, {state.Buttons, plan.Buttons},
	} {
		if !p.a.Equal(p.b) {
			return true
		}
	}
	return false
}
