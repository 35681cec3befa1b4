package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

var (
	_ resource.Resource                = (*mediaProviderResource)(nil)
	_ resource.ResourceWithConfigure   = (*mediaProviderResource)(nil)
	_ resource.ResourceWithImportState = (*mediaProviderResource)(nil)
)

// NewMediaProviderResource manages one On-Premises media provider entry.
func NewMediaProviderResource() resource.Resource { return &mediaProviderResource{} }

type mediaProviderResource struct {
	resourceClient
}

type mediaProviderModel struct {
	ID            types.String `tfsdk:"id"`
	Name          types.String `tfsdk:"name"`
	Type          types.String `tfsdk:"type"`
	BearerToken   types.String `tfsdk:"bearer_token"`
	BasicUsername types.String `tfsdk:"basic_username"`
	BasicPassword types.String `tfsdk:"basic_password"`
}

func (r *mediaProviderResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_media_provider"
}

func (r *mediaProviderResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages one media provider of the WhatsApp **On-Premises** API " +
			"(`/v1/settings/application/media/providers`). A media provider holds the credentials the API uses " +
			"to fetch `link` media that sits behind HTTP Basic or Bearer authentication; a " +
			"`whatsapp_media_message` names it in `link_provider`. The Cloud API has no media providers.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The provider's name, which is its identity on the API.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The provider's name: letters, digits, `-` and `_`, at most %d characters. ", whatsapp.MaxMediaProviderNameLength) +
					"Messages refer to it in `link_provider`. Changing it replaces the provider.",
				Required:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, whatsapp.MaxMediaProviderNameLength),
					stringvalidator.RegexMatches(whatsapp.MediaProviderNamePattern,
						"must contain only letters, digits, `-` and `_`"),
				},
			},
			"type": schema.StringAttribute{
				MarkdownDescription: "The provider type. The API knows only `www` (media fetched over HTTP(S)).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"bearer_token": schema.StringAttribute{
				MarkdownDescription: "Token the API sends as `Authorization: Bearer <token>` when it fetches a link. " +
					"Exactly one of `bearer_token` or `basic_username` must be set.",
				Optional:  true,
				Sensitive: true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					// Listing bearer_token too makes the error name both choices.
					stringvalidator.ExactlyOneOf(path.MatchRoot("bearer_token"), path.MatchRoot("basic_username")),
				},
			},
			"basic_username": schema.StringAttribute{
				MarkdownDescription: "User name for HTTP Basic authentication. Requires `basic_password`; " +
					"conflicts with `bearer_token`.",
				Optional: true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					stringvalidator.AlsoRequires(path.MatchRoot("basic_password")),
				},
			},
			"basic_password": schema.StringAttribute{
				MarkdownDescription: "Password for HTTP Basic authentication. Requires `basic_username`.",
				Optional:            true,
				Sensitive:           true,
				Validators: []validator.String{
					stringvalidator.AlsoRequires(path.MatchRoot("basic_username")),
				},
			},
		},
	}
}

func (r *mediaProviderResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.Diagnostics.Append(r.put(ctx, req.Plan, &resp.State, "Create",
		"Creating media provider %q on the On-Premises API failed. Check the name and credentials, then apply again.")...)
}

// put writes the planned provider and records it in state. Create and Update
// are the same call: a POST with an existing name overwrites that entry.
// verb names the action in the summary; failed (with the name) says what to do.
func (r *mediaProviderResource) put(ctx context.Context, plan tfsdk.Plan, state *tfsdk.State, verb, failed string) diag.Diagnostics {
	var diags diag.Diagnostics
	summary := "Unable to " + verb + " WhatsApp Media Provider"
	if !r.requireClient(&diags, summary, strings.ToLower(verb)+" the media provider") {
		return diags
	}
	var m mediaProviderModel
	diags.Append(plan.Get(ctx, &m)...)
	if diags.HasError() {
		return diags
	}
	name := m.Name.ValueString()
	tflog.Debug(ctx, "writing WhatsApp media provider", map[string]any{"name": name, "action": verb})
	if err := r.client.SetMediaProvider(ctx, mediaProviderFromModel(m)); err != nil {
		diags.Append(apiErrorDiagnostic(summary, fmt.Sprintf(failed, name), err))
		return diags
	}
	m.ID = types.StringValue(name)
	m.Type = types.StringValue(whatsapp.MediaProviderTypeWWW)
	diags.Append(state.Set(ctx, &m)...)
	return diags
}

