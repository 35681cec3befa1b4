# Cloud API: import the profile of the provider block's phone number by its ID.
# Every field the profile has becomes managed, and destroy puts back the values
# it had at import. The photo is not imported: the first apply with photo sets it.
terraform import whatsapp_business_profile.this 106540352242922

# On-Premises API: there is one profile per deployment, imported as "business_profile".
terraform import whatsapp_business_profile.this business_profile
