"""Fixtures for the reviewer dashboard: real SQLite databases in tmp_path, the app in a subprocess.

- `dbs`: a fresh tracker store (written by Rasa's own SQLTrackerStore) + product database
  (bot.db.upgrade) per test, with the standard conversations of tests/review_support.py.
- `server`: `python -m bot.review` on a free port with its own databases and two accounts
  (admin "ada", reviewer "rex"), once per test session; `signed_in(...)` gives a requests.Session.
- `browser`: Debian's Chromium, headless, through Playwright (never `playwright install`).
"""
from __future__ import annotations

import hashlib
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, List

import pytest
import requests

from bot.launcher import ManagedProcess, StartupError
from tests.conftest import PROJECT_ROOT, free_port
from tests.review_support import build_product_db, build_tracker_db, standard_conversations

PASSWORD = "correct horse battery staple"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Shared with the chat widget's browser tests (vendored there first): axe-core 4.10.2.
AXE_PATH = PROJECT_ROOT / "tests" / "integration" / "web" / "vendor" / "axe.min.js"
AXE_SHA256 = "b511cd9dec01c76f4b2ad1723b66b6db37d4c2eb4ed199076e1829d9ee7b75e3"


@dataclass
class Databases:
    tracker_url: str
    product_url: str
    root: Path

    def settings(self) -> Any:
        from bot.settings import Settings

        return Settings.from_env({**os.environ, "BOT_PROJECT_ROOT": str(PROJECT_ROOT), "BOT_VAR_DIR": str(self.root),
                                  "BOT_CONTENT_DB_URL": self.product_url, "BOT_TRACKER_DB_URL": self.tracker_url})

    def env(self) -> dict:
        return {"BOT_PROJECT_ROOT": str(PROJECT_ROOT), "BOT_VAR_DIR": str(self.root),
                "BOT_CONTENT_DB_URL": self.product_url, "BOT_TRACKER_DB_URL": self.tracker_url}


def make_databases(root: Path, conversations=None) -> Databases:
    conversations = standard_conversations() if conversations is None else conversations
    tracker_url = build_tracker_db(root / "tracker.db", conversations)
    product_url = f"sqlite:///{root / 'content.db'}"
    build_product_db(product_url, conversations)
    return Databases(tracker_url, product_url, root)


@pytest.fixture
def dbs(tmp_path: Path) -> Databases:
    return make_databases(tmp_path)


@pytest.fixture
def product(dbs: Databases) -> Iterator[Any]:
    from bot.db import make_engine

    engine = make_engine(dbs.product_url, timeout_seconds=10)
    yield engine
    engine.dispose()


@pytest.fixture
def reader(dbs: Databases, product: Any) -> Iterator[Any]:
    from bot.review.conversations import ConversationReader
    from bot.review.tracker import tracker_engine
    from bot.strands import load_strand_map

    tracker = tracker_engine(dbs.tracker_url)
    yield ConversationReader(tracker, dbs.tracker_url, product, load_strand_map(PROJECT_ROOT / "data" / "strands.yml"))
    tracker.dispose()


# ---------------------------------------------------------------------------- the server
@dataclass
class ReviewServer:
    base_url: str
    dbs: Databases
    managed: ManagedProcess

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    def log_tail(self) -> str:
        return self.managed.log_tail()


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def sign_in(server: ReviewServer, username: str, password: str = PASSWORD) -> requests.Session:
    session = requests.Session()
    page = session.get(server.url("/login"), timeout=10)
    response = session.post(server.url("/login"), data={"csrf_token": csrf_from(page.text), "username": username,
                                                        "password": password}, timeout=10, allow_redirects=False)
    assert response.status_code == 303, response.text[:500]
    return session


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReviewServer]:
    from bot.db import make_engine
    from bot.review.accounts import add_reviewer

    root = tmp_path_factory.mktemp("review")
    dbs = make_databases(root)
    engine = make_engine(dbs.product_url, timeout_seconds=10)
    add_reviewer(engine, "ada", PASSWORD, "admin")
    add_reviewer(engine, "rex", PASSWORD, "reviewer")
    add_reviewer(engine, "lockme", PASSWORD, "reviewer")
    engine.dispose()
    yield from running_dashboard(root, dbs, "review dashboard")


def running_dashboard(root: Path, dbs, name: str) -> Iterator[ReviewServer]:
    """Start a real dashboard process over `dbs`, yield it when healthy, stop it afterwards."""
    port = free_port()
    managed = ManagedProcess(
        name=name,
        command=[sys.executable, "-m", "bot.review", "--host", "127.0.0.1", "--port", str(port)],
        health_url=f"http://127.0.0.1:{port}/healthz", log_path=root / "server.log",
        env={**os.environ, **dbs.env(), "PYTHONUNBUFFERED": "1"}, cwd=PROJECT_ROOT,
    )
    managed.start()
    try:
        managed.wait_until_healthy(30)
    except StartupError as error:
        pytest.fail(str(error))
    try:
        yield ReviewServer(f"http://127.0.0.1:{port}", dbs, managed)
    finally:
        managed.stop()


@pytest.fixture
def signed_in(server: ReviewServer) -> Callable[[str], requests.Session]:
    sessions: List[requests.Session] = []

    def make(username: str = "rex") -> requests.Session:
        session = sign_in(server, username)
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        session.close()


def audit_rows(dbs: Databases, action: str) -> List[Any]:
    from sqlalchemy import select

    from bot.db import make_engine, session_scope
    from bot.review.models import AuditEntry

    engine = make_engine(dbs.product_url, timeout_seconds=10)
    try:
        with session_scope(engine) as session:
            return [(r.actor, r.action, r.target, r.detail) for r in
                    session.execute(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)).scalars()]
    finally:
        engine.dispose()


# ---------------------------------------------------------------------------- the browser
# Module scope: while Playwright runs, its event loop owns this thread, so it must stop before
# other tests use asyncio.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (never `playwright install`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_path() -> Path:
    assert AXE_PATH.is_file(), f"{AXE_PATH} is missing (vendored axe-core 4.10.2)"
    assert hashlib.sha256(AXE_PATH.read_bytes()).hexdigest() == AXE_SHA256, f"{AXE_PATH} is not the pinned axe-core 4.10.2"
    return AXE_PATH