func (r *mediaProviderResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !r.requireClient(&resp.Diagnostics, "Unable to Read WhatsApp Media Provider", "read the media provider") {
		return
	}
	var state mediaProviderModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.client.Flavor() == whatsapp.Cloud {
		resp.Diagnostics.AddError("WhatsApp Media Providers Need the On-Premises API", cloudHasNoMediaProviders)
		return
	}
	name := state.Name.ValueString()
	got, err := r.client.GetMediaProvider(ctx, name)
	if whatsapp.IsNotFound(err) {
		// Removed out of band: the next plan creates it again. Say so where the
		// user looks, as whatsapp_media does for gone media.
		resp.Diagnostics.AddWarning("WhatsApp Media Provider Not Found",
			fmt.Sprintf("Media provider %q no longer exists on the On-Premises API (removed outside Terraform). "+
				"It was removed from state; the next apply creates it again.", name))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Unable to Read WhatsApp Media Provider",
			fmt.Sprintf("Reading media provider %q from the On-Premises API failed. Check that the API is reachable, then refresh again.", name), err))
		return
	}
	// The server's values win, so a change made out of band shows in the plan.
	resp.Diagnostics.Append(resp.State.Set(ctx, mediaProviderToModel(got))...)
}

func (r *mediaProviderResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.Append(r.put(ctx, req.Plan, &resp.State, "Update",
		"Updating media provider %q on the On-Premises API failed; it keeps its previous credentials. "+
			"Check the credentials, then apply again.")...)
}

func (r *mediaProviderResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if !r.requireClient(&resp.Diagnostics, "Unable to Delete WhatsApp Media Provider", "delete the media provider") {
		return
	}
	var state mediaProviderModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := state.Name.ValueString()
	tflog.Debug(ctx, "deleting WhatsApp media provider", map[string]any{"name": name})
	err := r.client.DeleteMediaProvider(ctx, name)
	if err != nil && !whatsapp.IsNotFound(err) { // already gone is what destroy wants
		resp.Diagnostics.Append(apiErrorDiagnostic("Unable to Delete WhatsApp Media Provider",
			fmt.Sprintf("Deleting media provider %q from the On-Premises API failed. Check that the API is reachable, then destroy again.", name), err))
	}
}

// ImportState adopts an existing provider by name; Read then fills in the
// credentials, which the API returns in clear.
func (r *mediaProviderResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !whatsapp.MediaProviderNamePattern.MatchString(req.ID) || len(req.ID) > whatsapp.MaxMediaProviderNameLength {
		resp.Diagnostics.AddError("Invalid WhatsApp Media Provider Import ID",
			fmt.Sprintf("%q is not a media provider name. Import with the provider's name: letters, digits, - and _, at most %d characters, for example: terraform import whatsapp_media_provider.cdn cdn", req.ID, whatsapp.MaxMediaProviderNameLength))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), req.ID)...)
}

// mediaProviderFromModel is what Create and Update send: the configured name
// and credentials, always of type "www".
func mediaProviderFromModel(m mediaProviderModel) whatsapp.MediaProvider {
	return whatsapp.MediaProvider{
		Name:          m.Name.ValueString(),
		Type:          whatsapp.MediaProviderTypeWWW,
		Bearer:        m.BearerToken.ValueString(),
		BasicUsername: m.BasicUsername.ValueString(),
		BasicPassword: m.BasicPassword.ValueString(),
	}
}

// mediaProviderToModel is the state Read records from the server's answer.
// An absent credential is null, as it is in a configuration that omits it, so
// only a real difference shows in the plan.
func mediaProviderToModel(p *whatsapp.MediaProvider) mediaProviderModel {
	typ := p.Type
	if typ == "" {
		typ = whatsapp.MediaProviderTypeWWW
	}
	return mediaProviderModel{
		ID:            types.StringValue(p.Name),
		Name:          types.StringValue(p.Name),
		Type:          types.StringValue(typ),
		BearerToken:   mediaProviderNullIfEmpty(p.Bearer),
		BasicUsername: mediaProviderNullIfEmpty(p.BasicUsername),
		BasicPassword: mediaProviderNullIfEmpty(p.BasicPassword),
	}
}

func mediaProviderNullIfEmpty(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
