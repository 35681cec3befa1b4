# Look up media uploaded outside this configuration (by another one, a script
# or a person) by its ID. Nothing is downloaded: Cloud answers from its media
# metadata, On-Premises from the headers of the media's address.
variable "media_id" {
  description = "The media ID to send, e.g. from another configuration's output."
  type        = string
}

data "whatsapp_media" "shared" {
  id = var.media_id
}

# Send it, typed by what the API says it is ("image", "document", ...). On
# Cloud, media_sha256 makes the message follow the content: pointing media_id
# at a different file sends it again, the same file under a new ID does not.
# (On-Premises cannot tell the hash without a download: it is null there, and
# a new media_id alone sends nothing.)
resource "whatsapp_media_message" "shared" {
  to           = "+16315551001"
  type         = data.whatsapp_media.shared.media_type
  media_id     = data.whatsapp_media.shared.id
  media_sha256 = data.whatsapp_media.shared.sha256
}

output "shared_media" {
  value = {
    content_type = data.whatsapp_media.shared.content_type # same form as whatsapp_media.content_type
    size         = data.whatsapp_media.shared.size
    sha256       = data.whatsapp_media.shared.sha256 # Cloud only; null on On-Premises
  }
}

# url (Cloud only) is sensitive: it grants access to the media. An output of
# it must say so:
# output "download_url" {
#   value     = data.whatsapp_media.shared.url
#   sensitive = true
# }
