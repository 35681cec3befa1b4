package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

var (
	_ resource.Resource                   = (*conversationalAutomationResource)(nil)
	_ resource.ResourceWithConfigure      = (*conversationalAutomationResource)(nil)
	_ resource.ResourceWithImportState    = (*conversationalAutomationResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*conversationalAutomationResource)(nil)
	_ resource.ResourceWithValidateConfig = (*conversationalAutomationResource)(nil)
)

// NewConversationalAutomationResource manages a Cloud phone number's welcome
// message, ice breakers and commands.
func NewConversationalAutomationResource() resource.Resource {
	return &conversationalAutomationResource{}
}

func (r *conversationalAutomationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_conversational_automation"
}

func (r *conversationalAutomationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "What a customer sees when opening a chat with the phone number (**Cloud API only**): the " +
			"welcome message switch, up to " + fmt.Sprint(whatsapp.AutomationPromptsMax) + " ice breakers (tappable prompts) and up to " +
			fmt.Sprint(whatsapp.AutomationCommandsMax) + " commands (typed after `/`). `POST /{phone-number-id}/conversational_automation` " +
			"replaces all three at once; a refresh reads them back (`GET /{phone-number-id}?fields=conversational_automation`), so a " +
			"change made in the WhatsApp Manager shows in the plan. There is one setting per phone number: the provider's. " +
			"**Destroying it turns the welcome message off and removes every prompt and command** (the API has no delete).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The phone number ID.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"enable_welcome_message": schema.BoolAttribute{
				MarkdownDescription: "Whether WhatsApp tells your webhook (a `request_welcome` message) when a customer opens a " +
					"chat for the first time, so your receiver can answer with a welcome. Default `false`.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"prompts": schema.ListAttribute{
				MarkdownDescription: fmt.Sprintf("Ice breakers: up to %d prompts of 1 to %d characters, shown as buttons in a new "+
					"chat; a tap sends the text as a message. Default none.", whatsapp.AutomationPromptsMax, whatsapp.AutomationPromptMaxLen),
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				Default:     listdefault.StaticValue(types.ListValueMust(types.StringType, nil)),
				Validators: []validator.List{
					listvalidator.SizeAtMost(whatsapp.AutomationPromptsMax),
					listvalidator.ValueStringsAre(runeLength("Invalid WhatsApp Ice Breaker", 1, whatsapp.AutomationPromptMaxLen)),
				},
			},
			"commands": schema.ListNestedAttribute{
				MarkdownDescription: fmt.Sprintf("Up to %d commands customers can type after `/`; names must be unique. Default none.",
					whatsapp.AutomationCommandsMax),
				Optional:   true,
				Computed:   true,
				Default:    listdefault.StaticValue(types.ListValueMust(types.ObjectType{AttrTypes: botCommandAttrTypes}, nil)),
				Validators: []validator.List{listvalidator.SizeAtMost(whatsapp.AutomationCommandsMax)},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"command_name": schema.StringAttribute{
						MarkdownDescription: fmt.Sprintf("The command without its `/`: 1 to %d letters, digits or `_`.", whatsapp.AutomationCommandNameMax),
						Required:            true,
						Validators:          []validator.String{commandNameValidator},
					},
					"command_description": schema.StringAttribute{
						MarkdownDescription: fmt.Sprintf("What the command does, 1 to %d characters, shown next to it.", whatsapp.AutomationCommandDescMaxLen),
						Required:            true,
						Validators:          []validator.String{runeLength("Invalid WhatsApp Command Description", 1, whatsapp.AutomationCommandDescMaxLen)},
					},
				}},
			},
		},
	}
}

// toAPI reads the model into the API's shape.
func (m *conversationalAutomationModel) toAPI(ctx context.Context) (whatsapp.ConversationalAutomation, diag.Diagnostics) {
	var diags diag.Diagnostics
	ca := whatsapp.ConversationalAutomation{EnableWelcomeMessage: m.EnableWelcomeMessage.ValueBool(), Prompts: []string{}, Commands: []whatsapp.BotCommand{}}
	diags.Append(m.Prompts.ElementsAs(ctx, &ca.Prompts, false)...)
	var cmds []botCommandModel
	diags.Append(m.Commands.ElementsAs(ctx, &cmds, false)...)
	for _, c := range cmds {
		ca.Commands = append(ca.Commands, whatsapp.BotCommand{Name: c.Name.ValueString(), Description: c.Description.ValueString()})
	}
	return ca, diags
}

