# Import the app's subscription by the business account ID of the provider
# block. With WHATSAPP_APP_SECRET set, the app's webhook (app_webhook) is
# imported too. The verify token cannot be read back: with a
# verify_token_wo_version in the configuration, the plan after the import
# subscribes again with the configured verify_token_wo.
terraform import whatsapp_app_subscription.this 102290129340398
