package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// whatsapp_message_template manages one message template in one language on
// the Cloud API (internal/whatsapp/API.md, "Templates as code"). Meta reviews
// every new or edited template; the resource exports the status and can wait
// for the review. The components map onto the API in
// message_template_components.go; the plan rules are in message_template_plan.go.
var (
	_ resource.Resource                   = (*messageTemplateResource)(nil)
	_ resource.ResourceWithConfigure      = (*messageTemplateResource)(nil)
	_ resource.ResourceWithImportState    = (*messageTemplateResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*messageTemplateResource)(nil)
	_ resource.ResourceWithValidateConfig = (*messageTemplateResource)(nil)
)

// NewMessageTemplateResource is the whatsapp_message_template resource.
func NewMessageTemplateResource() resource.Resource { return &messageTemplateResource{} }

// defaultReviewTimeout bounds wait_for_approval.
const defaultReviewTimeout = "10m"

// reviewPoll is how often a wait for the review reads the template.
var reviewPoll = time.Second

func (r *messageTemplateResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_message_template"
}

func (r *messageTemplateResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A message template in one language, on the Cloud API: the kind of message WhatsApp " +
			"delivers to a customer outside the 24-hour window. Meta reviews every new or edited template " +
			"(`status` goes from `PENDING` to `APPROVED` or `REJECTED`); `wait_for_approval` makes the apply wait " +
			"for it. Changing `name` or `language` replaces the template; anything else is edited in place, which " +
			"Meta allows for `APPROVED`, `REJECTED` and `PAUSED` templates (an approved one once a day and 10 times " +
			"in 30 days, never its category). Needs the provider's `business_account_id`, and `app_id` for a media " +
			"header's `header_example`. Send it with `whatsapp_media_message`'s `template`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The template's ID (Meta's `hsm_id`).",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The template's name: lowercase letters, digits and underscores. Changing it " +
					"replaces the template. A deleted approved template's name cannot be used again for 30 days.",
				Required:      true,
				PlanModifiers: replace,
				Validators:    []validator.String{templateNameValidator},
			},
			"language": schema.StringAttribute{
				MarkdownDescription: "The template's language, e.g. `en_US`. Changing it replaces the template.",
				Required:            true,
				PlanModifiers:       replace,
				Validators:          []validator.String{templateLanguageValidator},
			},
			"category": schema.StringAttribute{
				MarkdownDescription: "`MARKETING`, `UTILITY` or `AUTHENTICATION`. An approved template's category cannot change.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf(whatsapp.TemplateCategories()...)},
			},
			"header_format": schema.StringAttribute{
				MarkdownDescription: "The header: `TEXT`, or `IMAGE`, `VIDEO` or `DOCUMENT` for a header that carries " +
					"media (each send gives its own media; see `whatsapp_media_message`'s `type`). Leave out for no header.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(whatsapp.TemplateHeaderFormats()...)},
			},
			"header_text": schema.StringAttribute{
				MarkdownDescription: "The header's text; only with `header_format = \"TEXT\"`.",
				Optional:            true,
			},
			"header_example": schema.StringAttribute{
				MarkdownDescription: "Path of a local file Meta reviews a media header with (required for `IMAGE`, " +
					"`VIDEO` and `DOCUMENT`): a JPEG or PNG, an MP4 or a PDF. It is streamed through the Resumable " +
					"Upload API (the provider's `app_id`) and hashed at plan time, so changed bytes plan an update.",
				Optional: true,
			},
			"header_example_sha256": schema.StringAttribute{
				MarkdownDescription: "The SHA-256 of `header_example`, computed at plan time.",
				Computed:            true,
			},
			"parameter_format": schema.StringAttribute{
				MarkdownDescription: "How the body's variables are written: `POSITIONAL` (the default) for `{{1}}`, " +
					"`{{2}}`, ..., which a send fills in order (`body_parameters`), or `NAMED` for `{{first_name}}`, " +
					"which a send fills by name (`body_named_parameters`).",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(whatsapp.ParameterFormatPositional),
				Validators: []validator.String{stringvalidator.OneOf(whatsapp.TemplateParameterFormats()...)},
			},
			"body": schema.StringAttribute{
				MarkdownDescription: "The body text, with variables that each send fills in: `{{1}}`, `{{2}}`, ... or, " +
					"with `parameter_format = \"NAMED\"`, names such as `{{first_name}}`.",
				Required:   true,
				Validators: []validator.String{stringvalidator.LengthBetween(1, 1024)},
			},
			"body_examples": schema.ListAttribute{
				MarkdownDescription: "Sample values for the body's variables, one per variable, in order: Meta " +
					"reviews the template with them. Required when a `POSITIONAL` body has variables.",
				ElementType: types.StringType,
				Optional:    true,
			},
			"body_named_examples": schema.MapAttribute{
				MarkdownDescription: "`NAMED` templates: a sample value for each body variable, by name, e.g. " +
					"`{ first_name = \"Jessica\" }` for `{{first_name}}` (sent as `body_text_named_params`). Required when a " +
					"`NAMED` body has variables.",
				ElementType: types.StringType,
				Optional:    true,
			},
			"footer": schema.StringAttribute{
				MarkdownDescription: "A short footer text, at most 60 characters.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 60)},
			},
			"buttons":           templateButtonsAttribute(), // message_template_components.go
			"wait_for_approval": waitForApprovalAttribute(),
			"review_timeout": schema.StringAttribute{
				MarkdownDescription: "How long `wait_for_approval` waits, as a Go duration. Default `" + defaultReviewTimeout + "`.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(defaultReviewTimeout),
				Validators:          []validator.String{durationValidator},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "The review status: `PENDING`, `APPROVED`, `REJECTED`, `PAUSED` or `DISABLED`. " +
					"Only an approved template can be sent.",
				Computed: true,
			},
			"rejected_reason": schema.StringAttribute{
				MarkdownDescription: "Why Meta rejected the template, when it did (e.g. `INVALID_FORMAT`).",
				Computed:            true,
			},
			"body_parameter_count": schema.Int64Attribute{
				MarkdownDescription: "How many distinct variables the body has: the number of `body_parameters` (or, " +
					"`NAMED`, of `body_named_parameters`) a send gives.",
				Computed: true,
			},
			"edit_times": schema.ListAttribute{
				MarkdownDescription: "When this resource edited the template while it was `APPROVED`, in the last 30 " +
					"days (RFC 3339, UTC, by the API's clock: the `Date` of its answers). Meta allows an approved " +
					"template one edit in 24 hours and ten in 30 days, and its API does not return a template's edit " +
					"history, so the provider counts these: a plan that would edit the template again too soon fails, " +
					"naming the time the next edit is possible, before anything is uploaded or changed. A created or " +
					"imported template starts with none: edits made before the import or in the WhatsApp Manager are " +
					"not known, and Meta still counts them (it then refuses the edit at apply, and nothing changes).",
				ElementType: types.StringType,
				Computed:    true,
			},
		},
	}
}

