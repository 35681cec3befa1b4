# Sends one brochure to a list of customers with the media_broadcast module.
#
# The provider settings come from WHATSAPP_* environment variables, so the same
# configuration runs in CI with secrets from the environment:
#   export WHATSAPP_PHONE_NUMBER_ID=106540352242922 WHATSAPP_ACCESS_TOKEN=...
#   terraform init && terraform apply   (with a dev_overrides build: terraform get && terraform apply)
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
  description = "Who gets the brochure."
  type        = set(string)
  default     = ["+16315551001", "+16315551002", "+16315551003"]
}

module "brochure" {
  source = "../modules/media_broadcast"

  recipients  = var.customers
  source_file = "${path.module}/../quickstart/files/brochure.pdf"
  caption     = "Our new catalogue"
}

output "message_ids" {
  description = "The message ID each customer was sent."
  value       = module.brochure.message_ids
}
