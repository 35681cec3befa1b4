# A German shop's list, as exported: national numbers, + and 00, one person
# twice, one row that is no number. Nothing fails: the valid people come out
# once each, the bad row comes out with its reason and fix.
locals {
  customers = provider::whatsapp::split_recipients(
    ["0151 2345 6701", "+49 151 23456701", "0044 7911 123456", "call me"],
    "DE",
  )
}

output "valid" {
  value = local.customers.valid # ["4915123456701", "447911123456"]
}

output "invalid" {
  value = [for e in local.customers.invalid : "row ${e.row} (${e.input}): ${e.reason}"]
}

# The valid people, one message each; the invalid ones block nothing.
resource "whatsapp_media_message" "catalogue" {
  for_each = toset(local.customers.valid)

  to      = each.value
  type    = "document"
  link    = "https://example.com/catalogue.pdf"
  caption = "Our new catalogue"
}
