package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

var (
	_ datasource.DataSource              = (*mediaDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*mediaDataSource)(nil)
)

// NewMediaDataSource looks up existing media by ID without downloading it.
func NewMediaDataSource() datasource.DataSource { return &mediaDataSource{} }

type mediaDataSource struct {
	client *whatsapp.Client
}

// mediaDataSourceModel names its attributes as the whatsapp_media resource
// does (content_type, sha256, size, media_type); mime_type and url are what
// only a lookup can tell.
type mediaDataSourceModel struct {
	ID          types.String `tfsdk:"id"`
	ContentType types.String `tfsdk:"content_type"`
	MimeType    types.String `tfsdk:"mime_type"`
	SHA256      types.String `tfsdk:"sha256"`
	Size        types.Int64  `tfsdk:"size"`
	MediaType   types.String `tfsdk:"media_type"`
	URL         types.String `tfsdk:"url"`
}

func (d *mediaDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_media"
}

func (d *mediaDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up existing media by its ID, without downloading its bytes: on Cloud through the " +
			"media metadata call, on On-Premises from the status and headers of the media's address (the reply " +
			"body is never read). Media that does not exist is an error. Attributes are named as on the " +
			"`whatsapp_media` resource; what an API flavor cannot tell is null.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The media ID to look up (a number on Cloud, a UUID on On-Premises), e.g. " +
					"`whatsapp_media.brochure.id` or an ID uploaded outside Terraform.",
				Required:   true,
				Validators: []validator.String{mediaIDValidator},
			},
			"content_type": schema.StringAttribute{
				MarkdownDescription: "The media's MIME type without parameters, in lower case (e.g. `audio/ogg`): " +
					"the form in which the `whatsapp_media` resource detects `content_type`, so the two compare " +
					"equal for the same media. Both flavors.",
				Computed: true,
			},
			"mime_type": schema.StringAttribute{
				MarkdownDescription: "The MIME type exactly as the API reported it, parameters included " +
					"(e.g. `audio/ogg; codecs=opus`): Cloud's `mime_type` field, On-Premises' `Content-Type` header. " +
					"Use `content_type` to compare types.",
				Computed: true,
			},
			"sha256": schema.StringAttribute{
				MarkdownDescription: "Hex SHA-256 of the media's bytes. Cloud only (its metadata tells it); null on " +
					"On-Premises, which would have to send the whole file for it.",
				Computed: true,
			},
			"size": schema.Int64Attribute{
				MarkdownDescription: "Size in bytes: Cloud's `file_size`, On-Premises' `Content-Length`. Null when " +
					"the API does not tell it.",
				Computed: true,
			},
			"media_type": schema.StringAttribute{
				MarkdownDescription: "The message type the media can be sent as (`image`, `video`, `audio`, " +
					"`sticker`, `document`), from `content_type` and `size` as for `whatsapp_media`. Null when " +
					"the size is unknown or no type fits.",
				Computed: true,
			},
			"url": schema.StringAttribute{
				MarkdownDescription: "Cloud only: the short-lived download URL from the media metadata. Sensitive: " +
					"it grants access to the media (with the access token), so it is hidden in plan output; it " +
					"may change on every read. Null on On-Premises, where the media's address is the API itself.",
				Computed:  true,
				Sensitive: true,
			},
		},
	}
}

func (d *mediaDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	client, diags := clientFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.client = client
}

func (d *mediaDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if d.client == nil {
		resp.Diagnostics.AddError("Unable to Read WhatsApp Media", notConfiguredDetail("look up the media"))
		return
	}
	var model mediaDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := model.ID.ValueString()
	info, err := d.client.GetMedia(withLogFields(ctx, "media_id", id), id)
	if whatsapp.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "WhatsApp Media Not Found",
			fmt.Sprintf("No media with ID %q exists on the WhatsApp %s: it was never uploaded there, was deleted, "+
				"or expired (Cloud media IDs last 30 days). Check the ID and that the provider speaks the API the "+
				"media was uploaded to, or upload the file again with a whatsapp_media resource.\n\nThe API answered: %v",
				id, d.client.Flavor().Name()+" API", err))
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Unable to Read WhatsApp Media",
			fmt.Sprintf("Looking up media %s on the WhatsApp %s failed. Fix the cause below and run again.", id, d.client.Flavor().Name()+" API"), err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, mediaDataSourceState(d.client, id, info))...)
}

// mediaDataSourceState maps what the API told onto the data source's
// attributes; anything it did not tell stays null rather than a made-up zero.
func mediaDataSourceState(c *whatsapp.Client, id string, info *whatsapp.MediaInfo) *mediaDataSourceModel {
	m := &mediaDataSourceModel{
		ID:          types.StringValue(id),
		ContentType: types.StringNull(),
		MimeType:    types.StringNull(),
		SHA256:      types.StringNull(),
		Size:        types.Int64Null(),
		MediaType:   types.StringNull(),
		URL:         types.StringNull(),
	}
	if info.MimeType != "" {
		m.MimeType = types.StringValue(info.MimeType)
		m.ContentType = types.StringValue(mediafile.BaseType(info.MimeType))
	}
	if info.SHA256 != "" {
		m.SHA256 = types.StringValue(strings.ToLower(info.SHA256))
	}
	if info.URL != "" {
		m.URL = types.StringValue(info.URL)
	}
	if info.FileSize > 0 {
		m.Size = types.Int64Value(info.FileSize)
		ct := mediafile.BaseType(info.MimeType)
		animated := whatsapp.StoredStickerIsAnimated(ct, info.FileSize)
		if class, err := mediafile.Classify(c.Flavor(), "media "+id, ct, info.FileSize, animated); err == nil {
			m.MediaType = types.StringValue(class.Type)
		}
	}
	return m
}
