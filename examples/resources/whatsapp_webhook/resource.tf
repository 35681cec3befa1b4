# Where WhatsApp posts the statuses of your messages (sent, delivered, read,
# failed) for the phone number of the provider block. A send that the API
# accepted can still fail later: that failure arrives only here.

variable "webhook_url" {
  description = "Your receiver's https URL; it must answer Meta's verification challenge (Cloud)."
  type        = string
}

# Ephemeral: the verify token stays out of the plan and the state.
variable "webhook_verify_token" {
  description = "The token your receiver expects in hub.verify_token (Cloud API only)."
  type        = string
  ephemeral   = true
}

# Cloud API: the phone number's webhook override. Meta calls the URL with a
# challenge before it takes it. verify_token_wo is write-only (Terraform or
# OpenTofu >= 1.11): to send a new token, change it and bump the version.
resource "whatsapp_webhook" "statuses" {
  url                     = var.webhook_url
  verify_token_wo         = var.webhook_verify_token
  verify_token_wo_version = 1
}

# Send after the webhook is in place, and label the message: its statuses
# carry callback_data (Cloud), so the receiver knows which message they are
# about without a lookup. Changing the label later sends nothing.
resource "whatsapp_media_message" "welcome" {
  to            = "+16315551001"
  type          = "image"
  link          = "https://cdn.example.com/media/welcome.png"
  callback_data = "whatsapp_media_message.welcome"

  depends_on = [whatsapp_webhook.statuses]
}

# Match statuses to messages by ID: each status's "id" is a message ID in state.
output "message_ids" {
  value = { welcome = whatsapp_media_message.welcome.id }
}

# On-Premises API (BSP gateways): the same resource sets the application's
# webhooks.url. There is no verify token and no callback_data there:
#
# resource "whatsapp_webhook" "statuses" {
#   url = "https://hooks.example.com/whatsapp"
# }
