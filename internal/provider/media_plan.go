package provider

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// ModifyPlan hashes the file (streamed) and classifies it, so that sha256,
// size, content_type and media_type are known at plan time and a message can
// take its type from media_type. Different bytes or a different content type
// than in state plan a replacement; anything else (a new path or filename to
// the same bytes) is an in-place update of state only. A file the API would
// refuse is an error here, before anything is uploaded.
//
// This is ModifyPlan rather than ValidateConfig because the Cloud API's type
// list depends on the configured client, which only ModifyPlan is sure to see.
func (r *mediaResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy: nothing to hash
	}
	var config, plan mediaModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	var state *mediaModel
	if !req.State.Raw.IsNull() {
		state = &mediaModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	// Both or neither of source and content_base64: the config validator says so.
	if config.Source.IsNull() == config.ContentBase64.IsNull() && !config.Source.IsUnknown() && !config.ContentBase64.IsUnknown() {
		return
	}

	if config.Source.IsUnknown() || config.ContentBase64.IsUnknown() || config.ContentType.IsUnknown() {
		// The bytes come from something applied in this same run: they are
		// hashed at apply time, and everything derived from them is unknown now.
		// Existing media is replaced: whether the bytes changed is only known
		// during apply, when Terraform no longer lets a plan turn an update
		// into a replacement.
		if state != nil {
			for _, p := range []struct {
				v    types.String
				name string
			}{{config.Source, "source"}, {config.ContentBase64, "content_base64"}, {config.ContentType, "content_type"}} {
				if p.v.IsUnknown() {
					resp.RequiresReplace = append(resp.RequiresReplace, path.Root(p.name))
				}
			}
		}
		plan.SHA256 = types.StringUnknown()
		plan.Size = types.Int64Unknown()
		plan.MediaType = types.StringUnknown()
		if config.ContentType.IsNull() || config.ContentType.IsUnknown() {
			plan.ContentType = types.StringUnknown()
		}
		if config.Filename.IsNull() {
			plan.Filename = types.StringUnknown()
			if !config.Source.IsUnknown() {
				plan.Filename = mediaSourceOf(config).defaultFilename()
			}
		}
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}

	src := mediaSourceOf(config)
	planned, diags := r.planMedia(src, config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.SHA256 = planned.SHA256
	plan.Size = planned.Size
	plan.ContentType = planned.ContentType
	plan.MediaType = planned.MediaType
	if config.Filename.IsNull() {
		plan.Filename = src.defaultFilename()
	}
	tflog.Debug(ctx, "planned WhatsApp media", map[string]any{
		"source": src.name, "sha256": plan.SHA256.ValueString(), "size": plan.Size.ValueInt64(),
		"content_type": plan.ContentType.ValueString(), "media_type": plan.MediaType.ValueString(),
	})

	if state != nil {
		var replace path.Paths
		// A null hash in state (media imported where the hash could not be
		// learned) proves nothing either way: do not replace on it.
		if !state.SHA256.IsNull() && state.SHA256.ValueString() != plan.SHA256.ValueString() {
			replace = append(replace, path.Root("sha256"))
		}
		if !state.ContentType.IsNull() && state.ContentType.ValueString() != plan.ContentType.ValueString() {
			replace = append(replace, path.Root("content_type"))
		}
		resp.RequiresReplace = replace
	}
	if planned.AsDocument != "" && (state == nil || len(resp.RequiresReplace) > 0) {
		// Said in the plan that uploads it: the file itself is fine, but a
		// user who meant to send an image should not find out from the recipient.
		resp.Diagnostics.AddAttributeWarning(src.attr, "WhatsApp Media Will Be Sent as a Document", planned.AsDocument)
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// plannedMedia is what planning (or applying, when the bytes were unknown at
// plan time) derives from the bytes.
type plannedMedia struct {
	SHA256      types.String
	Size        types.Int64
	ContentType types.String
	MediaType   types.String // unknown when there is no client to tell the API flavor
	// AsDocument says why On-Premises takes this image, video, audio or
	// sticker file only as a document, or is "".
	AsDocument string
}

// planMedia inspects the bytes and checks them against the API's table. Each
// error names the file, the limit and the actual value, on the argument at fault.
func (r *mediaResource) planMedia(src mediaSource, config mediaModel) (plannedMedia, diag.Diagnostics) {
	var diags diag.Diagnostics
	info, err := src.inspect()
	if err != nil {
		var refused *mediafile.RefusedError
		if errors.As(err, &refused) {
			diags.AddAttributeError(src.attr, "Media File Too Large", err.Error())
		} else {
			diags.AddAttributeError(src.attr, "Unable to Read Media File", err.Error())
		}
		return plannedMedia{}, diags
	}
	contentType := info.ContentType
	if !config.ContentType.IsNull() {
		contentType = config.ContentType.ValueString()
	}
	p := plannedMedia{
		SHA256:      types.StringValue(info.SHA256),
		Size:        types.Int64Value(info.Size),
		ContentType: types.StringValue(contentType),
		MediaType:   types.StringUnknown(),
	}
	if r.client == nil {
		// Provider not configured yet (its own values are unknown): the API
		// flavor, and so the message type, is decided at apply time.
		return p, diags
	}
	kind, err := mediafile.Classify(r.client.Flavor(), src.name, contentType, info.Size, info.AnimatedWebP)
	if err != nil {
		attr, summary := src.attr, "Media File Not Accepted by WhatsApp"
		var refused *mediafile.RefusedError
		if errors.As(err, &refused) {
			switch {
			case refused.ByType:
				summary = "Unsupported Media Type"
				if !config.ContentType.IsNull() {
					attr = path.Root("content_type")
					refused.Configured = true
				}
			default:
				summary = "Media File Too Large"
			}
		}
		diags.AddAttributeError(attr, summary, err.Error())
		return p, diags
	}
	p.MediaType = types.StringValue(kind)
	p.AsDocument = mediafile.DocumentFallback(r.client.Flavor(), src.name, contentType, info.Size, info.AnimatedWebP)
	return p, diags
}

// mediaContentTypeValidator accepts a MIME type such as "application/pdf"
// (parameters allowed). Whether the chosen API accepts the type is a separate,
// flavor-dependent check made in ModifyPlan.
var mediaContentTypeValidator = stringCheck{
	description: `must be a MIME type such as "application/pdf"`,
	summary:     "Invalid Content Type",
	problem: func(raw string) string {
		mt, _, err := mime.ParseMediaType(raw)
		if err != nil || strings.Count(mt, "/") != 1 || strings.HasPrefix(mt, "/") || strings.HasSuffix(mt, "/") {
			return fmt.Sprintf("%q is not a MIME type: write it as type/subtype, e.g. \"application/pdf\" or \"image/png\", "+
				"or leave content_type out to have it detected from the file.", raw)
		}
		if meant := whatsapp.CorrectContentType(mt); meant != "" {
			return fmt.Sprintf("%q is not a registered MIME type; did you mean %q? Write content_type = %q, "+
				"or leave content_type out to have it detected from the file.", raw, meant, meant)
		}
		return ""
	},
}
