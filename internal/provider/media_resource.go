package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

var (
	_ resource.Resource                     = (*mediaResource)(nil)
	_ resource.ResourceWithConfigure        = (*mediaResource)(nil)
	_ resource.ResourceWithConfigValidators = (*mediaResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*mediaResource)(nil)
	_ resource.ResourceWithImportState      = (*mediaResource)(nil)
)

// NewMediaResource uploads one file and keeps its media ID.
func NewMediaResource() resource.Resource { return &mediaResource{} }

type mediaResource struct {
	resourceClient
}

type mediaModel struct {
	ID            types.String `tfsdk:"id"`
	Source        types.String `tfsdk:"source"`
	ContentBase64 types.String `tfsdk:"content_base64"`
	ContentType   types.String `tfsdk:"content_type"`
	Filename      types.String `tfsdk:"filename"`
	SHA256        types.String `tfsdk:"sha256"`
	Size          types.Int64  `tfsdk:"size"`
	MediaType     types.String `tfsdk:"media_type"`
}

func (r *mediaResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_media"
}

func (r *mediaResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Uploads one file to WhatsApp and keeps its media ID, so messages can send it " +
			"(`whatsapp_media_message` with `media_id`). The file is hashed at plan time: when its bytes change, " +
			"the plan replaces the media (a new upload, a new ID). Files are streamed, never held whole in memory, " +
			"and their bytes are never stored in state.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The media ID the API returned (a number on Cloud, a UUID on On-Premises).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"source": schema.StringAttribute{
				MarkdownDescription: "Path of the file to upload, e.g. `\"${path.module}/files/brochure.pdf\"`. " +
					"Exactly one of `source` and `content_base64` is required. Changing the path alone, to a file " +
					"with the same bytes, only updates state.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"content_base64": schema.StringAttribute{
				MarkdownDescription: "The file's bytes, base64-encoded (as `filebase64()` or `base64encode()` " +
					"produce). Exactly one of `source` and `content_base64` is required. Prefer `source` for " +
					"large files: this value is part of the configuration and the plan.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"content_type": schema.StringAttribute{
				MarkdownDescription: "The MIME type sent with the upload, e.g. `application/pdf`. When not set, it " +
					"is detected from the file's bytes, then from its name's extension. On the Cloud API it must " +
					"be one of the types the API accepts. A common misspelling such as `image/jpg` or `audio/mp3` is an " +
					"error that names the registered type (`image/jpeg`, `audio/mpeg`). Changing it replaces the media.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{mediaContentTypeValidator},
			},
			"filename": schema.StringAttribute{
				MarkdownDescription: "The file name sent with the upload (Cloud keeps it with the media; On-Premises " +
					"ignores it). Defaults to the base name of `source`; with `content_base64` it stays null unless " +
					"set. Changing it only updates state: the media is not uploaded again.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"sha256": schema.StringAttribute{
				MarkdownDescription: "Hex SHA-256 of the uploaded bytes, computed at plan time. A different value " +
					"(the file changed) plans a replacement.",
				Computed: true,
			},
			"size": schema.Int64Attribute{
				MarkdownDescription: "Size of the file in bytes.",
				Computed:            true,
			},
			"media_type": schema.StringAttribute{
				MarkdownDescription: "The message type the file can be sent as: `image`, `video`, `audio`, " +
					"`sticker` or `document`, from its content type and size (see WhatsApp's supported media " +
					"types). Known at plan time, so a message can use `type = whatsapp_media.x.media_type`.",
				Computed: true,
			},
		},
	}
}

func (r *mediaResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(path.MatchRoot("source"), path.MatchRoot("content_base64")),
	}
}

// ImportState adopts existing media by its ID; Read then fills in what the
// API can tell (and, on On-Premises, hashes the bytes once).
func (r *mediaResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}

