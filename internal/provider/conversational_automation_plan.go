package provider

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The plan-time rules of conversational automation: the counts and lengths
// of Meta's OpenAPI spec (whatsapp.Automation*), checked by the schema's
// validators; unique command names and the Cloud API here.

// runeLength checks a length in characters, as Meta counts them (not bytes).
func runeLength(summary string, lo, hi int) stringCheck {
	return stringCheck{
		description: fmt.Sprintf("must be %d to %d characters", lo, hi),
		summary:     summary,
		problem: func(v string) string {
			if n := utf8.RuneCountInString(v); n < lo || n > hi {
				return fmt.Sprintf("%q is %d characters; WhatsApp takes %d to %d.", v, n, lo, hi)
			}
			return ""
		},
	}
}

var commandNameValidator = stringCheck{
	description: fmt.Sprintf("letters, digits and _ only, at most %d, without the leading /", whatsapp.AutomationCommandNameMax),
	summary:     "Invalid WhatsApp Command Name",
	problem: func(v string) string {
		if n := utf8.RuneCountInString(v); n == 0 || n > whatsapp.AutomationCommandNameMax || !whatsapp.AutomationCommandNamePattern.MatchString(v) {
			return fmt.Sprintf("%q: a command name is 1 to %d letters, digits or _, without the leading / that customers "+
				"type (write \"help\" for /help).", v, whatsapp.AutomationCommandNameMax)
		}
		return ""
	},
}

func (r *conversationalAutomationResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var commands types.List
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("commands"), &commands)...)
	if resp.Diagnostics.HasError() || commands.IsNull() || commands.IsUnknown() {
		return
	}
	var list []botCommandModel
	resp.Diagnostics.Append(commands.ElementsAs(ctx, &list, false)...)
	seen := map[string]int{}
	for i, c := range list {
		if c.Name.IsNull() || c.Name.IsUnknown() {
			continue
		}
		name := c.Name.ValueString()
		if first, ok := seen[name]; ok {
			resp.Diagnostics.AddAttributeError(path.Root("commands").AtListIndex(i).AtName("command_name"),
				"Duplicate WhatsApp Command Name",
				fmt.Sprintf("%q is also command %d: command names must be unique on a phone number. Rename or remove one.", name, first+1))
			continue
		}
		seen[name] = i
	}
}

func (r *conversationalAutomationResource) ModifyPlan(_ context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	resp.Diagnostics.Append(requireCloud(r.client, "Conversational Automation",
		"set the welcome message, ice breakers and commands in the WhatsApp Manager, or remove this resource.")...)
}
