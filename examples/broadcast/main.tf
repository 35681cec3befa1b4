# Sends one brochure to a list of customers with the media_broadcast module.
#
# As written it sends a free-form message, which WhatsApp delivers only to
# customers who wrote to the business in the last 24 hours (replying to a
# request, say): the API accepts the others too and fails them later, on the
# webhook (131047). To reach everyone, send the brochure as the header of an
# approved template with a DOCUMENT header instead: drop caption and pass
#   template = { name = "catalogue_update", language = "en_US", body_parameters = ["there"] }
#
# The provider settings come from WHATSAPP_* environment variables, so the same
# configuration runs in CI with secrets from the environment:
#   export WHATSAPP_PHONE_NUMBER_ID=106540352242922 WHATSAPP_ACCESS_TOKEN=...
#   terraform init && terraform apply
terraform {
  required_providers {
    whatsapp = {
      source  = "sandeshlive/whatsapp"
      version = "~> 0.1"
    }
  }
}

# For real use, configure the provider here instead, with secrets from variables:
# provider "whatsapp" {
#   phone_number_id = "106540352242922"
#   access_token    = var.whatsapp_token
# }

variable "customers" {
  description = "Who gets the brochure: phone numbers in international form, written any way (a CRM export, a spreadsheet). A customer listed twice, in any format, gets one message."
  type        = list(string)
  default     = ["+16315551001", "+1 631 555 1002", "16315551003"]
}

module "brochure" {
  source = "../modules/media_broadcast"

  recipients  = var.customers
  source_file = "${path.module}/../quickstart/files/brochure.pdf"
  caption     = "Our new catalogue"
  filename    = "catalogue.pdf" # the name customers see
}

output "message_ids" {
  description = "The message ID each customer was sent, keyed by the canonical number (e.g. 16315551002)."
  value       = module.brochure.message_ids
}
