"""`python -m bot.rasa_components.server run [rasa run options]`: `rasa run` with the product's edge rules.

Rasa 3.6 takes its HTTP API token only from `--auth-token` (visible to every user in `ps`) and
checks it only in a `?token=` URL parameter (kept in access logs). This entry point runs the same
`rasa run` in-process with Rasa's own token check off and these rules on the Sanic app instead:
- the HTTP API answers only clients on this machine and only with `Authorization: Bearer TOKEN`
  (token from RASA_AUTH_TOKEN or var/rasa_auth_token, bot/local_secrets.py); from anywhere else
  only the REST webhook and `/` exist;
- request bodies over BOT_RASA_MAX_BODY (16 KB) get 413 before they are read or parsed;
- CORS only for BOT_ALLOWED_ORIGINS (never `*`).
"""
from __future__ import annotations

import inspect
import sys
from typing import Any, List, Optional

# Paths anyone may reach: Rasa's hello page and the guarded REST channel.
PUBLIC_PATHS = ("/", "/webhooks/rest/webhook", "/webhooks/rest", "/webhooks/rest/")
# Slow clients: Sanic drops a connection that has not sent its whole request within this time.
REQUEST_TIMEOUT_SECONDS = 10


def _refused(argv: List[str]) -> Optional[str]:
    for arg in argv:
        if arg.startswith("--auth-token") or arg.startswith("--cors"):
            return (f"{arg.split('=')[0]} is set by bot.rasa_components.server (RASA_AUTH_TOKEN / var/rasa_auth_token, "
                    "BOT_ALLOWED_ORIGINS); do not pass it on the command line")
    return None


def install_edge_rules() -> None:
    """Wrap Rasa's configure_app so every app it builds gets the rules above."""
    import rasa.core.run

    from bot.http_guard import bearer, limit_body, require_secret
    from bot.local_secrets import rasa_api_token
    from bot.settings import get_settings

    settings = get_settings()
    original = rasa.core.run.configure_app
    if getattr(original, "edge_rules", False):
        return

    signature = inspect.signature(original)

    def configure_app(*args: Any, **kwargs: Any):  # noqa: ANN202 - same signature as Rasa's
        bound = signature.bind(*args, **kwargs)  # serve_application passes them by position
        bound.arguments["auth_token"] = None
        bound.arguments["cors"] = list(settings.allowed_origins)
        app = original(*bound.args, **bound.kwargs)
        limit_body(app, settings.rasa_max_body_bytes)
        app.config.REQUEST_TIMEOUT = REQUEST_TIMEOUT_SECONDS
        require_secret(app, header="Authorization", secret=bearer, expected=rasa_api_token(settings),
                       public_paths=PUBLIC_PATHS, loopback_only=True)
        return app

    configure_app.edge_rules = True  # type: ignore[attr-defined]
    rasa.core.run.configure_app = configure_app


def main(argv: Optional[List[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    problem = _refused(argv)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    install_edge_rules()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *argv]
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
