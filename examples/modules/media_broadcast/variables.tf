variable "recipients" {
  description = "Phone numbers (international form, with or without + and formatting) or wa_ids that get the file. Each person gets exactly one message: a number listed twice, in the same or another format, is one recipient."
  type        = list(string)
}

variable "source_file" {
  description = "Path of the file to upload and send."
  type        = string
}

variable "caption" {
  description = "Text sent with the file. Only image, video and document messages take a caption; leave it null for audio and stickers."
  type        = string
  default     = null
}

variable "filename" {
  description = "The file name recipients see on a document message (its extension sets the icon). Null shows the source file's own name. Ignored for other message types, which show no file name."
  type        = string
  default     = null
}

variable "type" {
  description = "Message type: audio, document, image, sticker or video. Null sends the file as the type its content allows (whatsapp_media's media_type)."
  type        = string
  default     = null
}

variable "triggers" {
  description = "Values that, when changed, send the file to every recipient again, e.g. { release = var.release }."
  type        = map(string)
  default     = null
}

variable "template" {
  description = "Send the file as the header of this approved message template instead of as a free-form message: WhatsApp delivers free-form messages only to recipients who wrote in the last 24 hours, so a broadcast to anyone else needs one. Its header format must be the file's type; leave caption null. On-Premises also needs namespace (or the provider's template_namespace)."
  type = object({
    name            = string
    language        = string
    namespace       = optional(string)
    body_parameters = optional(list(string))
    buttons = optional(list(object({
      index     = number
      sub_type  = string
      parameter = string
    })))
  })
  default = null
}
