# The quickstart: `make demo` runs `terraform apply` on a copy of this folder
# against the built-in sandbox, shows what the sandbox received, then refreshes
# and shows what WhatsApp reported of each message (delivered, read, failed).
#
# The provider settings come from WHATSAPP_* environment variables that the
# demo script points at the sandbox; against the real Cloud API you would set
# WHATSAPP_PHONE_NUMBER_ID and WHATSAPP_ACCESS_TOKEN instead. The demo also
# starts the project's webhook receiver (whatsapp-receiver) and sets
# WHATSAPP_DELIVERY_STORE_URL and WHATSAPP_DELIVERY_STORE_TOKEN, so that a
# refresh reads the statuses it stored; without them, `delivery` stays null.
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

variable "webhook_url" {
  description = "Where WhatsApp posts the statuses of the messages: the receiver's webhook URL (https on the real API). Null sets no webhook."
  type        = string
  default     = null
}

variable "webhook_verify_token" {
  description = "Cloud API: the verify token the receiver answers Meta's challenge with (null On-Premises)."
  type        = string
  default     = null
  sensitive   = true
}

# Statuses of the messages below go to the receiver: set before any send.
resource "whatsapp_webhook" "statuses" {
  count = var.webhook_url == null ? 0 : 1

  url             = var.webhook_url
  verify_token_wo = var.webhook_verify_token
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

  depends_on = [whatsapp_webhook.statuses]
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

  depends_on = [whatsapp_webhook.statuses]
}

# Media can also be sent by link: WhatsApp fetches it (the sandbox does not).
resource "whatsapp_media_message" "banner" {
  to      = "+16315551001"
  type    = "image"
  link    = "https://example.com/banner.png"
  caption = "See you on launch day"

  depends_on = [whatsapp_webhook.statuses]
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

  depends_on = [whatsapp_webhook.statuses]
}

# The same image free-form, to the same customer: accepted with a message ID (the
# apply succeeds), then failed by WhatsApp with 131047 "Re-engagement message",
# because the customer has not written in 24 hours. The inbox shows it in red.
resource "whatsapp_media_message" "outside_window" {
  to       = "+16315551003"
  type     = whatsapp_media.logo.media_type
  media_id = whatsapp_media.logo.id
  caption  = "Free-form, outside the 24-hour window: this one fails"

  depends_on = [whatsapp_webhook.statuses]
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

locals {
  messages = concat(values(whatsapp_media_message.logo), values(whatsapp_media_message.brochure), [
    whatsapp_media_message.banner, whatsapp_media_message.welcome_kit, whatsapp_media_message.outside_window,
  ])
  # Each message's latest status at the last refresh; "none" before any came in.
  # "pending" below counts those and "sent" (accepted by WhatsApp, not on the phone yet).
  statuses = [for m in local.messages : try(m.delivery.status, "none")]
}

output "delivery" {
  description = "What WhatsApp reported of the messages at the last refresh (terraform apply -refresh-only reads new statuses). No status yet never means not sent."
  value = {
    messages = length(local.messages)
    # A read message was delivered first, so delivered counts read ones too
    # (a broadcast's delivery_counts counts each recipient at its latest status).
    delivered = length([for s in local.statuses : s if contains(["delivered", "read"], s)])
    read      = length([for s in local.statuses : s if s == "read"])
    failed    = length([for s in local.statuses : s if s == "failed"])
    pending   = length([for s in local.statuses : s if contains(["none", "sent"], s)])
  }
}

output "failures" {
  description = "Each failed message: recipient, WhatsApp's error code and title."
  value = [
    for m in local.messages : "${m.to}: ${m.delivery.failure_code} ${m.delivery.failure_title}"
    if try(m.delivery.status, "") == "failed"
  ]
}
