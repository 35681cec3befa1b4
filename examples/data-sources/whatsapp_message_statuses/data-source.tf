# What WhatsApp reported of a broadcast, for outputs. The provider reads the
# statuses from the webhook receiver (delivery_store_url and
# delivery_store_token in the provider block, or WHATSAPP_DELIVERY_STORE_URL
# and WHATSAPP_DELIVERY_STORE_TOKEN), which whatsapp_webhook points WhatsApp at.
variable "customers" {
  description = "Who gets the launch image."
  type        = list(string)
  default     = ["+16315551001", "+16315551002"]
}

resource "whatsapp_media_broadcast" "launch" {
  recipients = var.customers
  type       = "image"
  link       = "https://example.com/launch.png"
  caption    = "We have launched!"
}

# Statuses arrive after the send: a later run, or `terraform apply
# -refresh-only`, reads those that came in since.
data "whatsapp_message_statuses" "launch" {
  message_ids = [for d in whatsapp_media_broadcast.launch.deliveries : d.message_id if d.message_id != null]
}

output "launch" {
  value = {
    delivered = data.whatsapp_message_statuses.launch.counts["delivered"] + data.whatsapp_message_statuses.launch.counts["read"]
    read      = data.whatsapp_message_statuses.launch.counts["read"]
    failed    = data.whatsapp_message_statuses.launch.counts["failed"]
    no_status = data.whatsapp_message_statuses.launch.counts["no_status"] # not in yet: never "not sent"
    failures = [
      for s in data.whatsapp_message_statuses.launch.statuses :
      "${s.recipient_id}: ${s.failure_code} ${s.failure_title}" if s.status == "failed"
    ]
  }
}
