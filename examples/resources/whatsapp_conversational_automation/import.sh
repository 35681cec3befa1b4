# Import the setting by the phone number ID of the provider block.
terraform import whatsapp_conversational_automation.welcome 106540352242922
