# The profile of the provider's number (Cloud) or deployment (On-Premises).
data "whatsapp_business_profile" "current" {}

# Stop a campaign whose customers would open a chat with no contact email.
resource "whatsapp_media_message" "launch" {
  to      = "+16315551001"
  type    = "image"
  link    = "https://example.com/launch.png"
  caption = "Our spring range is here."

  lifecycle {
    precondition {
      condition     = data.whatsapp_business_profile.current.email != null
      error_message = "The business profile has no contact email: set one (whatsapp_business_profile) before the launch."
    }
  }
}

output "profile" {
  value = {
    about    = data.whatsapp_business_profile.current.about
    websites = data.whatsapp_business_profile.current.websites
  }
}
