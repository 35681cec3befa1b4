# Media providers exist only on the On-Premises API.
provider "whatsapp" {
  api      = "on_premises"
  base_url = "https://wa.example.com:9090"
  username = "admin"
  password = var.whatsapp_password
}

variable "whatsapp_password" {
  type      = string
  sensitive = true
}

# Ephemeral: Terraform keeps its value out of the plan and the state.
variable "cdn_token" {
  type      = string
  ephemeral = true
}

# The API sends "Authorization: Bearer <token>" when it fetches a link through "cdn".
# bearer_token_wo is write-only (Terraform or OpenTofu >= 1.11): the token is sent,
# never stored. To send a new token, change the variable and bump the version.
resource "whatsapp_media_provider" "cdn" {
  name                    = "cdn"
  bearer_token_wo         = var.cdn_token
  bearer_token_wo_version = 1
}

# Or HTTP Basic authentication. basic_password works with any CLI version, and
# is stored in the state (marked sensitive); basic_password_wo would keep it out.
resource "whatsapp_media_provider" "intranet" {
  name           = "intranet-files"
  basic_username = "whatsapp-fetcher"
  basic_password = var.intranet_password
}

variable "intranet_password" {
  type      = string
  sensitive = true
}

# A link message that the API fetches through the provider.
resource "whatsapp_media_message" "brochure" {
  to            = "+15551234567"
  type          = "document"
  link          = "https://cdn.example.com/brochure.pdf"
  link_provider = whatsapp_media_provider.cdn.name
}
