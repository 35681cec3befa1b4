package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/content"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/provider/sendrecord"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sendlog"
	"github.com/sandeshlive/terraform-provider-whatsapp/internal/whatsapp"
)

// Uploads in the record of sends (sendlog/upload.go). whatsapp_media's
// Create records each upload: its media ID, the SHA-256 of its bytes, and
// who uploaded it (the account, as sends are keyed). Two things follow:
//
//   - A planned upload whose state was lost adopts the recorded upload of the
//     same bytes and content type on the same account, once a GET of its
//     media ID at plan time shows it is still there: the media ID is known at
//     plan, and the messages by that ID match their recorded sends.
//   - A message by media ID is identified by the content of that media when
//     the record knows it (contentOfMedia), as if media_sha256 were set: a file
//     uploaded again (expired or deleted media, a new ID) does not make its
//     messages new messages. The new ID is unknown when the plan is made, but
//     Terraform plans each message again during the apply, once the upload
//     gave it: that plan finds the recorded send by its content and adopts it.
//     The record learns a media ID's content only from uploads this provider
//     made; a media ID from elsewhere keeps identifying its messages by the
//     ID, as before (and a send recorded before this changed keeps its key).

// namedByContent is c as the record names its sends: when c sends by a media
// ID this provider uploaded and media_sha256 is not set, the media is named
// by the content of that upload, as if media_sha256 were set, so the same file
// uploaded again under a new ID is the same message, for the message and the
// broadcast alike.
func namedByContent(rec *sendrecord.Record, c content.Content) content.Content {
	if rec == nil || !c.MediaSHA256.IsNull() || !isSet(c.MediaID) {
		return c
	}
	if sha, known := rec.ContentOfMedia(c.MediaID.ValueString()); known {
		c.MediaSHA256 = types.StringValue(sha)
	}
	return c
}

// recordUpload writes an upload the API just answered. A failure only means
// a lost state cannot adopt it, and its messages are identified by media ID.
func recordUpload(rec *sendrecord.Record, mediaID, sha256, contentType string) diag.Diagnostics {
	var diags diag.Diagnostics
	if rec == nil {
		return diags
	}
	if err := rec.RecordUpload(mediaID, sha256, contentType); err != nil {
		diags.AddWarning("WhatsApp Send Record Not Updated",
			fmt.Sprintf("Media %s was uploaded and saved to state, but the upload could not be written to the record "+
				"of sends at %s: %v. If this run's state is lost, the next plan uploads the file again, and messages "+
				"by media ID without media_sha256 may then be sent again.", mediaID, rec.Path(), err))
	}
	return diags
}

// uploadSeen marks an upload a state holds: no plan adopts it any more (its
// content stays known). Best effort, as seen is for sends.
func uploadSeen(ctx context.Context, rec *sendrecord.Record, mediaID string) {
	if rec == nil || mediaID == "" {
		return
	}
	if err := rec.UploadSeen(mediaID); err != nil {
		tflog.Debug(ctx, "could not mark an upload as held in the record of sends", map[string]any{"error": err.Error()})
	}
}

// adoptUpload looks a planned upload up in the record. The newest recorded
// upload of the same media that the API still has is adopted: the plan
// carries its media ID and Create uploads nothing. Media the API no longer
// has (expired, deleted) is passed over, and the file is uploaded again.
func (r *mediaResource) adoptUpload(ctx context.Context, plan *mediaModel) diag.Diagnostics {
	var diags diag.Diagnostics
	s := r.sends
	if s == nil || r.client == nil || !isSet(plan.SHA256) || !isSet(plan.ContentType) {
		return diags
	}
	uploads, err := s.Uploads(plan.SHA256.ValueString(), plan.ContentType.ValueString())
	if err != nil {
		diags.Append(sendRecordUnreadable(s, err))
		return diags
	}
	for _, u := range uploads {
		if !s.ClaimUpload(u.MediaID) {
			continue // another whatsapp_media of this plan took it
		}
		info, err := r.client.GetMedia(ctx, u.MediaID)
		if whatsapp.IsNotFound(err) {
			tflog.Debug(ctx, "a recorded upload is gone from the API", map[string]any{"media_id": u.MediaID})
			continue
		}
		if err != nil {
			s.UnclaimUpload(u.MediaID)
			diags.AddWarning("WhatsApp Media Upload Not Adopted",
				fmt.Sprintf("The record of sends at %s holds an upload of this file (media ID %q, at %s) by a run whose "+
					"state was lost, but checking that the media still exists failed, so this plan uploads the file "+
					"again: %s", s.Path(), u.MediaID, timestamp(u.At), describeAPIError(err)))
			return diags
		}
		if !sameMedia(info, u, plan.Size.ValueInt64()) {
			continue // another file behind that ID: never adopt what was not checked
		}
		plan.ID = types.StringValue(u.MediaID)
		diags.AddWarning("WhatsApp Media Already Uploaded: Adopted",
			fmt.Sprintf("This file (sha256 %s) was already uploaded at %s as media ID %q, but no state holds it: the "+
				"state that should have was lost (a crash or a killed run). The media still exists on the API, so this "+
				"apply records that media ID in state and uploads nothing; messages that use it keep the media ID "+
				"they were sent with. Found in the record of sends at %s.",
				plan.SHA256.ValueString(), timestamp(u.At), u.MediaID, s.Path()))
		return diags
	}
	return diags
}

// sameMedia checks what the API tells of a media ID against the recorded
// upload: Cloud gives the hash, On-Premises only the length.
func sameMedia(info *whatsapp.MediaInfo, u sendlog.Upload, size int64) bool {
	if info.SHA256 != "" {
		return strings.EqualFold(info.SHA256, u.SHA256)
	}
	return info.FileSize < 0 || info.FileSize == size
}
