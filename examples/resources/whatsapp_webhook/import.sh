# Cloud API: import the phone number's webhook override by the phone number ID
# of the provider block. The verify token cannot be read back: with a
# verify_token_wo_version in the configuration, the plan after the import is an
# in-place update that sets the URL again with the configured verify_token_wo.
terraform import whatsapp_webhook.statuses 106540352242922

# On-Premises API: the application's webhook setting is imported as "application".
terraform import whatsapp_webhook.statuses application
