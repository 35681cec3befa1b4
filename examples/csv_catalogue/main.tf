# Send the catalogue to a CSV of customers, as a shop system exports it: a
# German shop's list, so most numbers are national ("0151 2345 6701"), some
# are international with + or 00, some are the same person twice in two
# formats, and some are not numbers at all. split_recipients reads the list
# in the shop's country: the valid people get the catalogue once each, the
# invalid rows are named with their reasons in the plan (a check block's
# warning) and in an output, and do not block the others.
#
# Provider settings come from the environment: WHATSAPP_PHONE_NUMBER_ID and
# WHATSAPP_ACCESS_TOKEN (or WHATSAPP_API=on_premises with a gateway's login).
terraform {
  required_providers {
    whatsapp = {
      source  = "sandeshlive/whatsapp"
      version = "~> 0.1"
    }
  }
}

provider "whatsapp" {}

variable "customers_csv" {
  description = "The shop's customer export: a CSV with a header row and a phone column."
  type        = string
  default     = "customers.csv"
}

variable "country" {
  description = "The country the shop's numbers are written in (ISO 3166-1 alpha-2): national numbers are read as dialled there."
  type        = string
  default     = "DE"
}

variable "catalogue_template" {
  description = "An approved message template with a DOCUMENT header and one body variable, e.g. \"Hi {{1}}, here is our new catalogue.\""
  type        = string
  default     = "catalogue_2027"
}

locals {
  # One row per customer, as exported; the phone column as written.
  rows      = csvdecode(file("${path.module}/${var.customers_csv}"))
  customers = provider::whatsapp::split_recipients([for row in local.rows : row.phone], var.country)
}

# Rows that name nobody WhatsApp can reach warn in every plan, one line each,
# and the others are sent to: fix a row in the CSV and the next apply sends to it.
check "customer_list" {
  assert {
    condition = length(local.customers.invalid) == 0
    error_message = join("\n", concat(
      ["${length(local.customers.invalid)} rows of ${var.customers_csv} are not sent to (row = data row; file line = row + 1):"],
      [for e in local.customers.invalid : "row ${e.row} (${local.rows[e.row - 1].name}, \"${e.input}\"): ${e.reason}; ${e.fix}"],
    ))
  }
}

resource "whatsapp_media" "catalogue" {
  source = "${path.module}/files/catalogue.pdf"
}

# One message per person: a customer listed twice, in any two formats, is one
# recipient; rewriting the CSV in other formats plans nothing.
resource "whatsapp_media_broadcast" "catalogue" {
  recipients   = local.customers.valid
  type         = whatsapp_media.catalogue.media_type
  media_id     = whatsapp_media.catalogue.id
  media_sha256 = whatsapp_media.catalogue.sha256
  filename     = "catalogue.pdf"

  # Customers who did not write in the last 24 hours get only a template message.
  template = {
    name            = var.catalogue_template
    language        = "en_US"
    body_parameters = ["there"]
  }
}

output "invalid_rows" {
  description = "The rows not sent to, with what is wrong and what to do."
  value       = local.customers.invalid
}

output "duplicate_rows" {
  description = "Rows naming a person an earlier row names: sent once, with the earlier row."
  value       = { for d in local.customers.duplicates : tostring(d.row) => "same person as row ${d.first_row} (${d.number})" }
}

output "deliveries" {
  description = "How many people each outcome has: accepted, failed, unknown."
  value = {
    for outcome in distinct([for d in whatsapp_media_broadcast.catalogue.deliveries : d.outcome]) :
    outcome => length([for d in whatsapp_media_broadcast.catalogue.deliveries : d if d.outcome == outcome])
  }
}
