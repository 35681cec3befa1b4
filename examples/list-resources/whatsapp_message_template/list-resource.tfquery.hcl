# Every message template, in every language, of the WhatsApp Business Account
# the provider block names (business_account_id, on the Cloud API).
# `terraform query` lists them; `terraform query -generate-config-out=generated.tf`
# writes an import block and a resource block for each.
list "whatsapp_message_template" "all" {
  provider = whatsapp
}
