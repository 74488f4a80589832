"""Conversation logic the actions use, kept free of Rasa so it is tested on its own."""
