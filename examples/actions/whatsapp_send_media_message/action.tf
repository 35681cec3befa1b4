# Tell the ops group each time a release is created or changes: the action
# runs after the release resource is created or updated, and sends nothing
# on an apply that leaves the release as it is. Needs Terraform 1.14 or later.

variable "release" {
  description = "The release being deployed, e.g. v2.4.0."
  type        = string
}

variable "ops_phone" {
  description = "The phone number of the ops on-call, country code first."
  type        = string
}

action "whatsapp_send_media_message" "release_notes" {
  config {
    to       = var.ops_phone
    type     = "document"
    link     = "https://downloads.example.com/releases/${var.release}/notes.pdf"
    caption  = "Release ${var.release} is being deployed"
    filename = "release-notes-${var.release}.pdf"
  }
}

# Any resource can trigger it; terraform_data stands in for the release here
# (in practice, the resource that deploys or tags the release).
resource "terraform_data" "release" {
  input = var.release

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.whatsapp_send_media_message.release_notes]
    }
  }
}
