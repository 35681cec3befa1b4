package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The media resource's behaviour lives in these files: this one (schema and
// wiring; its content_type validator is in media_validators.go),
// media_source.go (where the bytes come from: source or content_base64),
// media_plan.go (hashing and classifying at plan time, which decides
// replacement), media_apply.go (upload, update, delete) and media_read.go
// (existence checks, and filling state after import).

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
	client *whatsapp.Client
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
					"be one of the types the API accepts. Changing it replaces the media.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{mediaContentTypeValidator{}},
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

func (r *mediaResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	client, diags := clientFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.client = client
}

// ImportState adopts existing media by its ID; Read then fills in what the
// API can tell (and, on On-Premises, hashes the bytes once).
func (r *mediaResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}

// apiOf maps the client's flavor onto the classification table's.
func apiOf(c *whatsapp.Client) mediafile.API {
	if c.Flavor() == whatsapp.OnPremises {
		return mediafile.OnPremises
	}
	return mediafile.Cloud
}

// notConfiguredDetail explains a CRUD call of any resource kind that arrives
// without a client, which Terraform only does when the provider block itself
// failed; attempted is what could not be done, e.g. "upload the media".
func notConfiguredDetail(attempted string) string {
	return fmt.Sprintf("The WhatsApp provider was not configured, so it could not %s. "+
		"Fix the errors reported for the provider block and run again.", attempted)
}