func waitForApprovalAttribute() schema.BoolAttribute {
	return schema.BoolAttribute{
		MarkdownDescription: "Wait, after a create or an edit, until Meta's review ends (at most `review_timeout`); a " +
			"rejection then fails the apply with the reason. Default `false`: the apply ends with `status = \"PENDING\"`.",
		Optional: true,
		Computed: true,
		Default:  booldefault.StaticBool(false),
	}
}

func (r *messageTemplateResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !r.requireClient(&resp.Diagnostics, "Unable to Create WhatsApp Message Template", "create the template") {
		return
	}
	var plan messageTemplateModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = withLogFields(ctx, "template", plan.Name.ValueString(), "language", plan.Language.ValueString())
	components, diags := r.components(ctx, plan)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	attempted := fmt.Sprintf("Creating the template %q (%s)", plan.Name.ValueString(), plan.Language.ValueString())
	created, err := r.client.CreateTemplate(ctx, whatsapp.MessageTemplate{Name: plan.Name.ValueString(),
		Language: plan.Language.ValueString(), Category: plan.Category.ValueString(),
		ParameterFormat: plan.ParameterFormat.ValueString(), Components: components})
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Unable to Create WhatsApp Message Template", attempted+" failed.", err))
		return
	}
	plan.ID = types.StringValue(created.ID)
	plan.EditTimes = noEditTimes()
	plan.Status = types.StringValue(created.Status)
	plan.RejectedReason = types.StringNull()
	// The template exists from here on: keep it in state before waiting.
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(messageTemplateIdentity.set(ctx, resp.Identity, created.ID)...)
	tflog.Debug(withLogFields(ctx, "template_id", created.ID), "created WhatsApp message template")
	r.waitForReview(ctx, &plan, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *messageTemplateResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !r.requireClient(&resp.Diagnostics, "Unable to Read WhatsApp Message Template", "read the template") {
		return
	}
	var state messageTemplateModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	t, err := r.client.GetTemplate(ctx, state.ID.ValueString())
	if whatsapp.IsNotFound(err) {
		resp.Diagnostics.AddWarning("WhatsApp Message Template Gone",
			fmt.Sprintf("The template %q (%s, ID %s) no longer exists: it was deleted outside Terraform. It is removed "+
				"from state, and the next apply creates it again (a deleted approved name cannot be used for 30 days).",
				state.Name.ValueString(), state.Language.ValueString(), state.ID.ValueString()))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Unable to Read WhatsApp Message Template",
			fmt.Sprintf("Reading the template %s failed.", state.ID.ValueString()), err))
		return
	}
	resp.Diagnostics.Append(fillFromAPI(ctx, &state, *t)...)
	if state.EditTimes.IsNull() {
		state.EditTimes = noEditTimes() // imported: earlier edits are not known
	}
	resp.Diagnostics.Append(messageTemplateIdentity.set(ctx, resp.Identity, state.ID.ValueString())...)
	if t.Status == whatsapp.TemplateDisabled || t.Status == whatsapp.TemplatePaused {
		resp.Diagnostics.AddWarning("WhatsApp Message Template Not Sendable",
			fmt.Sprintf("Meta has %s the template %q (%s): sends with it fail until it is edited (paused) or replaced "+
				"by a new template (disabled).", map[string]string{whatsapp.TemplateDisabled: "disabled",
				whatsapp.TemplatePaused: "paused"}[t.Status], t.Name, t.Language))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *messageTemplateResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if !r.requireClient(&resp.Diagnostics, "Unable to Edit WhatsApp Message Template", "edit the template") {
		return
	}
	var plan, state messageTemplateModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = withLogFields(ctx, "template", plan.Name.ValueString(), "template_id", state.ID.ValueString())
	plan.ID = state.ID
	resp.Diagnostics.Append(messageTemplateIdentity.set(ctx, resp.Identity, state.ID.ValueString())...)
	if !componentsChanged(state, plan) && plan.Category.Equal(state.Category) {
		// Only wait_for_approval or review_timeout changed: nothing to edit.
		plan.Status, plan.RejectedReason, plan.EditTimes = state.Status, state.RejectedReason, state.EditTimes
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	components, diags := r.components(ctx, plan)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	category := ""
	if !plan.Category.Equal(state.Category) {
		category = plan.Category.ValueString()
	}
	parameterFormat := ""
	if !plan.ParameterFormat.Equal(state.ParameterFormat) {
		parameterFormat = plan.ParameterFormat.ValueString()
	}
	if err := r.client.EditTemplate(ctx, state.ID.ValueString(), category, parameterFormat, components); err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Unable to Edit WhatsApp Message Template",
			fmt.Sprintf("Editing the template %q (%s, status %s) failed. Meta edits only APPROVED, REJECTED and PAUSED "+
				"templates; an approved template at most once in 24 hours and 10 times in 30 days, and never its "+
				"category; edit_times holds only the edits this resource made, not ones made before an import or in the "+
				"WhatsApp Manager. Nothing was changed; apply again later, or give the template a new name (a replacement).",
				plan.Name.ValueString(), plan.Language.ValueString(), state.Status.ValueString()), err))
		return
	}
	plan.EditTimes = state.EditTimes
	if state.Status.ValueString() == whatsapp.TemplateApproved {
		// Meta counts this edit against the approved template's limits.
		edits, d := editTimesOf(ctx, state.EditTimes)
		resp.Diagnostics.Append(d...)
		now, _ := r.client.ServerNow() // the Date of the edit's answer
		plan.EditTimes = editTimesValue(edits, now)
	}
	plan.Status, plan.RejectedReason = types.StringValue(whatsapp.TemplatePending), types.StringNull()
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	r.waitForReview(ctx, &plan, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *messageTemplateResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if !r.requireClient(&resp.Diagnostics, "Unable to Delete WhatsApp Message Template", "delete the template") {
		return
	}
	var state messageTemplateModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.client.DeleteTemplate(ctx, state.Name.ValueString(), state.ID.ValueString()); err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Unable to Delete WhatsApp Message Template",
			fmt.Sprintf("Deleting the template %q (%s, ID %s) failed.", state.Name.ValueString(),
				state.Language.ValueString(), state.ID.ValueString()), err))
	}
}

