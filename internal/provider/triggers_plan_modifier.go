package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/content"
)

// triggersPlanModifiers returns the plan modifiers of a `triggers` map: values
// whose change forces a replacement, the way random's `keepers` work.
func triggersPlanModifiers() []planmodifier.Map {
	return []planmodifier.Map{triggersModifier{}}
}

// triggersModifier forces a replacement when a non-null value of the map was
// changed, added or removed. A key with a null value counts as absent, so
// adding `extra = null` (say, a module input left unset) sends nothing again.
//
// When only null-valued keys differ, it plans the prior value, so the plan is
// empty instead of an in-place update. Terraform accepts a planned value that
// equals the prior one when both prior and config are non-null; when the
// prior map is null, the plan keeps the config and becomes an in-place update,
// which sends nothing either.
type triggersModifier struct{}

func (triggersModifier) Description(context.Context) string {
	return "Changing, adding or removing a non-null value replaces the resource; null values are ignored."
}

func (m triggersModifier) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (triggersModifier) PlanModifyMap(_ context.Context, req planmodifier.MapRequest, resp *planmodifier.MapResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return // create or destroy: there is nothing to replace
	}
	if req.ConfigValue.IsUnknown() {
		// Unknown until apply: it may well change, and a replacement cannot be
		// decided at apply time, so plan it now as RequiresReplace does.
		resp.RequiresReplace = true
		return
	}
	if !content.SameNonNullValues(req.ConfigValue, req.StateValue) {
		resp.RequiresReplace = true
		return
	}
	if !req.ConfigValue.IsNull() && !req.StateValue.IsNull() {
		resp.PlanValue = req.StateValue
	}
}
