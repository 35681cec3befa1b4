package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
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
				Validators:    []validator.String{mediaProviderNameValidator},
			},
			"type": schema.StringAttribute{
				MarkdownDescription: "The provider type. The API knows only `www` (media fetched over HTTP(S)).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"bearer_token": schema.StringAttribute{
				MarkdownDescription: "Token the API sends as `Authorization: Bearer <token>` when it fetches a link. " +
					"Stored in state (sensitive); `bearer_token_wo` keeps it out of state. " +
					"Exactly one of `bearer_token`, `bearer_token_wo` or `basic_username` must be set.",
				Optional:  true,
				Sensitive: true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					// Listing bearer_token too makes the error name every choice.
					stringvalidator.ExactlyOneOf(path.MatchRoot("bearer_token"), path.MatchRoot(attrBearerTokenWO),
						path.MatchRoot("basic_username")),
				},
			},
			attrBearerTokenWO: schema.StringAttribute{
				MarkdownDescription: "Write-only alternative to `bearer_token`: sent to the API, never stored in the plan or state, " +
					"and it may come from an ephemeral value. " + writeOnlyCLIs + " Conflicts with `bearer_token`. " +
					"Terraform cannot see a change of this value: change `bearer_token_wo_version` to send a new token.",
				Optional:  true,
				Sensitive: true,
				WriteOnly: true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					stringvalidator.ConflictsWith(path.MatchRoot("bearer_token")),
				},
			},
			"bearer_token_wo_version": schema.Int64Attribute{
				MarkdownDescription: "Any number, stored in state: changing it sends `bearer_token_wo` again (an in-place update). " +
					"Requires `bearer_token_wo`.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.AlsoRequires(path.MatchRoot(attrBearerTokenWO))},
			},
			"basic_username": schema.StringAttribute{
				MarkdownDescription: "User name for HTTP Basic authentication. Requires `basic_password` or " +
					"`basic_password_wo`; conflicts with `bearer_token` and `bearer_token_wo`.",
				Optional: true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					requiresOneOf{"basic_password", attrBasicPasswordWO},
				},
			},
			"basic_password": schema.StringAttribute{
				MarkdownDescription: "Password for HTTP Basic authentication. Requires `basic_username`. " +
					"Stored in state (sensitive); `basic_password_wo` keeps it out of state.",
				Optional:  true,
				Sensitive: true,
				Validators: []validator.String{
					stringvalidator.AlsoRequires(path.MatchRoot("basic_username")),
				},
			},
			attrBasicPasswordWO: schema.StringAttribute{
				MarkdownDescription: "Write-only alternative to `basic_password`: sent to the API, never stored in the plan or state, " +
					"and it may come from an ephemeral value. " + writeOnlyCLIs + " Requires `basic_username`; conflicts with " +
					"`basic_password`. Terraform cannot see a change of this value: change `basic_password_wo_version` to send a new password.",
				Optional:  true,
				Sensitive: true,
				WriteOnly: true,
				Validators: []validator.String{
					stringvalidator.AlsoRequires(path.MatchRoot("basic_username")),
					stringvalidator.ConflictsWith(path.MatchRoot("basic_password")),
				},
			},
			"basic_password_wo_version": schema.Int64Attribute{
				MarkdownDescription: "Any number, stored in state: changing it sends `basic_password_wo` again (an in-place update). " +
					"Requires `basic_password_wo`.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.AlsoRequires(path.MatchRoot(attrBasicPasswordWO))},
			},
		},
	}
}

func (r *mediaProviderResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !r.requireClient(&resp.Diagnostics, "Unable to Create WhatsApp Media Provider", "create the media provider") {
		return
	}
	var name types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("name"), &name)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(r.refuseExisting(withLogFields(ctx, "media_provider", name.ValueString()), name.ValueString())...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(r.put(ctx, req.Config, req.Plan, &resp.State, resp.Identity, resp.Private, "Create",
		"Creating media provider %q on the On-Premises API failed. Check the name and credentials, then apply again.")...)
}

