"""Language understanding logic that does not depend on Rasa (Rasa adapters live in bot.rasa_components)."""
