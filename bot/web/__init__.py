"""The resident-facing web chat widget: static widget files, demo and accessibility pages, and a
small Sanic server for them (`python -m bot.web`)."""
