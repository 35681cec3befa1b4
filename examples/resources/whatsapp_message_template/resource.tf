# A marketing template whose header carries an image: each send gives its own
# image (whatsapp_media_message's template), and Meta reviews the template with
# the example below, uploaded through the Resumable Upload API. The provider
# block needs business_account_id, and app_id for header_example.
resource "whatsapp_message_template" "spring_launch" {
  name     = "spring_launch"
  language = "en_US"
  category = "MARKETING"

  header_format  = "IMAGE"
  header_example = "${path.module}/files/banner.png" # hashed at plan time: new bytes plan an edit
  # Keep this file apart from the media you send with the template: a changed
  # example edits the template, and Meta allows an approved template one edit
  # in 24 hours and ten in 30 days (edit_times keeps Terraform's edits).

  body          = "Hi {{1}}, spring is here: {{2}} off everything this week."
  body_examples = ["Ana", "20%"]
  footer        = "Reply STOP to opt out"

  buttons = [
    { type = "QUICK_REPLY", text = "Stop promotions" },
    { type = "URL", text = "Shop now", url = "https://shop.example.com/{{1}}", example = "spring" },
  ]

  # Wait for Meta's review, so sends that depend on this template find it approved.
  wait_for_approval = true
  review_timeout    = "30m"
}

output "spring_launch_status" {
  value = whatsapp_message_template.spring_launch.status # APPROVED, or REJECTED with rejected_reason
}
