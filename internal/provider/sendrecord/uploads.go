package sendrecord

import (
	"strings"

	"github.com/sandeshlive/terraform-provider-whatsapp/internal/sendlog"
)

// Uploads in the record (sendlog/upload.go): whatsapp_media records each
// upload, so that a plan whose state lost the media can adopt it (Uploads,
// ClaimUpload) and a message by a media ID this provider uploaded is named
// by that media's content (ContentOfMedia), as with media_sha256.

// uploadKey is what decides whether two uploads are the same media: the
// account (as for sends: flavor, base URL, phone number ID), the bytes and
// the content type they were uploaded as. The file name is not part of it:
// changing it does not upload again either.
func (r *Record) uploadKey(sha256, contentType string) string {
	return sendlog.Message{Account: r.sender, Content: map[string]string{
		"upload_sha256": strings.ToLower(sha256), "content_type": contentType}}.Key()
}

// RecordUpload writes an upload the API just answered.
func (r *Record) RecordUpload(mediaID, sha256, contentType string) error {
	return r.with(func(rec *sendlog.Record) error {
		return rec.Uploaded(r.session, r.uploadKey(sha256, contentType), mediaID, strings.ToLower(sha256))
	})
}

// UploadSeen marks an upload a state holds: no plan adopts it any more (its
// content stays known).
func (r *Record) UploadSeen(mediaID string) error {
	return r.with(func(rec *sendlog.Record) error { return rec.UploadSeen(mediaID) })
}

// ContentOfMedia is the SHA-256 of the bytes this provider uploaded as
// mediaID, when the record holds that upload.
func (r *Record) ContentOfMedia(mediaID string) (string, bool) {
	if r == nil || mediaID == "" {
		return "", false
	}
	rec, err := r.file()
	if err != nil {
		return "", false
	}
	sha, ok, err := rec.UploadedSHA256(mediaID)
	return sha, ok && err == nil && sha != ""
}

// Uploads lists, newest first, the recorded uploads of these bytes by this
// account that no state holds and other runs made within the window: the
// ones a plan may adopt once it checked the media still exists.
func (r *Record) Uploads(sha256, contentType string) ([]sendlog.Upload, error) {
	rec, err := r.file()
	if err != nil {
		return nil, err
	}
	return rec.Uploads(r.session, r.uploadKey(sha256, contentType), r.window)
}

// ClaimUpload marks mediaID as adopted by a plan of this configuration, so
// that a second whatsapp_media of the same bytes does not adopt it too; false
// when it is already claimed.
func (r *Record) ClaimUpload(mediaID string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := "upload " + mediaID
	if r.claimed[k] {
		return false
	}
	r.claimed[k] = true
	return true
}

// UnclaimUpload gives a claimed upload back (its check failed).
func (r *Record) UnclaimUpload(mediaID string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.claimed, "upload "+mediaID)
}
