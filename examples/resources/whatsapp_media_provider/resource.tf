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

variable "cdn_token" {
  type      = string
  sensitive = true
}

# The API sends "Authorization: Bearer <token>" when it fetches a link through "cdn".
resource "whatsapp_media_provider" "cdn" {
  name         = "cdn"
  bearer_token = var.cdn_token
}

# Or HTTP Basic authentication.
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
