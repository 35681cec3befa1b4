# The switches without which Meta sends no webhook at all: the app subscribed
# to the WhatsApp Business Account, and the app's webhook receiving the
# "messages" field (inbound messages and the statuses of sent ones).
#
# The provider block needs business_account_id and app_id (or
# WHATSAPP_BUSINESS_ACCOUNT_ID and WHATSAPP_APP_ID). app_webhook calls the
# app's own endpoint, which takes only an app access token: run Terraform
# with the app secret in WHATSAPP_APP_SECRET (App Dashboard > App settings >
# Basic). It never reaches the plan or the state.

variable "webhook_url" {
  description = "Your receiver's https URL; it must answer Meta's verification challenge."
  type        = string
}

# Ephemeral: the verify token stays out of the plan and the state.
variable "webhook_verify_token" {
  description = "The token your receiver expects in hub.verify_token."
  type        = string
  ephemeral   = true
}

resource "whatsapp_app_subscription" "this" {
  # Write-only (Terraform or OpenTofu >= 1.11): to send a new token, change
  # it and bump the version. Meta checks each callback URL with it.
  verify_token_wo         = var.webhook_verify_token
  verify_token_wo_version = 1

  # The app's callback URL, and the fields it receives.
  app_webhook = {
    callback_url = var.webhook_url
    fields       = ["messages"]
  }

  # Optional: a callback URL for this business account only, instead of the
  # app's (an app serving several accounts sends each to its own receiver).
  # override_callback_uri = "https://hooks.example.com/whatsapp/account-1"
}