// Create streams the file to the API. The media ID goes to state the moment
// the API returns it, so a later failure can never make the next apply upload
// a duplicate.
func (r *mediaResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !r.requireClient(&resp.Diagnostics, "Unable to Upload WhatsApp Media", "upload the media") {
		return
	}
	var plan mediaModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	src := mediaSourceOf(plan)
	if !resolveUnknowns(r, src, &plan, resp) {
		return
	}
	if isSet(plan.ID) {
		// The plan adopted an upload of these bytes that the record of sends
		// holds and the API still has (media_upload_record.go): upload nothing.
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}

	body, size, closeBody, err := src.open()
	if err != nil {
		resp.Diagnostics.AddAttributeError(src.attr, "Unable to Read Media File", err.Error())
		return
	}
	defer closeBody()
	hashed := mediafile.NewHashingReader(body)
	upload := whatsapp.Upload{Body: hashed, Size: size, ContentType: plan.ContentType.ValueString()}
	if !plan.Filename.IsNull() {
		upload.Filename = plan.Filename.ValueString()
	}
	ctx = withLogFields(ctx, "source", src.name, "filename", upload.Filename, "content_type", upload.ContentType)
	tflog.Debug(ctx, "uploading WhatsApp media", map[string]any{"size": size})
	id, err := r.client.UploadMedia(ctx, upload)
	if err != nil {
		attempted := fmt.Sprintf("Uploading %s (%s, %s) failed; nothing was saved to state.", src.name,
			upload.ContentType, mediafile.FormatSize(size))
		if whatsapp.IsOutcomeUnknown(err) {
			attempted += " The API may have stored the file anyway; if so it is an unused copy that Terraform does " +
				"not track (on Cloud it expires after 30 days). Apply again to upload it."
		} else {
			attempted += " Fix the cause below and apply again."
		}
		resp.Diagnostics.Append(apiErrorDiagnostic("Unable to Upload WhatsApp Media", attempted, err))
		return
	}
	plan.ID = types.StringValue(id)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	tflog.Debug(withLogFields(ctx, "media_id", id), "uploaded WhatsApp media")

	// Prove the bytes sent are the bytes planned: the file may have changed
	// between plan and apply, and then the plan (and whatever used its hash or
	// media_type) described another file.
	sentSHA, sentSize, ok := hashed.Sum()
	if !ok {
		info, err := src.inspect()
		if err != nil {
			resp.Diagnostics.AddAttributeError(src.attr, "Unable to Verify Uploaded WhatsApp Media",
				fmt.Sprintf("Media %s was uploaded and saved to state, but %s could not be read again to check it: %v", id, src.name, err))
			return
		}
		sentSHA, sentSize = info.SHA256, info.Size
	}
	resp.Diagnostics.Append(recordUpload(r.sends, id, sentSHA, upload.ContentType)...)
	if sentSHA != plan.SHA256.ValueString() {
		planned := plan.SHA256.ValueString()
		plan.SHA256 = types.StringValue(sentSHA)
		plan.Size = types.Int64Value(sentSize)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		resp.Diagnostics.AddAttributeError(src.attr, "Media File Changed During Apply",
			fmt.Sprintf("%s changed between plan and apply: the plan hashed it as sha256 %s, but the bytes uploaded "+
				"hash to %s (%s). The upload worked and media %s is saved in state with the uploaded bytes' hash, "+
				"but resources planned from this media may be wrong. Run terraform apply again.",
				src.name, planned, sentSHA, mediafile.FormatSize(sentSize), id))
	}
}

// resolveUnknowns fills in what the plan could not know because the bytes
// came from something applied in the same run. It reports false after adding
// an error.
func resolveUnknowns(r *mediaResource, src mediaSource, plan *mediaModel, resp *resource.CreateResponse) bool {
	if plan.Filename.IsUnknown() {
		plan.Filename = src.defaultFilename()
	}
	if !plan.SHA256.IsUnknown() && !plan.Size.IsUnknown() && !plan.ContentType.IsUnknown() && !plan.MediaType.IsUnknown() {
		return true
	}
	config := *plan
	if plan.ContentType.IsUnknown() {
		config.ContentType = types.StringNull() // not set by the user: detect it
	}
	planned, diags := r.planMedia(src, config)
	resp.Diagnostics.Append(diags...)
	if diags.HasError() {
		return false
	}
	plan.SHA256, plan.Size, plan.ContentType, plan.MediaType = planned.SHA256, planned.Size, planned.ContentType, planned.MediaType
	return true
}

