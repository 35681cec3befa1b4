variable "customers" {
  description = "Phone numbers with country code, e.g. +16315551001."
  type        = set(string)
  default     = ["+16315551001", "+16315551002"]
}

# A template created in the WhatsApp Manager (or by another configuration).
data "whatsapp_message_template" "welcome" {
  name     = "welcome_kit"
  language = "en_US"
}

resource "whatsapp_media" "kit" {
  source = "${path.module}/files/kit.png"
}

# Send the image as the template's header, but only when the template can take it:
# the preconditions fail the plan, before anything is sent.
resource "whatsapp_media_message" "welcome" {
  for_each = provider::whatsapp::normalize_recipients(var.customers) # one message per person

  to           = each.value
  type         = whatsapp_media.kit.media_type
  media_id     = whatsapp_media.kit.id
  media_sha256 = whatsapp_media.kit.sha256
  template = {
    name            = data.whatsapp_message_template.welcome.name
    language        = data.whatsapp_message_template.welcome.language
    body_parameters = ["there"] # {{1}}
  }

  lifecycle {
    precondition {
      condition     = data.whatsapp_message_template.welcome.status == "APPROVED"
      error_message = "welcome_kit is ${data.whatsapp_message_template.welcome.status}; only an approved template can be sent."
    }
    precondition {
      condition     = data.whatsapp_message_template.welcome.body_parameter_count == 1
      error_message = "welcome_kit takes ${data.whatsapp_message_template.welcome.body_parameter_count} body parameters, not 1."
    }
    precondition {
      condition     = data.whatsapp_message_template.welcome.header_format == upper(whatsapp_media.kit.media_type)
      error_message = "welcome_kit's header is not a ${whatsapp_media.kit.media_type}."
    }
  }
}
