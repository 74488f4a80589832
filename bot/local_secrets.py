"""Secrets a one-machine install makes for itself: the Rasa HTTP API token and the action server's
shared secret.

Each comes from the environment when the deployment sets it (a Kubernetes Secret), else from a
file in var/ made once with mode 600. They are never put on a command line (visible to every user
in `ps`) or in a URL (kept in access logs and browser history).
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Optional

from bot.settings import Settings

# The header Rasa sends to the action server (endpoints.yml `action_endpoint.headers`).
ACTION_SECRET_HEADER = "X-Bot-Action-Secret"


def _kept_in_file(path: Path) -> str:
    if path.is_file():
        value = path.read_text().strip()
        if value:
            return value
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
    return value


def rasa_api_token(settings: Settings) -> str:
    """RASA_AUTH_TOKEN if set, else var/rasa_auth_token (made once)."""
    return settings.rasa_auth_token or _kept_in_file(settings.rasa_auth_token_file)


def action_secret(settings: Settings) -> str:
    """BOT_ACTION_SECRET if set, else var/action_secret (made once)."""
    return settings.action_secret or _kept_in_file(settings.action_secret_file)


def matches(sent: Optional[str], expected: str) -> bool:
    """Constant-time comparison; an empty expected secret never matches."""
    import hmac

    return bool(expected) and sent is not None and hmac.compare_digest(sent.encode(), expected.encode())
