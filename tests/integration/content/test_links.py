"""`check --online` against a local web server in a thread (never the internet)."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests
from requests.adapters import HTTPAdapter

from bot.content.checks import check_content
from bot.content.links import check_url, check_urls
from tests.integration.content.conftest import TODAY, replace_in


class Handler(BaseHTTPRequestHandler):
    flaky_calls: Dict[str, int] = {}

    def _answer(self, with_body: bool) -> None:
        path = self.path.split("?")[0]
        if path == "/no-head" and self.command == "HEAD":
            status = 405
        elif path in ("/ok", "/no-head", "/advice/anti-social-behaviour") or path == "/":
            status = 200
        elif path == "/flaky":
            Handler.flaky_calls[path] = Handler.flaky_calls.get(path, 0) + 1
            status = 503 if Handler.flaky_calls[path] <= 4 else 200  # HEAD and GET fail twice each
        else:
            status = 404
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if with_body:
            self.wfile.write(b"ok")

    def do_HEAD(self) -> None:  # noqa: N802 - http.server's naming
        self._answer(with_body=False)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(with_body=True)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    Handler.flaky_calls = {}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_ok_and_missing_pages(server: str):
    results = check_urls([f"{server}/ok", f"{server}/missing", f"{server}/ok"], backoff=0)
    assert set(results) == {f"{server}/ok", f"{server}/missing"}  # each address checked once
    assert results[f"{server}/ok"].ok and results[f"{server}/ok"].status == 200
    missing = results[f"{server}/missing"]
    assert not missing.ok and missing.status == 404 and "404 (Not Found)" in missing.detail


def test_get_is_tried_when_head_is_refused(server: str):
    with requests.Session() as session:
        assert check_url(f"{server}/no-head", session, backoff=0).ok


def test_server_errors_are_retried(server: str):
    waits = []
    with requests.Session() as session:
        result = check_url(f"{server}/flaky", session, retries=2, backoff=0.5, sleep=waits.append)
    assert result.ok and waits == [0.5, 1.0]


def test_network_failure_is_a_result_not_a_crash():
    # Nothing listens on port 9 of this machine (discard port, closed).
    results = check_urls(["http://127.0.0.1:9/"], timeout=1, retries=1, backoff=0)
    result = results["http://127.0.0.1:9/"]
    assert not result.ok and result.status is None and "could not connect" in result.detail


class RedirectToLocal(HTTPAdapter):
    """Sends every https://... request to the local test server instead, keeping the path."""

    def __init__(self, base: str):
        super().__init__()
        self.base = urlsplit(base)

    def send(self, request, **kwargs):  # type: ignore[override]
        parts = urlsplit(request.url)
        request.url = urlunsplit((self.base.scheme, self.base.netloc, parts.path, parts.query, ""))
        return super().send(request, **kwargs)


def test_check_online_reports_dead_links_in_their_own_section(server: str, tmp_path: Path):
    from tests.integration.content.conftest import write_content

    content = write_content(tmp_path / "content")
    replace_in(content / "advice" / "knife_crime.yml", "source: https://www.essex.police.uk", "source: https://www.essexvvu.co.uk/gone")

    def session_factory() -> requests.Session:
        session = requests.Session()
        session.mount("https://", RedirectToLocal(server))
        return session

    report = check_content(content, today=TODAY, online=True, session_factory=session_factory)
    assert report.online and len(report.errors) == 1
    [dead] = report.link_errors
    assert dead.section == "links" and dead.file == "content/advice/knife_crime.yml" and dead.field == "items[0].source"
    assert dead.line == (content / "advice" / "knife_crime.yml").read_text().splitlines().index(
        "  source: https://www.essexvvu.co.uk/gone"
    ) + 1
    assert "404" in dead.message
    text = report.as_text()
    assert "DEAD LINKS (1)" in text and "ERRORS" not in text.split("DEAD LINKS")[0]

    offline = check_content(content, today=TODAY, online=False)
    assert offline.ok and "DEAD LINKS" not in offline.as_text()


def test_offline_computer_gets_a_hint(tmp_path: Path):
    from tests.integration.content.conftest import write_content

    content = write_content(tmp_path / "content")

    def nowhere() -> requests.Session:
        session = requests.Session()
        session.mount("https://", RedirectToLocal("http://127.0.0.1:9"))
        return session

    report = check_content(content, today=TODAY, online=True, session_factory=nowhere)
    assert report.link_errors and all(p.section == "links" for p in report.link_errors)
    assert "could be reached at all" in report.as_text()