// ImportState takes the template's ID (or an identity naming it); Read fills
// in the rest. A media header's example file cannot be read back, so
// header_example stays unset until the configuration gives one, which is
// then taken as the example Meta already has (componentsChanged).
func (r *messageTemplateResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, diags := messageTemplateIdentity.imported(ctx, req)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(messageTemplateIdentity.set(ctx, resp.Identity, id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("wait_for_approval"), false)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("review_timeout"), defaultReviewTimeout)...)
}

// waitForReview reads the template until its review ends, when the
// configuration asks for it. A rejection is an error with Meta's reason; a
// review still pending at the timeout is a warning (the template exists).
func (r *messageTemplateResource) waitForReview(ctx context.Context, m *messageTemplateModel, diags interface {
	AddError(string, string)
	AddWarning(string, string)
}) {
	if !m.WaitForApproval.ValueBool() {
		return
	}
	timeout, _ := time.ParseDuration(m.ReviewTimeout.ValueString())
	deadline := time.Now().Add(timeout)
	for {
		t, err := r.client.GetTemplate(ctx, m.ID.ValueString())
		if err != nil {
			diags.AddWarning("WhatsApp Message Template Review Not Followed",
				fmt.Sprintf("The template %s was submitted, but reading its status failed: %v", m.ID.ValueString(), err))
			return
		}
		m.Status = types.StringValue(t.Status)
		m.RejectedReason = reasonValue(t.RejectedReason)
		switch {
		case t.Status == whatsapp.TemplateRejected:
			diags.AddError("WhatsApp Message Template Rejected",
				fmt.Sprintf("Meta rejected the template %q (%s): %s. Change what the reason names (the body, its "+
					"examples, the category) and apply again: a rejected template is edited in place.",
					t.Name, t.Language, t.RejectedReason))
			return
		case t.Status != whatsapp.TemplatePending:
			return
		case time.Now().After(deadline):
			diags.AddWarning("WhatsApp Message Template Still Pending",
				fmt.Sprintf("The template %q is still PENDING after %s. It stays in state; the next refresh reads "+
					"its status. Raise review_timeout to wait longer.", t.Name, timeout))
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(reviewPoll):
		}
	}
}
