# Upload a file. Its bytes are hashed at plan time: edit the file and the next
# plan replaces the media (a new upload, a new media ID).
resource "whatsapp_media" "brochure" {
  source = "${path.module}/files/brochure.pdf"
  # content_type = "application/pdf" # optional: detected from the bytes, then the name
  # filename     = "brochure.pdf"    # optional: defaults to the base name of source
}

# Bytes given inline, e.g. from filebase64() or another resource. Without
# filename the upload has no name of its own (Cloud is sent a generic "file").
resource "whatsapp_media" "logo" {
  content_base64 = filebase64("${path.module}/files/logo.png")
  filename       = "logo.png"
}

# media_type is known at plan time ("document" for the PDF, "image" for the
# PNG), so a message can take its type from the media it sends.
resource "whatsapp_media_message" "brochure" {
  to       = "+16315551001"
  type     = whatsapp_media.brochure.media_type
  media_id = whatsapp_media.brochure.id
  filename = "catalogue.pdf"
}

output "brochure" {
  value = {
    id         = whatsapp_media.brochure.id
    sha256     = whatsapp_media.brochure.sha256
    size       = whatsapp_media.brochure.size
    media_type = whatsapp_media.brochure.media_type
  }
}
