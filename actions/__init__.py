"""rasa-sdk custom actions: thin adapters over services in bot/ (one module per concern)."""
