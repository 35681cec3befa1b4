output "media_id" {
  description = "The media ID of the uploaded file."
  value       = whatsapp_media.this.id
}

output "message_ids" {
  description = "The message ID sent to each person, keyed by the canonical number (digits only, as provider::whatsapp::normalize_recipient gives it)."
  value       = { for to, m in whatsapp_media_message.this : to => m.id }
}
