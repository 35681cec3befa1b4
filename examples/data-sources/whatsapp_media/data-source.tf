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

# Send it, typed by what the API says it is ("image", "document", ...).
resource "whatsapp_media_message" "shared" {
  to       = "+16315551001"
  type     = data.whatsapp_media.shared.media_type
  media_id = data.whatsapp_media.shared.id
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
