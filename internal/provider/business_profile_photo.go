package provider

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"path/filepath"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/mediafile"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// The profile photo: a local file hashed at plan time (business_profile_plan.go),
// uploaded at apply through a hash that proves the bytes sent are the bytes
// planned, and checked on refresh. On-Premises serves the photo itself, so a
// refresh hashes it; Cloud serves only a URL, so a refresh compares it with the
// URL read after Terraform's upload.

// setPhoto uploads the planned photo and records what was sent in m; set
// says whether the profile now shows it.
func (r *businessProfileResource) setPhoto(ctx context.Context, m *businessProfileModel) (diags diag.Diagnostics, set bool) {
	file := m.Photo.ValueString()
	info, err := mediafile.InspectFile(file)
	if err != nil {
		diags.AddAttributeError(path.Root("photo"), "Unable to Read WhatsApp Profile Photo", err.Error())
		return diags, false
	}
	body, size, closeFile, err := mediaSource{file: file}.open()
	if err != nil {
		diags.AddAttributeError(path.Root("photo"), "Unable to Read WhatsApp Profile Photo", err.Error())
		return diags, false
	}
	defer closeFile()
	hashed := mediafile.NewHashingReader(body)
	tflog.Debug(withLogFields(ctx, "photo", file, "content_type", info.ContentType), "setting the WhatsApp profile photo",
		map[string]any{"size": size})
	err = r.client.SetProfilePhoto(ctx, whatsapp.Upload{Body: hashed, Size: size, ContentType: info.ContentType, Filename: filepath.Base(file)})
	if err != nil {
		how := "the On-Premises API (POST /v1/settings/profile/photo)"
		if r.client.Flavor() == whatsapp.Cloud {
			how = fmt.Sprintf("the Resumable Upload API of app %s and the profile's profile_picture_handle", r.client.AppID())
		}
		diags.Append(apiErrorDiagnostic("Unable to Set WhatsApp Profile Photo",
			fmt.Sprintf("Setting %s as the profile photo through %s failed; the profile keeps its photo. Fix the cause below "+
				"and apply again.", file, how), err))
		return diags, false
	}
	sent, sentSize, ok := hashed.Sum()
	if !ok {
		sent, sentSize = info.SHA256, info.Size
	}
	known, planned := !m.PhotoSHA256.IsUnknown(), m.PhotoSHA256.ValueString()
	m.PhotoSHA256 = types.StringValue(sent)
	if known && planned != sent {
		diags.AddAttributeError(path.Root("photo"), "Profile Photo Changed During Apply",
			fmt.Sprintf("%s changed between plan and apply: the plan hashed it as sha256 %s, but the bytes sent hash to %s "+
				"(%s). The profile now shows the bytes sent, and the state records their hash. Check the file and run "+
				"terraform apply again.", file, planned, sent, mediafile.FormatSize(sentSize)))
	}
	return diags, true
}

// photoKey is what identifies a Cloud photo URL: Meta signs its CDN URLs with
// an expiry in the query (oh=, oe=), which changes while the photo does not.
func photoKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Scheme + "://" + u.Host + u.Path
}

// refreshPhoto records in m what the server holds for a managed photo: a
// photo changed outside Terraform clears photo_sha256, so the plan sets the
// configured file again.
func (r *businessProfileResource) refreshPhoto(ctx context.Context, m *businessProfileModel, p *whatsapp.BusinessProfile) diag.Diagnostics {
	var diags diag.Diagnostics
	if m.Photo.IsNull() {
		m.PhotoSHA256, m.PhotoURL = types.StringNull(), types.StringNull()
		return diags
	}
	if r.client.Flavor() == whatsapp.Cloud {
		if photoKey(p.PhotoURL) == photoKey(m.PhotoURL.ValueString()) {
			return diags
		}
		diags.AddWarning("WhatsApp Profile Photo Changed Outside Terraform",
			fmt.Sprintf("The profile photo's URL is now %q, not the %q read after Terraform set %s: the photo was changed "+
				"or removed outside Terraform. The next apply sets %s again.", p.PhotoURL, m.PhotoURL.ValueString(),
				m.Photo.ValueString(), m.Photo.ValueString()))
		m.PhotoSHA256, m.PhotoURL = types.StringNull(), optionalString(p.PhotoURL)
		return diags
	}
	rc, err := r.client.OpenProfilePhoto(ctx)
	if whatsapp.IsNotFound(err) {
		m.PhotoSHA256 = types.StringNull()
		return diags
	}
	if err != nil {
		diags.Append(apiErrorDiagnostic("Unable to Read WhatsApp Profile Photo",
			"Reading the profile photo failed. Check that the API is reachable, then refresh again.", err))
		return diags
	}
	defer rc.Close()
	d := mediafile.NewDigest()
	if _, err := io.Copy(d, rc); err != nil {
		diags.Append(apiErrorDiagnostic("Unable to Read WhatsApp Profile Photo",
			"Reading the profile photo was cut off. Check that the API is reachable, then refresh again.", err))
		return diags
	}
	m.PhotoSHA256 = types.StringValue(d.Sum())
	return diags
}

// removePhoto takes the photo Terraform set off the On-Premises profile; the
// Cloud API has no call for it, so the photo stays there (the plan warned).
func (r *businessProfileResource) removePhoto(ctx context.Context) diag.Diagnostics {
	var diags diag.Diagnostics
	if r.client.Flavor() == whatsapp.Cloud {
		return diags
	}
	tflog.Debug(ctx, "removing the WhatsApp profile photo")
	if err := r.client.DeleteProfilePhoto(ctx); err != nil && !whatsapp.IsNotFound(err) {
		diags.Append(apiErrorDiagnostic("Unable to Remove WhatsApp Profile Photo",
			"Removing the profile photo Terraform set failed; the profile keeps it. Check that the API is reachable, then "+
				"apply again.", err))
	}
	return diags
}
