variable "customers" {
  description = "Phone numbers with country code, in any format (+, spaces, dashes): one person listed twice is sent once."
  type        = list(string)
}

variable "catalogue_template" {
  description = "An approved message template of the business account with a DOCUMENT header and one body variable, e.g. \"Hi {{1}}, here is our new catalogue.\""
  type        = string
}

variable "first_names" {
  description = "First names of some customers, keyed by their number as customers writes it (any format): the {{1}} of their message. Customers without one are greeted as \"there\"."
  type        = map(string)
  default     = {}
}

# Upload the file once; its sha256 and media_type are known at plan time.
resource "whatsapp_media" "brochure" {
  source = "${path.module}/files/brochure.pdf"
}

# One message, every customer. Adding customers sends to the new ones only;
# removing one forgets it (it keeps what it got); a changed brochure.pdf (its
# sha256), filename or template sends to everyone again, and the plan says so.
resource "whatsapp_media_broadcast" "brochure" {
  recipients   = var.customers
  type         = whatsapp_media.brochure.media_type
  media_id     = whatsapp_media.brochure.id
  media_sha256 = whatsapp_media.brochure.sha256
  filename     = "catalogue.pdf"

  # WhatsApp delivers a free-form message only to customers who wrote to the
  # business in the last 24 hours (the others' sends are accepted, then fail on
  # the webhook with 131047): a broadcast goes out as the header of an approved
  # template, which reaches every customer who has not blocked the business.
  template = {
    name            = var.catalogue_template
    language        = "en_US"
    body_parameters = ["there"]
  }

  # Each named customer gets "Hi Ana, ...". A changed name sends that customer
  # the new message (the plan counts it among "recipients' messages changed");
  # a name for a number not in customers is refused at plan time.
  recipient_body_parameters = {
    for number, name in var.first_names : number => [name]
  }

  # After an apply reports a send whose outcome is unknown, and you have checked
  # the recipient got it, accept it as delivered so that nothing is sent again:
  # accept_unknown = ["+1 631 555 1002"]
}

# Who has not been sent the message yet, and why: the next apply sends to them.
output "not_sent" {
  value = {
    for number, d in whatsapp_media_broadcast.brochure.deliveries : number => d.error
    if d.outcome == "failed" || d.outcome == "unknown"
  }
}
