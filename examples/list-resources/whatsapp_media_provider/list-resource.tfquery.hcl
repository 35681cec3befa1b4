# Every media provider of the On-Premises API the provider block points at.
# `terraform query` lists them; `terraform query -generate-config-out=generated.tf`
# writes an import block and a resource block for each.
list "whatsapp_media_provider" "all" {
  provider = whatsapp
}
