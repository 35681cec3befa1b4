variable "catalogue_template" {
  description = "An approved message template of the business account with a DOCUMENT header and one body variable, e.g. \"Hi {{1}}, here is our new catalogue.\""
  type        = string
}

# Upload the file once; its sha256 and media_type are known at plan time.
resource "whatsapp_media" "brochure" {
  source = "${path.module}/files/brochure.pdf"
}

# Every customer of customers.csv (a shop's export: first_name, phone, email),
# greeted by name: "Hi Ana, here is our new catalogue." The plan reads the
# file once; the state keeps counts and one packed value, however many rows.
# Reordering or reformatting the file, or naming a person twice, sends
# nothing; added rows are sent to; a changed first_name sends that row again;
# a changed brochure.pdf (its sha256), filename or template sends to
# everyone again, and the plan says which and why.
resource "whatsapp_media_campaign" "catalogue" {
  recipients_file        = "${path.module}/customers.csv"
  phone_column           = "phone"
  body_parameter_columns = ["first_name"]

  type         = whatsapp_media.brochure.media_type
  media_id     = whatsapp_media.brochure.id
  media_sha256 = whatsapp_media.brochure.sha256
  filename     = "catalogue.pdf"

  # A template reaches customers who did not write in the last 24 hours.
  template = {
    name     = var.catalogue_template
    language = "en_US"
  }
}

output "catalogue_campaign" {
  value = {
    recipients = whatsapp_media_campaign.catalogue.recipient_count
    sent       = whatsapp_media_campaign.catalogue.sent_count
    failed     = whatsapp_media_campaign.catalogue.failed_count # named in the apply's report; sent again next apply
  }
}
