# Import existing media by its media ID. Cloud's metadata tells the SHA-256; on
# On-Premises the provider downloads the bytes once to hash them (nothing is
# kept). Either way, a configuration whose source has the same bytes then plans
# no replacement: only an in-place update that records source and filename.
terraform import whatsapp_media.brochure 1037543291543636
