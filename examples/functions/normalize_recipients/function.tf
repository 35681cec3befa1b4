variable "customers" {
  description = "Phone numbers written any way, national ones as dialled in var.country; duplicates are fine."
  type        = list(string)
  default     = ["+49 170 1223003", "0170 1223003", "0049 170 1223003", "+1 631-555-1001"]
}

variable "country" {
  description = "The country national numbers in the list were written in (ISO 3166-1 alpha-2)."
  type        = string
  default     = "DE"
}

# One message per person: the list above is two people, so two messages.
# Rewriting the list in another format changes no key, so it plans nothing.
resource "whatsapp_media_message" "brochure" {
  for_each = provider::whatsapp::normalize_recipients(var.customers, var.country)

  to      = each.value
  type    = "document"
  link    = "https://example.com/catalogue.pdf"
  caption = "Our new catalogue"
}
