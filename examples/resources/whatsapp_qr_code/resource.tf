# A QR code for the table cards: scanning it opens a chat with the business,
# the message typed in. The SVG goes to the print pipeline's folder; change
# the message later and the printed code keeps working.
resource "whatsapp_qr_code" "menu" {
  prefilled_message = "Show me today's menu"
  image_format      = "SVG"
  image_path        = "${path.module}/print/menu-qr.svg"
}

# The same chat as a link, for the website and emails.
output "menu_link" {
  value = whatsapp_qr_code.menu.deep_link_url
}
