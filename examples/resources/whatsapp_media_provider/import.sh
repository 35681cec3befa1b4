# Import a media provider by its name. The API returns its credentials, so the
# imported state holds them and a matching configuration plans no change.
terraform import whatsapp_media_provider.cdn cdn
