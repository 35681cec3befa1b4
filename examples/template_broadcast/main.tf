# A broadcast to customers who have not written to the business in the last 24
# hours: WhatsApp delivers them only a template message. This creates a template
# with an image header, waits for Meta to approve it, then sends the banner as its
# header to every customer through the media_broadcast module. The template's
# header_example and the banner are two files, on purpose: see below.
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

variable "customers" {
  description = "Phone numbers with country code, e.g. +16315551001."
  type        = set(string)
}

resource "whatsapp_message_template" "spring_launch" {
  name          = "spring_launch"
  language      = "en_US"
  category      = "MARKETING"
  header_format = "IMAGE"
  # The sample Meta reviews the template with: a file of its own, not the
  # banner sent below. Each send brings its own header image, so the banner
  # can change as often as you like; changing header_example edits the
  # template, and Meta allows an approved template one edit in 24 hours and
  # ten in 30 days (the plan refuses one more, naming when it is possible).
  header_example = "${path.module}/files/header-example.png"
  body           = "Spring is here: {{1}} off everything this week."
  body_examples  = ["20%"]
  footer         = "Reply STOP to opt out"
  buttons        = [{ type = "QUICK_REPLY", text = "Stop promotions" }]

  # The sends below wait for this resource: with wait_for_approval they start
  # only once Meta approved the template, and a rejection stops the apply.
  wait_for_approval = true
  review_timeout    = "1h"
}

module "spring_launch" {
  source = "../modules/media_broadcast"

  recipients  = var.customers
  source_file = "${path.module}/files/banner.png" # what customers see: change it freely
  template = {
    name            = whatsapp_message_template.spring_launch.name
    language        = whatsapp_message_template.spring_launch.language
    body_parameters = ["20%"]
    buttons         = [{ index = 0, sub_type = "quick_reply", parameter = "STOP_PROMOTIONS" }]
  }
}

output "message_ids" {
  description = "The template message sent to each customer."
  value       = module.spring_launch.message_ids
}
