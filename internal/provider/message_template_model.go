package provider

import "github.com/hashicorp/terraform-plugin-framework/types"

// The message template resource's type and model, declared under the
// message_template_* files that hold its methods (resource, plan,
// components), so that each leans on this one.

type messageTemplateResource struct {
	resourceClient
}

// messageTemplateModel mirrors the schema.
type messageTemplateModel struct {
	ID                  types.String `tfsdk:"id"`
	Name                types.String `tfsdk:"name"`
	Language            types.String `tfsdk:"language"`
	Category            types.String `tfsdk:"category"`
	HeaderFormat        types.String `tfsdk:"header_format"`
	HeaderText          types.String `tfsdk:"header_text"`
	HeaderExample       types.String `tfsdk:"header_example"`
	HeaderExampleSHA256 types.String `tfsdk:"header_example_sha256"`
	ParameterFormat     types.String `tfsdk:"parameter_format"`
	Body                types.String `tfsdk:"body"`
	BodyExamples        types.List   `tfsdk:"body_examples"`
	BodyNamedExamples   types.Map    `tfsdk:"body_named_examples"`
	Footer              types.String `tfsdk:"footer"`
	Buttons             types.List   `tfsdk:"buttons"`
	WaitForApproval     types.Bool   `tfsdk:"wait_for_approval"`
	ReviewTimeout       types.String `tfsdk:"review_timeout"`
	Status              types.String `tfsdk:"status"`
	RejectedReason      types.String `tfsdk:"rejected_reason"`
	BodyParameterCount  types.Int64  `tfsdk:"body_parameter_count"`
	EditTimes           types.List   `tfsdk:"edit_times"`
}
