package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The conversational automation resource's type and model, declared under
// the conversational_automation_* files that hold its methods.

type conversationalAutomationResource struct {
	resourceClient
}

type conversationalAutomationModel struct {
	ID                   types.String `tfsdk:"id"`
	EnableWelcomeMessage types.Bool   `tfsdk:"enable_welcome_message"`
	Prompts              types.List   `tfsdk:"prompts"`
	Commands             types.List   `tfsdk:"commands"`
}

type botCommandModel struct {
	Name        types.String `tfsdk:"command_name"`
	Description types.String `tfsdk:"command_description"`
}

var botCommandAttrTypes = map[string]attr.Type{"command_name": types.StringType, "command_description": types.StringType}
