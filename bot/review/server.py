"""`python -m bot.review --host 127.0.0.1 --port 8090`: run the reviewer dashboard.

Listens on 127.0.0.1 unless told otherwise: reach it from another machine only through the
reverse proxy's internal TLS listener (deploy/nginx.conf); its cookies are Secure for any client
not on this machine.
"""
from __future__ import annotations

import argparse
import sys
from typing import List, Optional


def build_parser(default_port: int) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot.review", description="Run the reviewer dashboard")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=default_port, help=f"port (default {default_port})")
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    from bot.db import is_up_to_date, make_engine
    from bot.review.app import create_app
    from bot.settings import get_settings

    settings = get_settings()
    args = build_parser(int(getattr(settings, "review_port", 8090) or 8090)).parse_args(argv)
    engine = make_engine(settings.content_db_url)
    try:
        if not is_up_to_date(engine):
            print("error: the product database is not set up or is out of date. Run: bot db upgrade", file=sys.stderr)
            return 2
    finally:
        engine.dispose()
    app = create_app(settings)
    print(f"Reviewer dashboard: http://{args.host}:{args.port}/", flush=True)
    app.run(host=args.host, port=args.port, workers=1, access_log=False, motd=False)
    return 0
