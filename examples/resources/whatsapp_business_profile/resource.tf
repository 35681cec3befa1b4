# The profile customers see when they open the business's chat. Only the
# arguments set here are managed; destroying the resource (or removing an
# argument) puts back the value each field had before Terraform managed it.
# On the Cloud API the photo goes through the Resumable Upload API of the
# provider block's app_id.
resource "whatsapp_business_profile" "this" {
  about       = "Succulents, cacti and pots, delivered."
  description = "Lucky Shrub grows hardy plants and ships them with care guides."
  address     = "1 Hacker Way, Menlo Park, CA 94025"
  email       = "hello@luckyshrub.example.com"
  vertical    = "RETAIL" # Cloud: one of the API's industries; On-Premises: free text
  websites    = ["https://luckyshrub.example.com", "https://luckyshrub.example.com/care"]

  # A square JPEG or PNG (640x640 is best), hashed at plan time: new bytes plan an update.
  photo = "${path.module}/files/logo.png"
}

# Cloud: the URL of the photo as read after Terraform set it (null On-Premises).
output "profile_photo_url" {
  value = whatsapp_business_profile.this.photo_url
}
