package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The action's plan-time checks are whatsapp_media_message's, called, not
// copied: its schema carries the same validators, and these two methods call
// the resource's type-dependent and flavor-dependent rules
// (media_message_plan.go). A wrong configuration fails the plan, before any
// request is sent.

// ValidateConfig applies the resource's field table (caption and filename by
// type) and its template rules (a header's media type, no caption, one
// parameter per button).
func (a *sendMediaMessageAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	resp.Diagnostics.Append(validateMessageRules(ctx, req.Config)...)
	resp.Diagnostics.Append(validateTemplateRules(ctx, req.Config)...) // media_message_template.go
}

// ModifyPlan applies the rules that need the configured API: link_provider
// exists only On-Premises, where a template also needs a namespace; on Cloud
// with business_account_id the template itself is looked up and checked
// (media_message_template_check.go), before the action sends anything.
func (a *sendMediaMessageAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	if a.client == nil {
		return // the provider is not configured yet: Invoke checks the flavor again
	}
	var linkProvider, typ types.String
	var template types.Object
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("link_provider"), &linkProvider)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("type"), &typ)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("template"), &template)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(checkLinkProviderFlavor(a.client.Flavor(), linkProvider)...)
	resp.Diagnostics.Append(checkTemplateFlavor(ctx, a.client.Flavor(), a.client.TemplateNamespace(), template)...)
	if !resp.Diagnostics.HasError() && !template.IsNull() {
		resp.Diagnostics.Append(checkTemplateAtPlan(ctx, a.templates, typ, template)...)
	}
}
