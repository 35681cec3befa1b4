# Import a QR code by its code, as the WhatsApp Manager shows it (14 upper-case
# letters and digits). Set image_format (and image_path) in the configuration
# to get its image.
terraform import whatsapp_qr_code.menu ANED2T5QRU7HG1
