# Upload each file once; its media_type is known at plan time, its media ID after apply.
resource "whatsapp_media" "photo" {
  source = "${path.module}/files/photo.jpg"
}

resource "whatsapp_media" "brochure" {
  source = "${path.module}/files/brochure.pdf"
}

# An image by media ID, with a caption. media_sha256 makes the message follow
# the file's content: a changed photo sends it again, while an upload of the
# same photo (Cloud media expire after 30 days) sends nothing.
resource "whatsapp_media_message" "image" {
  to           = "+16315551001"
  type         = whatsapp_media.photo.media_type # "image"
  media_id     = whatsapp_media.photo.id
  media_sha256 = whatsapp_media.photo.sha256
  caption      = "Our new shop front"
}

# A document by media ID: the filename's extension sets the icon the recipient sees.
resource "whatsapp_media_message" "document" {
  to       = "+16315551001"
  type     = "document"
  media_id = whatsapp_media.brochure.id
  caption  = "Our new catalogue"
  filename = "catalogue.pdf"

  # Send it again on each release: changing a triggers value replaces the message.
  triggers = {
    release = "2025.10"
  }
}

# A video by link: WhatsApp fetches the URL itself.
resource "whatsapp_media_message" "video" {
  to      = "16315551002" # E.164 without the +, or a wa_id
  type    = "video"
  link    = "https://cdn.example.com/media/tour.mp4"
  caption = "A tour of the new shop"
}

# Audio and stickers never take a caption.
resource "whatsapp_media_message" "audio" {
  to   = "+1 (631) 555-1003"
  type = "audio"
  link = "https://cdn.example.com/media/jingle.mp3"
}

resource "whatsapp_media_message" "sticker" {
  to   = "+16315551004"
  type = "sticker"
  link = "https://cdn.example.com/media/thanks.webp" # 512x512 WebP
}

# On-Premises only (on the Cloud API, link_provider is a plan-time error: leave this
# one out): fetch a link behind authentication through a media provider.
resource "whatsapp_media_message" "private_document" {
  to            = "+16315551005"
  type          = "document"
  link          = "https://files.example.com/reports/q3.pdf"
  filename      = "q3-report.pdf"
  link_provider = "cdn" # e.g. whatsapp_media_provider.cdn.name
}

# A message sent by media ID stays sent when the media is uploaded again (a new
# media ID, the same file): nothing is sent, and the state keeps the ID it was
# sent with. Only media_sha256 (above) makes a changed file send it again.
resource "whatsapp_media_message" "welcome" {
  to       = "+16315551006"
  type     = "image"
  media_id = whatsapp_media.photo.id
}

# Outside the 24-hour window (the customer has not written to you in the last 24
# hours) only a template message is delivered: the photo becomes the header of
# an approved template with an IMAGE header, and body_parameters fill {{1}}, ...
# On-Premises also needs the provider's template_namespace (or template.namespace).
resource "whatsapp_media_message" "welcome_kit" {
  to           = "+16315551007"
  type         = whatsapp_media.photo.media_type # "image": the template's header format
  media_id     = whatsapp_media.photo.id
  media_sha256 = whatsapp_media.photo.sha256
  template = {
    name            = "welcome_kit"
    language        = "en_US"
    body_parameters = ["Ana"]
    buttons         = [{ index = 0, sub_type = "quick_reply", parameter = "STOP_PROMOTIONS" }]
  }
}
