"""Request checks shared by the product's Sanic servers (Rasa server, action server).

- `limit_body`: the largest body a server reads. Sanic checks Content-Length (and chunked bodies as
  they arrive) against REQUEST_MAX_SIZE before the body is read or parsed and answers 413.
- `require_secret`: every path except the public ones needs a secret header (constant-time check);
  with `loopback_only`, those paths also answer only clients on this machine.
"""
from __future__ import annotations

import ipaddress
from typing import Callable, Iterable, Optional

from sanic import Sanic, response
from sanic.request import Request

from bot.local_secrets import matches


def is_loopback(address: Optional[str]) -> bool:
    try:
        return ipaddress.ip_address((address or "").strip("[]")).is_loopback
    except ValueError:
        return False


def limit_body(app: Sanic, max_bytes: int) -> None:
    app.config.REQUEST_MAX_SIZE = int(max_bytes)


def require_secret(app: Sanic, *, header: str, secret: Callable[[Request], Optional[str]], expected: str,
                   public_paths: Iterable[str], loopback_only: bool = False) -> None:
    """Refuse requests to non-public paths without the secret: 404 from elsewhere when `loopback_only`
    (the path is not there for the outside), 401 without the right secret."""
    public = frozenset(public_paths)

    @app.middleware("request")
    async def check_secret(request: Request):  # noqa: ANN202 - Sanic middleware
        if request.path in public:
            return None
        # The direct peer, never a forwarded header: behind the proxy only the webhook is passed on.
        if loopback_only and not is_loopback(request.ip):
            return response.json({"error": "not found"}, status=404)
        if not matches(secret(request), expected):
            return response.json({"error": "not authenticated"}, status=401)
        return None

    # First of the app's request middleware, so nothing else runs for a refused request.
    app.request_middleware.appendleft(app.request_middleware.pop())


def bearer(request: Request) -> Optional[str]:
    value = request.headers.get("authorization") or ""
    return value[7:].strip() if value[:7].lower() == "bearer " else None
