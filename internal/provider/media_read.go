package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// Read checks that the media still exists, without downloading it. Media is
// immutable, so existence is the only drift: gone media (deleted, or expired
// after 30 days on Cloud) leaves state with a warning and the next apply
// uploads it again. After an import, Read also fills in what state lacks.
func (r *mediaResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if r.client == nil {
		resp.Diagnostics.AddError("Unable to Read WhatsApp Media", notConfiguredDetail("check that the media still exists"))
		return
	}
	var state mediaModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
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
	// Cloud only stores WebP stickers it accepted: one over the static limit
	// must be animated.
	animated := contentType == "image/webp" && size > 100*mediafile.KB

	if sha == "" || size <= 0 {
		tflog.Debug(ctx, "hashing imported WhatsApp media", map[string]any{"id": id})
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
	kind, err := mediafile.Classify(apiOf(r.client), "media "+id, contentType, size, animated)
	if err != nil {
		state.MediaType = types.StringNull()
		diags.AddWarning("Unable to Classify Imported WhatsApp Media",
			fmt.Sprintf("media_type is left empty: %v", err))
		return diags
	}
	state.MediaType = types.StringValue(kind)
	return diags
}
