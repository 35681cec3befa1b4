variable "customers" {
  description = "Phone numbers in international form, written any way; duplicates are fine."
  type        = list(string)
  default     = ["491701223003", "+49 170 1223003", "+1 631-555-1001"]
}

# One message per person: the list above is two people, so two messages.
# Rewriting the list in another format changes no key, so it plans nothing.
resource "whatsapp_media_message" "brochure" {
  for_each = provider::whatsapp::normalize_recipients(var.customers)

  to      = each.value
  type    = "document"
  link    = "https://example.com/catalogue.pdf"
  caption = "Our new catalogue"
}
