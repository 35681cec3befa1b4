# Uploads one file and sends it to each recipient: one whatsapp_media and one
# whatsapp_media_message per person. Adding a recipient sends one message;
# removing one forgets its message (it cannot be unsent). Each person gets the
# file once: again only when its content or a trigger changes.
#
# It keeps one resource per person on purpose, for lists of tens: each person
# is its own address in state (whatsapp_media_message.this["<canonical number>"]),
# which `terraform state` commands and `moved` blocks can name. For hundreds of
# recipients and more, use one whatsapp_media_broadcast instead (see
# examples/resources/whatsapp_media_broadcast): Terraform's cost per resource
# instance grows with their number, a broadcast's sends run at the API's rate.
terraform {
  # Provider-defined functions need Terraform 1.8 or later (OpenTofu 1.7 or later).
  required_version = ">= 1.8"

  required_providers {
    whatsapp = {
      source  = "sandeshlive/whatsapp"
      version = ">= 0.1" # a module names the oldest version it works with; the root module pins
    }
  }
}

resource "whatsapp_media" "this" {
  source = var.source_file
}

locals {
  # The message type the file can be sent as, unless the caller chose one.
  type = var.type != null ? var.type : whatsapp_media.this.media_type
}

resource "whatsapp_media_message" "this" {
  # One key per person: the canonical number, so a person listed twice (in
  # the same or another format) gets one message, and rewriting the list in
  # another format ("+49 170 1223003" for "491701223003") plans nothing.
  for_each = provider::whatsapp::normalize_recipients(var.recipients)

  to       = each.value
  type     = local.type
  media_id = whatsapp_media.this.id
  # The message follows the file's content, not its media ID: a changed file
  # sends it again, while an upload of the same file (Cloud media expire after
  # 30 days, or media deleted on the server) sends nothing.
  media_sha256 = whatsapp_media.this.sha256
  caption      = var.caption
  # Only documents show a file name: the caller's, or the file's own.
  filename = local.type == "document" ? coalesce(var.filename, basename(var.source_file)) : null
  triggers = var.triggers
  # With a template, the file is its header: the way to reach recipients
  # outside the 24-hour window.
  template = var.template
}
