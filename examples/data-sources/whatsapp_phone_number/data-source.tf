# The sending number's status (Cloud API), read at plan time. Without an id
# it is the provider's phone_number_id.
data "whatsapp_phone_number" "sender" {}

variable "customers" {
  description = "Who gets the announcement."
  type        = list(string)
  default     = ["+16315551001", "+16315551002"]
}

# A broadcast that refuses to go out while the number's quality rating is RED:
# more low-quality sends would only lower the number's messaging limit. The
# plan fails before anything is sent; it passes again once the rating recovers.
resource "whatsapp_media_message" "announcement" {
  for_each = provider::whatsapp::normalize_recipients(var.customers) # one message per person
  to       = each.value
  type     = "image"
  link     = "https://example.com/launch.png"
  caption  = "We have launched!"

  lifecycle {
    precondition {
      condition     = data.whatsapp_phone_number.sender.quality_rating != "RED"
      error_message = "The quality rating of ${data.whatsapp_phone_number.sender.display_phone_number} is RED: not broadcasting. See the WhatsApp Manager for why."
    }
  }
}

output "sender" {
  value = {
    number         = data.whatsapp_phone_number.sender.display_phone_number
    name           = data.whatsapp_phone_number.sender.verified_name
    quality_rating = data.whatsapp_phone_number.sender.quality_rating
    messaging_tier = data.whatsapp_phone_number.sender.messaging_limit_tier # null when the API does not say
  }
}
