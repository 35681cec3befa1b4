# Every way of writing one number gives one string: "491701223003".
output "customer" {
  value = provider::whatsapp::normalize_recipient("+49 170 1223003")
}

# Key a map by person: a CRM export and a spreadsheet that write the same
# number differently land on one key.
variable "contacts" {
  type = map(string) # name => phone number, written any way
  default = {
    "Ada"   = "+49 170 1223003"
    "Grace" = "+1 (631) 555-1001"
  }
}

output "names_by_number" {
  value = { for name, phone in var.contacts : provider::whatsapp::normalize_recipient(phone) => name }
}

# A national number, read in the country it was written in: "4915123456701".
output "german_customer" {
  value = provider::whatsapp::normalize_recipient("0151 2345 6701", "DE")
}
