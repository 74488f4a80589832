"""Start the rasa-sdk action server (`python -m bot.action_server --actions actions --port 5055`).

rasa-sdk's own `python -m rasa_sdk` listens on every interface unless SANIC_HOST is set, has no
authentication and reads bodies up to Sanic's 100 MB default. This entry point runs the same
rasa-sdk app with:
- the address from BOT_ACTION_HOST (default 127.0.0.1: only Rasa on this machine calls it);
- a shared secret: every path but /health needs the X-Bot-Action-Secret header, which Rasa sends
  from endpoints.yml (BOT_ACTION_SECRET, else var/action_secret, bot/local_secrets.py);
- bodies over BOT_ACTION_MAX_BODY refused with 413 before they are read;
- CORS off (only Rasa calls it, never a browser).
Start-up choices kept from before:
- TensorFlow is never loaded: the actions do not use it, but spaCy (redaction of feedback comments)
  would import it only because Rasa installed it - 440 MB of memory and seconds of start-up.
- The content store and the redactor are opened once at start, not on the first resident's message.
"""
from __future__ import annotations

import sys
from typing import List, Optional


def main(argv: Optional[List[str]] = None) -> None:
    sys.modules.setdefault("tensorflow", None)  # type: ignore[arg-type]

    from rasa_sdk.endpoint import create_app, create_argument_parser
    from sanic import response
    from sanic.exceptions import SanicException

    from bot.http_guard import limit_body, require_secret
    from bot.local_secrets import ACTION_SECRET_HEADER, action_secret
    from bot.services import Services
    from bot.settings import get_settings

    args = create_argument_parser().parse_args(argv)
    settings = get_settings()
    try:
        Services.content().live_version()
    except Exception as exc:  # noqa: BLE001 - the actions report database problems per call, safely
        print(f"warning: content store not reachable at start-up: {exc}", file=sys.stderr)
    from bot.redaction import default_redactor

    default_redactor().redact("warm up")

    app = create_app(args.actions, cors_origins=None)
    app.config.ACCESS_LOG = False

    @app.exception(SanicException)
    async def http_error(request, exception: SanicException):  # noqa: ANN202 - Sanic handler
        # rasa-sdk answers every exception with 500 and echoes the body; a 413 (too large), 404 or
        # 405 should say what it is, and echo nothing.
        return response.json({"error": str(exception)}, status=getattr(exception, "status_code", 500))

    limit_body(app, settings.action_max_body_bytes)
    require_secret(app, header=ACTION_SECRET_HEADER, secret=lambda request: request.headers.get(ACTION_SECRET_HEADER),
                   expected=action_secret(settings), public_paths=("/health",))
    print(f"Action server on http://{settings.action_host}:{args.port}", flush=True)
    app.run(host=settings.action_host, port=args.port, workers=1, access_log=False, motd=False)


if __name__ == "__main__":
    main()