// refuseExisting fails when a provider named name already exists. The API's
// POST overwrites an entry of the same name, so without this check Create
// would silently take over (and change the credentials of) an entry that
// Terraform did not create; adopting one is what import is for. The API has
// no create-only call, so an entry made between this read and the POST is
// still overwritten.
func (r *mediaProviderResource) refuseExisting(ctx context.Context, name string) diag.Diagnostics {
	var diags diag.Diagnostics
	tflog.Debug(ctx, "checking that the WhatsApp media provider does not exist yet")
	_, err := r.client.GetMediaProvider(ctx, name)
	switch {
	case whatsapp.IsNotFound(err):
		return diags
	case err != nil:
		diags.Append(apiErrorDiagnostic("Unable to Create WhatsApp Media Provider",
			fmt.Sprintf("Checking whether media provider %q already exists on the On-Premises API failed; nothing was written. "+
				"Check that the API is reachable, then apply again.", name), err))
		return diags
	}
	diags.AddAttributeError(path.Root("name"), "WhatsApp Media Provider Already Exists",
		fmt.Sprintf("A media provider named %q already exists on the On-Premises API, and Terraform did not create it: "+
			"creating it would overwrite its credentials, so nothing was written. To manage the existing entry with "+
			"this resource, import it (terraform import whatsapp_media_provider.<resource name> %s, or an import block "+
			"with id = %q); otherwise choose another name.", name, name, name))
	return diags
}

