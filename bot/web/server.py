"""The web chat widget's own small web server (Sanic 21.12).

Serves the widget (`/widget.js`, `/widget.css`), a neutral demo page that embeds it with one script
tag (`/`), the accessibility statement (`/accessibility`), a plain neutral page (`/neutral`, the
default quick-exit target in tests so nothing leaves the machine) and `/healthz`.

Every HTML page carries a strict Content-Security-Policy: scripts and styles only from this origin,
network connections only to this origin and the Rasa server, no framing, no forms, no <base>.
The widget itself talks straight to the Rasa server's REST channel from the browser; this server
never sees the conversation.
"""
from __future__ import annotations

import argparse
import re
import uuid
from pathlib import Path
from typing import Dict, List, Optional
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sanic import Sanic, response
from sanic.request import Request

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
TEMPLATES_DIR = HERE / "templates"

DEFAULT_EXIT_URL = "https://www.bbc.co.uk/weather"

# Files the browser may fetch from /static-like top-level paths: url path -> (file, content type).
STATIC_FILES: Dict[str, tuple] = {
    "/widget.js": ("widget.js", "text/javascript; charset=utf-8"),
    "/widget.css": ("widget.css", "text/css; charset=utf-8"),
    "/demo.css": ("demo.css", "text/css; charset=utf-8"),
}

COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

_SAFE_URL = re.compile(r"^[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]+$")


def origin_of(url: str) -> str:
    """`scheme://host[:port]` of an http(s) URL; ValueError for anything else.

    The result goes into a response header, so it must not contain spaces, quotes, semicolons or
    commas (which would let a configured value add CSP directives).
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"Expected an http:// or https:// URL, got {url!r}")
    if not re.fullmatch(r"[A-Za-z0-9.\-\[\]:]+", parts.netloc.split("@")[-1]) or "@" in parts.netloc:
        raise ValueError(f"Unexpected characters in the host of {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


def check_page_url(url: str, what: str) -> str:
    """An absolute http(s) URL or a same-site path, with no characters that need escaping."""
    url = url.strip()
    if url.startswith("/") and not url.startswith("//"):
        if not _SAFE_URL.match(url):
            raise ValueError(f"{what}: unexpected characters in {url!r}")
        return url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or not _SAFE_URL.match(url):
        raise ValueError(f"{what} must be an http(s) URL or a path starting with /, got {url!r}")
    return url


def content_security_policy(rasa_url: str) -> str:
    connect = " ".join(dict.fromkeys(["'self'", origin_of(rasa_url)]))
    return "; ".join([
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        f"connect-src {connect}",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ])


def page_headers(rasa_url: str) -> Dict[str, str]:
    return {
        **COMMON_HEADERS,
        "Content-Security-Policy": content_security_policy(rasa_url),
        "Cache-Control": "no-store",
    }


def template_environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)), autoescape=select_autoescape(["html"]),
                       trim_blocks=True, lstrip_blocks=True)


def create_app(rasa_url: str, exit_url: str = DEFAULT_EXIT_URL, *, test_hooks: bool = False,
               name: Optional[str] = None) -> Sanic:
    """The widget web server. `test_hooks` adds data-test="1" to the demo page's script tag, which
    exposes `window.__essexChatTest` (render a fake bot message); never turn it on in production."""
    rasa_url = rasa_url.rstrip("/")
    origin_of(rasa_url)  # validates
    exit_url = check_page_url(exit_url, "exit URL")
    app = Sanic(name or f"essex_chat_widget_{uuid.uuid4().hex[:12]}")
    app.config.ACCESS_LOG = False
    env = template_environment()
    html_headers = page_headers(rasa_url)
    context = {"rasa_url": rasa_url, "exit_url": exit_url, "test_hooks": test_hooks}

    def page(template: str):
        body = env.get_template(template).render(**context)

        async def handler(request: Request):
            return response.html(body, headers=html_headers)

        return handler

    app.add_route(page("demo.html"), "/", methods=["GET", "HEAD"], name="demo")
    app.add_route(page("accessibility.html"), "/accessibility", methods=["GET", "HEAD"], name="accessibility")
    app.add_route(page("neutral.html"), "/neutral", methods=["GET", "HEAD"], name="neutral")

    for path, (filename, content_type) in STATIC_FILES.items():
        file_path = STATIC_DIR / filename

        def make(file_path: Path = file_path, content_type: str = content_type):
            async def handler(request: Request):
                # Read per request: small files, and edits show up without a restart.
                return response.raw(file_path.read_bytes(), content_type=content_type,
                                    headers={**COMMON_HEADERS, "Cache-Control": "no-cache"})

            return handler

        app.add_route(make(), path, methods=["GET", "HEAD"], name=filename.replace(".", "_"))

    @app.route("/healthz", methods=["GET", "HEAD"], name="healthz")
    async def healthz(request: Request):
        return response.text("ok", headers={**COMMON_HEADERS, "Cache-Control": "no-store"})

    @app.route("/favicon.ico", methods=["GET", "HEAD"], name="favicon")
    async def favicon(request: Request):
        return response.empty(status=204, headers=COMMON_HEADERS)

    @app.middleware("response")
    async def security_headers(request: Request, resp):
        # Error pages (404, 405) get the same protection as pages.
        for key, value in COMMON_HEADERS.items():
            resp.headers.setdefault(key, value)
        if resp.content_type and resp.content_type.startswith("text/html"):
            for key, value in html_headers.items():
                resp.headers[key] = value

    return app


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot.web",
                                     description="Serve the chat widget, its demo page and accessibility statement")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    parser.add_argument("--rasa-url", default="http://127.0.0.1:5005",
                        help="the Rasa server the widget talks to, as the browser sees it (default http://127.0.0.1:5005)")
    parser.add_argument("--exit-url", default=DEFAULT_EXIT_URL,
                        help=f"where quick exit sends the resident (default {DEFAULT_EXIT_URL})")
    parser.add_argument("--test-hooks", action="store_true", help=argparse.SUPPRESS)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        app = create_app(args.rasa_url, args.exit_url, test_hooks=args.test_hooks)
    except ValueError as exc:
        print(f"error: {exc}")
        return 2
    print(f"Chat widget demo: http://{args.host}:{args.port}/  (talking to {args.rasa_url})", flush=True)
    app.run(host=args.host, port=args.port, workers=1, access_log=False, motd=False)
    return 0
