variable "recipients" {
  description = "Phone numbers (E.164, with or without +) or wa_ids that get the file. Each one gets exactly one message."
  type        = set(string)
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
