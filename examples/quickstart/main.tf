# The quickstart: `make demo` runs `terraform apply` on a copy of this folder
# against the built-in sandbox, then shows what the sandbox received.
#
# The provider settings come from WHATSAPP_* environment variables that the
# demo script points at the sandbox; against the real Cloud API you would set
# WHATSAPP_PHONE_NUMBER_ID and WHATSAPP_ACCESS_TOKEN instead.
terraform {
  required_providers {
    whatsapp = {
      source  = "sandeshlive/whatsapp"
      version = "~> 0.1"
    }
  }
}

provider "whatsapp" {}

variable "recipients" {
  description = "Phone numbers in international form, written any way, that get the welcome kit."
  type        = list(string)
  default     = ["+16315551001", "+1 631 555 1002"]
}

locals {
  # One key per person (its digits, e.g. "16315551002"): a number listed twice,
  # in any format, gets one message, and reformatting the list plans nothing.
  people = provider::whatsapp::normalize_recipients(var.recipients)
}

# Upload two assets once; their media IDs are kept in state.
resource "whatsapp_media" "logo" {
  source = "${path.module}/files/logo.png"
}

resource "whatsapp_media" "brochure" {
  source = "${path.module}/files/brochure.pdf"
}

# Send the logo as an image to every recipient, by media ID.
resource "whatsapp_media_message" "logo" {
  for_each = local.people

  to       = each.value
  type     = whatsapp_media.logo.media_type # "image", known at plan time
  media_id = whatsapp_media.logo.id
  # The message follows the file's content: a changed logo.png sends it again,
  # the same file uploaded again (a new media ID) sends nothing.
  media_sha256 = whatsapp_media.logo.sha256
  caption      = "Welcome aboard!"
}

# Send the brochure as a document, with the file name the recipient sees.
resource "whatsapp_media_message" "brochure" {
  for_each = local.people

  to           = each.value
  type         = whatsapp_media.brochure.media_type # "document"
  media_id     = whatsapp_media.brochure.id
  media_sha256 = whatsapp_media.brochure.sha256
  caption      = "Our new catalogue"
  filename     = "catalogue.pdf"
}

# Media can also be sent by link: WhatsApp fetches it (the sandbox does not).
resource "whatsapp_media_message" "banner" {
  to      = "+16315551001"
  type    = "image"
  link    = "https://example.com/banner.png"
  caption = "See you on launch day"
}

# +16315551003 has not written to the business, so WhatsApp delivers them only a
# template message: the logo goes as the image header of the approved template
# "welcome_kit" (the sandbox has it, as a new business account has Meta's sample).
resource "whatsapp_media_message" "welcome_kit" {
  to           = "+16315551003"
  type         = whatsapp_media.logo.media_type # the template's header format: image
  media_id     = whatsapp_media.logo.id
  media_sha256 = whatsapp_media.logo.sha256
  template = {
    name            = "welcome_kit"
    language        = "en_US"
    body_parameters = ["Sam"] # {{1}} in "Hi {{1}}, welcome aboard! ..."
  }
}

# The same image free-form, to the same customer: accepted with a message ID (the
# apply succeeds), then failed by WhatsApp with 131047 "Re-engagement message",
# because the customer has not written in 24 hours. The inbox shows it in red.
resource "whatsapp_media_message" "outside_window" {
  to       = "+16315551003"
  type     = whatsapp_media.logo.media_type
  media_id = whatsapp_media.logo.id
  caption  = "Free-form, outside the 24-hour window: this one fails"
}

output "uploaded" {
  description = "What was uploaded."
  value = {
    for name, m in { logo = whatsapp_media.logo, brochure = whatsapp_media.brochure } :
    name => { id = m.id, media_type = m.media_type, content_type = m.content_type, size = m.size, sha256 = m.sha256 }
  }
}

output "sent" {
  description = "Message IDs by recipient."
  value = {
    logo     = { for to, m in whatsapp_media_message.logo : to => m.id }
    brochure = { for to, m in whatsapp_media_message.brochure : to => m.id }
    banner   = whatsapp_media_message.banner.id
    template = whatsapp_media_message.welcome_kit.id
    failing  = whatsapp_media_message.outside_window.id
  }
}
