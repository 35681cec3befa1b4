# Uploads one file and sends it to each recipient: one whatsapp_media and one
# whatsapp_media_message per recipient. Adding a recipient sends one message;
# removing one forgets its message (it cannot be unsent). Each recipient gets
# the file once: again only when its content or a trigger changes.
#
# It keeps one resource per recipient on purpose, for lists of tens: each
# recipient is its own address in state (whatsapp_media_message.this["<to>"]),
# which `terraform state` commands and `moved` blocks can name. For hundreds of
# recipients and more, use one whatsapp_media_broadcast instead (see
# examples/resources/whatsapp_media_broadcast): Terraform's cost per resource
# instance grows with their number, a broadcast's sends run at the API's rate.
terraform {
  required_version = ">= 1.3"

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
  for_each = var.recipients

  to       = each.value
  type     = local.type
  media_id = whatsapp_media.this.id
  # The message follows the file's content, not its media ID: a changed file
  # sends it again, while an upload of the same file (Cloud media expire after
  # 30 days, or media deleted on the server) sends nothing.
  media_sha256 = whatsapp_media.this.sha256
  caption      = var.caption
  # Only documents take a file name; recipients see the file's own name.
  filename = local.type == "document" ? basename(var.source_file) : null
  triggers = var.triggers
  # With a template, the file is its header: the way to reach recipients
  # outside the 24-hour window.
  template = var.template
}
