# A code made in the WhatsApp Manager and already printed on flyers: read
# its link for the website, and stop the plan if its message was changed.

variable "flyer_code" {
  description = "The printed code, as the WhatsApp Manager shows it (14 letters and digits)."
  type        = string
}

data "whatsapp_qr_code" "flyer" {
  code         = var.flyer_code
  image_format = "PNG"

  lifecycle {
    postcondition {
      condition     = self.prefilled_message == "I'd like the spring catalogue"
      error_message = "The flyer's QR code no longer opens the chat with the catalogue request."
    }
  }
}

output "flyer_link" {
  value = data.whatsapp_qr_code.flyer.deep_link_url
}