// put writes the planned provider and records it in state. Create and Update
// are the same call: a POST with an existing name overwrites that entry, so
// Create first refuses a name that exists (refuseExisting).
// The write-only secrets come from the configuration, the only place that
// holds them; private keeps their fingerprints for Read.
// verb names the action in the summary; failed (with the name) says what to do.
func (r *mediaProviderResource) put(ctx context.Context, config tfsdk.Config, plan tfsdk.Plan, state *tfsdk.State,
	identity *tfsdk.ResourceIdentity, private privateState, verb, failed string) diag.Diagnostics {
	var diags diag.Diagnostics
	summary := "Unable to " + verb + " WhatsApp Media Provider"
	if !r.requireClient(&diags, summary, strings.ToLower(verb)+" the media provider") {
		return diags
	}
	var m, configured mediaProviderModel
	diags.Append(plan.Get(ctx, &m)...)
	diags.Append(config.Get(ctx, &configured)...)
	if diags.HasError() {
		return diags
	}
	name := m.Name.ValueString()
	ctx = withLogFields(ctx, "media_provider", name)
	p := mediaProviderFromModel(m)
	if !configured.BearerTokenWO.IsNull() {
		p.Bearer = configured.BearerTokenWO.ValueString()
	}
	if !configured.BasicPasswordWO.IsNull() {
		p.BasicPassword = configured.BasicPasswordWO.ValueString()
	}
	tflog.Debug(ctx, "writing WhatsApp media provider")
	if err := r.client.SetMediaProvider(ctx, p); err != nil {
		diags.Append(apiErrorDiagnostic(summary, fmt.Sprintf(failed, name), err))
		return diags
	}
	m.ID = types.StringValue(name)
	m.Type = types.StringValue(whatsapp.MediaProviderTypeWWW)
	diags.Append(state.Set(ctx, &m)...)
	diags.Append(mediaProviderIdentity.set(ctx, identity, name)...)
	diags.Append(rememberWriteOnlySecret(ctx, private, attrBearerTokenWO, configured.BearerTokenWO)...)
	diags.Append(rememberWriteOnlySecret(ctx, private, attrBasicPasswordWO, configured.BasicPasswordWO)...)
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
		resp.Diagnostics.AddError(summaryMediaProvidersNeedOnPremises, cloudHasNoMediaProviders)
		return
	}
	name := state.Name.ValueString()
	ctx = withLogFields(ctx, "media_provider", name)
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
	m := mediaProviderToModel(got)
	m.BearerTokenWOVersion, m.BasicPasswordWOVersion = state.BearerTokenWOVersion, state.BasicPasswordWOVersion
	resp.Diagnostics.Append(r.readWriteOnlySecrets(ctx, req.Private, name, got, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
	resp.Diagnostics.Append(mediaProviderIdentity.set(ctx, resp.Identity, name)...)
}

// readWriteOnlySecrets keeps a write-only secret the server returned out of
// state, and reports one changed outside Terraform: it warns, and clears the
// secret's _wo_version in state, so the plan shows the configured version
// being set again, and applying it sends the configured secret again.
func (r *mediaProviderResource) readWriteOnlySecrets(ctx context.Context, private privateState, name string,
	got *whatsapp.MediaProvider, m *mediaProviderModel) diag.Diagnostics {
	var diags diag.Diagnostics
	secrets := []struct {
		key, onServer string
		inState       *types.String
		version       *types.Int64
	}{
		{attrBearerTokenWO, got.Bearer, &m.BearerToken, &m.BearerTokenWOVersion},
		{attrBasicPasswordWO, got.BasicPassword, &m.BasicPassword, &m.BasicPasswordWOVersion},
	}
	for _, s := range secrets {
		fp, writeOnly, d := writeOnlySecretFingerprint(ctx, private, s.key)
		diags.Append(d...)
		if !writeOnly {
			continue
		}
		*s.inState = types.StringNull()
		if fp.matches(s.onServer) {
			continue
		}
		versionAttr := s.key + "_version"
		detail := fmt.Sprintf("The %s of media provider %q on the On-Premises API is not the one Terraform last sent: "+
			"it was changed outside Terraform. ", strings.TrimSuffix(s.key, "_wo"), name)
		if s.version.IsNull() {
			// Null already: cleared by an earlier refresh, or never configured.
			detail += fmt.Sprintf("If the configuration has no %s, set one (any number): the plan then shows an update, "+
				"and applying it sends the configured %s again.", versionAttr, s.key)
		} else {
			detail += fmt.Sprintf("The plan sets %s again, and applying it sends the configured %s again.", versionAttr, s.key)
			*s.version = types.Int64Null()
		}
		diags.AddWarning("WhatsApp Media Provider Secret Changed Outside Terraform", detail)
	}
	return diags
}

func (r *mediaProviderResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.Append(r.put(ctx, req.Config, req.Plan, &resp.State, resp.Identity, resp.Private, "Update",
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
	ctx = withLogFields(ctx, "media_provider", name)
	tflog.Debug(ctx, "deleting WhatsApp media provider")
	err := r.client.DeleteMediaProvider(ctx, name)
	if err != nil && !whatsapp.IsNotFound(err) { // already gone is what destroy wants
		resp.Diagnostics.Append(apiErrorDiagnostic("Unable to Delete WhatsApp Media Provider",
			fmt.Sprintf("Deleting media provider %q from the On-Premises API failed. Check that the API is reachable, then destroy again.", name), err))
	}
}

// ImportState adopts an existing provider by name (an import ID, or an
// import block's identity); Read then fills in the credentials, which the API
// returns in clear.
func (r *mediaProviderResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	name, diags := mediaProviderIdentity.imported(ctx, req)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if problem := describeProblem(whatsapp.CheckMediaProviderName(name), name); problem != "" {
		resp.Diagnostics.AddError("Invalid WhatsApp Media Provider Import ID",
			fmt.Sprintf("%q is not a media provider name: %s. Import with the provider's name: letters, digits, - and _, at most %d characters, for example: terraform import whatsapp_media_provider.cdn cdn, or an import block with identity = { name = \"cdn\" }", name, problem, whatsapp.MaxMediaProviderNameLength))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), name)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
	resp.Diagnostics.Append(mediaProviderIdentity.set(ctx, resp.Identity, name)...)
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

		BearerTokenWO:          types.StringNull(),
		BearerTokenWOVersion:   types.Int64Null(),
		BasicPasswordWO:        types.StringNull(),
		BasicPasswordWOVersion: types.Int64Null(),
	}
}

func mediaProviderNullIfEmpty(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
