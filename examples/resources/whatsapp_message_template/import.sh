# Import a template by its ID (the WhatsApp Manager shows it; Meta calls it hsm_id).
# A media header's example file cannot be read back: set header_example in the
# configuration, and the next apply records that file as the example Meta
# already has, without uploading it or editing the template.
# edit_times starts empty: edits made before the import are not known to
# Terraform, though Meta still counts them against its edit limits.
terraform import whatsapp_message_template.spring_launch 1234567890123456
