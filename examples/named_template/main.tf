# A template whose variables have names ({{first_name}}, Meta's
# parameter_format = "NAMED"), created, approved, then sent to each customer
# whose order is ready, filled in by name. The plan checks every send against
# the template as it is planned here: a missing or unknown name is refused
# before anything is created or sent.
#
# Provider settings come from the environment: WHATSAPP_PHONE_NUMBER_ID,
# WHATSAPP_ACCESS_TOKEN (a token with whatsapp_business_management too),
# WHATSAPP_BUSINESS_ACCOUNT_ID and WHATSAPP_APP_ID.
terraform {
  required_providers {
    whatsapp = {
      source  = "sandeshlive/whatsapp"
      version = "~> 0.1"
    }
  }
}

provider "whatsapp" {}

variable "orders" {
  description = "Orders ready for pickup, by the customer's phone number (with country code)."
  type = map(object({
    first_name = string
    order_id   = string
  }))
}

variable "pickup_image_url" {
  description = "The image each customer gets as the message's header, e.g. a map to the pickup point."
  type        = string
}

resource "whatsapp_message_template" "order_ready" {
  name             = "order_ready"
  language         = "en_US"
  category         = "UTILITY"
  parameter_format = "NAMED"
  header_format    = "IMAGE"
  # A sample Meta reviews the template with, kept apart from what is sent:
  # changing the image customers get must not edit the approved template.
  header_example      = "${path.module}/files/header_sample.png"
  body                = "Hi {{first_name}}, your order {{order_id}} is ready for pickup."
  body_named_examples = { first_name = "Jessica", order_id = "SKBUP2-4CPIG9" }

  wait_for_approval = true
  review_timeout    = "1h"
}

resource "whatsapp_media_message" "ready" {
  # One key per person: a number written twice, in any format, is one message.
  for_each = { for phone, order in var.orders : provider::whatsapp::normalize_recipient(phone) => order }

  to   = each.key
  type = "image"
  link = var.pickup_image_url
  template = {
    # References, so Terraform plans (and creates) the template first.
    name     = whatsapp_message_template.order_ready.name
    language = whatsapp_message_template.order_ready.language
    body_named_parameters = {
      first_name = each.value.first_name
      order_id   = each.value.order_id
    }
  }
}

output "message_ids" {
  description = "The message sent to each customer."
  value       = { for to, m in whatsapp_media_message.ready : to => m.id }
}
