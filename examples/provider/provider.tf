terraform {
  required_providers {
    whatsapp = {
      source  = "sandeshlive/whatsapp"
      version = "~> 0.1"
    }
  }
}

# Cloud API: a system-user token and the business phone number ID.
provider "whatsapp" {
  phone_number_id = "106540352242922"  # api = "cloud" is inferred from it
  access_token    = var.whatsapp_token # or WHATSAPP_ACCESS_TOKEN
  # max_messages_per_second = 80       # optional: stay under a known limit (Meta's default per number)
  # In CI, keep the record of sends where the next run of this configuration finds it, so a
  # killed job's sends are adopted rather than sent again (default: inside .terraform/).
  # send_record_path = "/var/cache/ci/whatsapp/brochure-send-record.log"
}

# On-Premises API (or a BSP gateway speaking it): log in with a user and password;
# the provider renews the token before it expires.
provider "whatsapp" {
  alias    = "onprem"
  api      = "on_premises"
  base_url = "https://wa.example.com:9090"
  username = "admin"
  password = var.whatsapp_password # or WHATSAPP_PASSWORD
  # ca_cert_pem = file("${path.module}/ca.pem")  # a private CA
}

# A BSP gateway that takes a static key in its own header.
provider "whatsapp" {
  alias        = "bsp"
  api          = "on_premises"
  base_url     = "https://waba.example-bsp.com"
  access_token = var.bsp_api_key
  auth_header  = "D360-API-KEY"
}

variable "whatsapp_token" {
  type      = string
  sensitive = true
}

variable "whatsapp_password" {
  type      = string
  sensitive = true
}

variable "bsp_api_key" {
  type      = string
  sensitive = true
}