// fromAPI sets the model from what the API holds.
func (m *conversationalAutomationModel) fromAPI(ca *whatsapp.ConversationalAutomation) diag.Diagnostics {
	var diags diag.Diagnostics
	m.EnableWelcomeMessage = types.BoolValue(ca.EnableWelcomeMessage)
	prompts, d := types.ListValueFrom(context.Background(), types.StringType, ca.Prompts)
	diags.Append(d...)
	m.Prompts = prompts
	cmds := make([]botCommandModel, 0, len(ca.Commands))
	for _, c := range ca.Commands {
		cmds = append(cmds, botCommandModel{Name: types.StringValue(c.Name), Description: types.StringValue(c.Description)})
	}
	list, d := types.ListValueFrom(context.Background(), types.ObjectType{AttrTypes: botCommandAttrTypes}, cmds)
	diags.Append(d...)
	m.Commands = list
	return diags
}

func (r *conversationalAutomationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.set(ctx, req.Plan, &resp.State, &resp.Diagnostics, "Unable to Set WhatsApp Conversational Automation")
}

func (r *conversationalAutomationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.set(ctx, req.Plan, &resp.State, &resp.Diagnostics, "Unable to Update WhatsApp Conversational Automation")
}

type planGetter interface {
	Get(ctx context.Context, target any) diag.Diagnostics
}

type stateSetter interface {
	Set(ctx context.Context, val any) diag.Diagnostics
}

func (r *conversationalAutomationResource) set(ctx context.Context, plan planGetter, state stateSetter, diags *diag.Diagnostics, summary string) {
	if !r.requireClient(diags, summary, "set conversational automation") {
		return
	}
	var m conversationalAutomationModel
	diags.Append(plan.Get(ctx, &m)...)
	if diags.HasError() {
		return
	}
	ca, d := m.toAPI(ctx)
	if diags.Append(d...); diags.HasError() {
		return
	}
	tflog.Debug(ctx, "setting WhatsApp conversational automation", map[string]any{"prompts": len(ca.Prompts), "commands": len(ca.Commands)})
	if err := r.client.SetConversationalAutomation(ctx, ca); err != nil {
		diags.Append(apiErrorDiagnostic(summary, "Setting the welcome message, ice breakers and commands failed; the "+
			"previous setting stays. Check the values, then apply again.", err))
		return
	}
	m.ID = types.StringValue(r.client.PhoneNumberID())
	diags.Append(state.Set(ctx, &m)...)
}

func (r *conversationalAutomationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	const summary = "Unable to Read WhatsApp Conversational Automation"
	if !r.requireClient(&resp.Diagnostics, summary, "read conversational automation") {
		return
	}
	var m conversationalAutomationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if id := m.ID.ValueString(); id != r.client.PhoneNumberID() {
		resp.Diagnostics.AddError("WhatsApp Conversational Automation Belongs to Another Number",
			fmt.Sprintf("This setting is phone number %q's, but the provider is configured for %q. Use a provider block for "+
				"that number, or remove this resource from state (terraform state rm).", id, r.client.PhoneNumberID()))
		return
	}
	ca, err := r.client.GetConversationalAutomation(ctx)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(summary, "Reading the phone number's conversational automation failed. "+
			"Check that the API is reachable, then refresh again.", err))
		return
	}
	// The server's values win, so a change made in the WhatsApp Manager shows in the plan.
	resp.Diagnostics.Append(m.fromAPI(ca)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Delete turns everything off: the API has no delete, and an empty setting is
// what a number without automation has.
func (r *conversationalAutomationResource) Delete(ctx context.Context, _ resource.DeleteRequest, resp *resource.DeleteResponse) {
	const summary = "Unable to Remove WhatsApp Conversational Automation"
	if !r.requireClient(&resp.Diagnostics, summary, "remove conversational automation") {
		return
	}
	if err := r.client.SetConversationalAutomation(ctx, whatsapp.ConversationalAutomation{}); err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(summary, "Turning the welcome message off and removing the ice breakers "+
			"and commands failed; customers still see them. Check that the API is reachable, then destroy again.", err))
	}
}

// ImportState adopts the configured phone number's setting by its ID.
func (r *conversationalAutomationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if r.client != nil && req.ID != r.client.PhoneNumberID() {
		resp.Diagnostics.AddError("Invalid WhatsApp Conversational Automation Import ID",
			fmt.Sprintf("%q is not this provider's phone number ID: import the setting with %q, for example: terraform import "+
				"whatsapp_conversational_automation.welcome %s", req.ID, r.client.PhoneNumberID(), r.client.PhoneNumberID()))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}
