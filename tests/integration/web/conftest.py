"""Fixtures for the chat widget's browser tests.

- `web_server`: `python -m bot.web` in a subprocess on a free port, talking to the REAL Rasa server
  (`running_stack`), with its own /neutral page as the quick-exit target (nothing leaves the machine)
  and the test hook (`window.__essexChatTest`) switched on.
- `dead_web_server`: the same, pointed at a port nothing listens on.
- `browser`: Debian's Chromium (/usr/bin/chromium), headless, driven by Playwright's sync API.
- `new_page(...)`: a fresh browser context (empty storage, no cookies) per call, with console
  messages and page errors collected on `page.console` / `page.errors`.
"""
from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, List, Optional

import pytest

from bot.launcher import ManagedProcess, StartupError
from tests.conftest import PROJECT_ROOT, free_port

HERE = Path(__file__).resolve().parent
AXE_PATH = HERE / "vendor" / "axe.min.js"
AXE_SHA256 = "b511cd9dec01c76f4b2ad1723b66b6db37d4c2eb4ed199076e1829d9ee7b75e3"  # axe-core 4.10.2
CHROMIUM = os.environ.get("BOT_CHROMIUM", "/usr/bin/chromium")  # Debian's package; never `playwright install`
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-quic", "--disable-dev-shm-usage"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@dataclass
class WebServer:
    base_url: str
    rasa_url: str
    exit_url: str
    managed: ManagedProcess

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    def log_tail(self) -> str:
        return self.managed.log_tail()


def _start_web_server(rasa_url: str, log_path: Path, port: Optional[int] = None) -> WebServer:
    port = port or free_port()
    base = f"http://127.0.0.1:{port}"
    exit_url = f"{base}/neutral"
    managed = ManagedProcess(
        name="widget web server",
        command=[sys.executable, "-m", "bot.web", "--host", "127.0.0.1", "--port", str(port),
                 "--rasa-url", rasa_url, "--exit-url", exit_url, "--test-hooks"],
        health_url=f"{base}/healthz", log_path=log_path, env={**os.environ, "PYTHONUNBUFFERED": "1"}, cwd=PROJECT_ROOT,
    )
    managed.start()
    try:
        managed.wait_until_healthy(30)
    except StartupError as error:
        pytest.fail(str(error))
    return WebServer(base, rasa_url, exit_url, managed)


def _stop(server: WebServer) -> None:
    server.managed.stop()


@pytest.fixture(scope="session")
def web_server(running_stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    from tests.integration.conftest import TEST_WIDGET_PORT

    server = _start_web_server(running_stack.rasa_url, tmp_path_factory.mktemp("web") / "web.log", TEST_WIDGET_PORT)
    yield server
    _stop(server)


@pytest.fixture(scope="session")
def dead_web_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    """A widget whose Rasa server does not exist (nothing listens on that port)."""
    server = _start_web_server(f"http://127.0.0.1:{free_port()}", tmp_path_factory.mktemp("web-dead") / "web.log")
    yield server
    _stop(server)


# Module scope: while Playwright runs, its event loop owns this thread, so it must stop before
# other tests use asyncio.
@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium), "
                    "or set BOT_CHROMIUM to a Chromium binary")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser) -> Iterator[Callable[..., object]]:
    """Factory: new_page(**context_options) -> page in a fresh context (closed after the test)."""
    contexts: List[object] = []

    def make(**options):
        options.setdefault("viewport", {"width": 1280, "height": 800})
        options.setdefault("locale", "en-GB")
        context = browser.new_context(**options)
        context.set_default_timeout(20_000)
        contexts.append(context)
        page = context.new_page()
        page.console = []  # type: ignore[attr-defined]
        page.errors = []  # type: ignore[attr-defined]
        page.on("console", lambda msg: page.console.append(f"{msg.type}: {msg.text}"))
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def axe_path() -> Path:
    digest = hashlib.sha256(AXE_PATH.read_bytes()).hexdigest()
    assert digest == AXE_SHA256, "tests/integration/web/vendor/axe.min.js is not the pinned axe-core 4.10.2"
    return AXE_PATH