// Update only records new values in state: a plan reaches Update only when
// the bytes and content type are unchanged (otherwise, or when they could not
// be known at plan time, it replaces), so the media on the server is right.
func (r *mediaResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state mediaModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = state.ID
	if plan.Filename.IsUnknown() {
		plan.Filename = mediaSourceOf(plan).defaultFilename()
	}
	if plan.SHA256.IsUnknown() || plan.Size.IsUnknown() || plan.ContentType.IsUnknown() || plan.MediaType.IsUnknown() {
		// ModifyPlan replaces whenever the bytes are unknown; reaching this
		// means that guarantee broke.
		resp.Diagnostics.AddError("Unable to Update WhatsApp Media",
			"The plan left the file's hash or type unknown for an in-place update. This is a bug in the provider: "+
				"please report it. Running terraform apply again should work.")
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete removes the media from the server; media already gone is fine.
func (r *mediaResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if !r.requireClient(&resp.Diagnostics, "Unable to Delete WhatsApp Media", "delete the media") {
		return
	}
	var state mediaModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	ctx = withLogFields(ctx, "media_id", id)
	err := r.client.DeleteMedia(ctx, id)
	if err == nil || whatsapp.IsNotFound(err) {
		return
	}
	resp.Diagnostics.Append(apiErrorDiagnostic("Unable to Delete WhatsApp Media",
		fmt.Sprintf("Deleting media %s failed; it stays in state. Fix the cause below and run again.", id), err))
}

// Read checks that the media still exists, without downloading it. Media is
// immutable, so existence is the only drift: gone media (deleted, or expired
// after 30 days on Cloud) leaves state with a warning and the next apply
// uploads it again. After an import, Read also fills in what state lacks.
func (r *mediaResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !r.requireClient(&resp.Diagnostics, "Unable to Read WhatsApp Media", "check that the media still exists") {
		return
	}
	var state mediaModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	ctx = withLogFields(ctx, "media_id", id)
	info, err := r.client.GetMedia(ctx, id)
	if whatsapp.IsNotFound(err) {
		resp.Diagnostics.AddWarning("WhatsApp Media Not Found",
			fmt.Sprintf("Media %s no longer exists on the WhatsApp API: it was deleted, or it expired (Cloud media IDs "+
				"last 30 days). It was removed from state; the next apply uploads it again, with a new media ID.", id))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Unable to Read WhatsApp Media",
			fmt.Sprintf("Checking that media %s still exists failed; state is unchanged. Fix the cause below and run again.", id), err))
		return
	}
	uploadSeen(ctx, r.sends, id) // a state holds it: no lost state's plan may adopt it
	if state.SHA256.IsNull() || state.SHA256.ValueString() == "" {
		resp.Diagnostics.Append(r.fillImported(ctx, &state, info)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// fillImported sets sha256, size, content_type and media_type for media that
// was just imported. Cloud's metadata tells the hash; On-Premises only tells
// type and length, so the bytes are streamed once through SHA-256 (and
// dropped): a config whose source has the same bytes then plans no replacement.
func (r *mediaResource) fillImported(ctx context.Context, state *mediaModel, info *whatsapp.MediaInfo) diag.Diagnostics {
	var diags diag.Diagnostics
	id := state.ID.ValueString()
	contentType := mediafile.BaseType(info.MimeType)
	sha, size := strings.ToLower(info.SHA256), info.FileSize
	animated := whatsapp.StoredStickerIsAnimated(contentType, size)

	if sha == "" || size <= 0 {
		tflog.Debug(withLogFields(ctx, "media_id", id), "hashing imported WhatsApp media")
		body, dl, err := r.client.OpenMedia(ctx, id)
		if err != nil {
			diags.Append(apiErrorDiagnostic("Unable to Read WhatsApp Media",
				fmt.Sprintf("Downloading media %s once, to compute its SHA-256 after import, failed. "+
					"Fix the cause below and import again.", id), err))
			return diags
		}
		defer func() { _ = body.Close() }()
		got, err := mediafile.Inspect(body, "")
		if err != nil {
			diags.AddError("Unable to Read WhatsApp Media",
				fmt.Sprintf("Downloading media %s to compute its SHA-256 after import failed: %v. Import again.", id, err))
			return diags
		}
		sha, size, animated = got.SHA256, got.Size, got.AnimatedWebP
		if contentType == "" && dl != nil {
			contentType = mediafile.BaseType(dl.MimeType)
		}
		if contentType == "" || contentType == "application/octet-stream" {
			contentType = got.ContentType
		}
	}
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	state.SHA256 = types.StringValue(sha)
	state.Size = types.Int64Value(size)
	state.ContentType = types.StringValue(contentType)
	class, err := mediafile.Classify(r.client.Flavor(), "media "+id, contentType, size, animated)
	if err != nil {
		state.MediaType = types.StringNull()
		diags.AddWarning("Unable to Classify Imported WhatsApp Media",
			fmt.Sprintf("media_type is left empty: %v", err))
		return diags
	}
	state.MediaType = types.StringValue(class.Type)
	return diags
}
