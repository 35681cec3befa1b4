# What a customer sees on opening a chat with the phone number of the
# provider block: ice breakers to tap, and commands to type after "/".
resource "whatsapp_conversational_automation" "welcome" {
  # Your webhook gets a request_welcome message when a customer opens a chat
  # for the first time: answer it with your welcome.
  enable_welcome_message = true

  prompts = [
    "What are your opening hours?",
    "Where is my order?",
    "Talk to a person",
  ]

  commands = [
    { command_name = "track", command_description = "Track an order by its number" },
    { command_name = "hours", command_description = "Opening hours of every shop" },
  ]
}
