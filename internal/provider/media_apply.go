package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// Create streams the file to the API. The media ID goes to state the moment
// the API returns it, so a later failure can never make the next apply upload
// a duplicate.
func (r *mediaResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if r.client == nil {
		resp.Diagnostics.AddError("Unable to Upload WhatsApp Media", notConfiguredDetail("upload the media"))
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
	tflog.Debug(ctx, "uploading WhatsApp media", map[string]any{
		"source": src.name, "size": size, "content_type": upload.ContentType, "filename": upload.Filename,
	})
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
	tflog.Debug(ctx, "uploaded WhatsApp media", map[string]any{"id": id})

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
	if r.client == nil {
		resp.Diagnostics.AddError("Unable to Delete WhatsApp Media", notConfiguredDetail("delete the media"))
		return
	}
	var state mediaModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	err := r.client.DeleteMedia(ctx, id)
	if err == nil || whatsapp.IsNotFound(err) {
		return
	}
	resp.Diagnostics.Append(apiErrorDiagnostic("Unable to Delete WhatsApp Media",
		fmt.Sprintf("Deleting media %s failed; it stays in state. Fix the cause below and run again.", id), err))
}
