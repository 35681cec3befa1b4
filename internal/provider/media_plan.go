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
	if state == nil {
		resp.Diagnostics.Append(r.adoptUpload(ctx, &plan)...) // media_upload_record.go
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
			diags.AddAttributeError(src.attr, "Media File Too Large", describeMediaRefusal(err))
		} else {
			diags.AddAttributeError(src.attr, "Unable to Read Media File", mediaReadAdvice(err))
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
	class, err := mediafile.Classify(r.client.Flavor(), src.name, contentType, info.Size, info.AnimatedWebP)
	if err != nil {
		attr, summary, detail := src.attr, "Media File Not Accepted by WhatsApp", describeMediaRefusal(err)
		var refused *mediafile.RefusedError
		if errors.As(err, &refused) {
			switch {
			case refused.ByType && config.ContentType.IsNull():
				summary = "Unsupported Media Type"
				detail += " Convert the file to one of them (or, if the detection is wrong, set content_type)."
			case refused.ByType:
				attr, summary = path.Root("content_type"), "Unsupported Media Type"
				detail += " Correct content_type, or leave it out to have it detected from the file."
			default:
				summary = "Media File Too Large"
			}
		}
		diags.AddAttributeError(attr, summary, detail)
		return p, diags
	}
	p.MediaType = types.StringValue(class.Type)
	p.AsDocument = documentFallbackWarning(src.name, class.Fallback)
	return p, diags
}

// describeMediaRefusal words why WhatsApp would not take a file, from the
// facts mediafile found, with what to do.
func describeMediaRefusal(err error) string {
	var refused *mediafile.RefusedError
	var empty *mediafile.EmptyError
	switch {
	case errors.As(err, &empty):
		return err.Error() + ": WhatsApp does not accept empty media"
	case !errors.As(err, &refused):
		return err.Error()
	case refused.UploadLimit():
		return err.Error() + ": make it smaller."
	case refused.ByType:
		return err.Error() + ". Accepted types: " + strings.Join(whatsapp.CloudContentTypes(), ", ") + "."
	}
	return fmt.Sprintf("%s (%s) is %s, but the %s API accepts %s only up to %s: make it smaller.", refused.Name,
		refused.ContentType, mediafile.FormatSize(refused.Size), refused.Flavor.Name(), refused.Kind,
		mediafile.FormatSize(refused.Limit))
}

// mediaReadAdvice words why the media's bytes could not be read, with what to
// change in the configuration.
func mediaReadAdvice(err error) string {
	var fileErr *mediafile.FileError
	var b64Err *mediafile.Base64Error
	switch {
	case errors.As(err, &b64Err):
		return fmt.Sprintf("content_base64 is not valid base64 (%v): produce it with filebase64() or base64encode()", b64Err.Err)
	case !errors.As(err, &fileErr):
		return err.Error()
	case fileErr.Problem == mediafile.FileMissing:
		return err.Error() + ": check the path (relative paths start at the directory Terraform runs in; use path.module)"
	case fileErr.Problem == mediafile.FileForbidden:
		return err.Error() + ": make it readable by the user running Terraform"
	case fileErr.Problem == mediafile.FileNotRegular:
		return err.Error() + ": source must name a file"
	}
	return err.Error()
}

// documentFallbackWarning words why On-Premises takes the file name only as
// a document, or is "" when fallback is nil.
func documentFallbackWarning(name string, fallback *mediafile.DocumentFallback) string {
	switch {
	case fallback == nil:
		return ""
	case fallback.Reason == mediafile.FallbackAnimatedSticker:
		return fmt.Sprintf("%s is an animated WebP, and the On-Premises API has no animated stickers, so it can "+
			"only be sent as a document: media_type is \"document\".", name)
	}
	return fmt.Sprintf("%s (%s) is %s, over the %s the On-Premises API accepts for %s, so it can only be "+
		"sent as a document: media_type is \"document\", and recipients get a file to download instead of "+
		"seeing it in the chat. Make it smaller to send it as one of the %s.", name, fallback.ContentType,
		mediafile.FormatSize(fallback.Size), mediafile.FormatSize(fallback.Limit), fallback.Kind, fallback.Kind)
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
