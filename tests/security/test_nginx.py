"""deploy/nginx.conf, run by Debian's nginx (ports and file paths substituted) in front of the real
servers, checked rule by rule from outside. Requests only to 127.0.0.1."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path
from typing import Iterator, List

import pytest
import requests

from tests.conftest import free_port
from tests.security.conftest import raw_request, say, status_of

NGINX = "/usr/sbin/nginx"


class Proxy:
    def __init__(self, public: int, internal: int) -> None:
        self.public, self.internal = public, internal
        self.public_url, self.internal_url = f"http://127.0.0.1:{public}", f"http://127.0.0.1:{internal}"


def _substitute(text: str, replacements: List[tuple]) -> str:
    for old, new in replacements:
        assert text.count(old) >= 1, f"deploy/nginx.conf no longer has {old!r}"
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def proxy(secure_stack, project_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxy]:
    if not os.access(NGINX, os.X_OK):
        pytest.fail("nginx is not installed: `make system-packages` installs Debian's nginx package")
    folder = tmp_path_factory.mktemp("nginx")
    temp = folder / "temp"
    temp.mkdir()
    temp.chmod(0o777)  # nginx's workers run as www-data
    settings = secure_stack.settings
    public, internal = free_port(), free_port()
    config = _substitute((project_root / "deploy" / "nginx.conf").read_text(), [
        ("listen 80 default_server;", f"listen 127.0.0.1:{public} default_server;"),
        ("listen 127.0.0.1:8091;", f"listen 127.0.0.1:{internal};"),
        ("server 127.0.0.1:5005;", f"server 127.0.0.1:{settings.rasa_port};"),
        ("server 127.0.0.1:8080;", f"server 127.0.0.1:{settings.widget_port};"),
        ("server 127.0.0.1:8090;", f"server 127.0.0.1:{settings.review_port};"),
        ("pid /run/nginx.pid;", f"pid {folder / 'nginx.pid'};"),
        ("/var/log/nginx/essex-assistant.access.log", str(folder / "access.log")),
        ("/var/log/nginx/essex-assistant.error.log", str(folder / "error.log")),
        ("http {\n", "http {\n" + "".join(f"    {kind}_temp_path {temp / kind};\n"
                                          for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))),
    ])
    if os.geteuid() != 0:
        config = config.replace("user www-data;", "")
    path = folder / "nginx.conf"
    path.write_text(config)
    check = subprocess.run([NGINX, "-t", "-c", str(path), "-e", str(folder / "error.log")], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([NGINX, "-c", str(path), "-e", str(folder / "error.log"), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                if requests.get(f"http://127.0.0.1:{public}/widget.js", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert process.poll() is None and time.monotonic() < deadline, "nginx did not start"
            time.sleep(0.2)
        yield Proxy(public, internal)
    finally:
        process.terminate()
        process.wait(timeout=15)
        shutil.rmtree(folder, ignore_errors=True)


def test_only_the_widget_and_the_webhook_are_public(proxy: Proxy, secure_stack) -> None:
    for path in ("/", "/widget.js", "/widget.css", "/accessibility"):
        assert requests.get(proxy.public_url + path, timeout=10).status_code == 200, path
    reply = say(proxy.public_url, "nginx-1", "how do I stop my shed being broken into")
    assert any((m.get("custom") or {}).get("data", {}).get("kind") == "content" for m in reply)
    auth = {"Authorization": f"Bearer {secure_stack.token}"}
    for path in ("/status", "/version", "/conversations/nginx-1/tracker", "/socket.io/?EIO=4&transport=polling",
                 "/login", "/conversations", "/healthz", "/webhooks/rest/", "/webhook", "/actions"):
        assert requests.get(proxy.public_url + path, headers=auth, timeout=10).status_code == 404, path
    assert requests.post(proxy.public_url + "/model/parse", json={"text": "hi"}, headers=auth, timeout=10).status_code == 404
    assert requests.get(proxy.public_url + "/webhooks/rest/webhook", timeout=10).status_code == 403
    assert requests.post(proxy.public_url + "/widget.js", data="x", timeout=10).status_code == 403


def test_cors_through_the_proxy_answers_only_allowed_origins(proxy: Proxy, secure_stack) -> None:
    url = proxy.public_url + "/webhooks/rest/webhook"
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    origin = f"http://127.0.0.1:{secure_stack.settings.widget_port}"
    assert requests.options(url, headers={"Origin": origin, **preflight}, timeout=10).headers.get(
        "Access-Control-Allow-Origin") == origin
    assert "Access-Control-Allow-Origin" not in requests.options(
        url, headers={"Origin": "https://evil.example", **preflight}, timeout=10).headers


def test_the_dashboard_is_only_on_the_internal_listener(proxy: Proxy) -> None:
    page = requests.get(proxy.internal_url + "/login", timeout=10)
    assert page.status_code == 200 and 'name="csrf_token"' in page.text
    assert requests.get(proxy.public_url + "/login", timeout=10).status_code == 404
    # The proxy replaces a client's own X-Forwarded-For: here the client really is this machine.
    spoofed = requests.get(proxy.internal_url + "/login", headers={"X-Forwarded-For": "192.0.2.1"}, timeout=10)
    assert "Secure" not in spoofed.headers["Set-Cookie"]


def test_bodies_over_the_limits_get_413_from_the_proxy(proxy: Proxy) -> None:
    for size in (17 * 1024, 10 * 1024 * 1024):
        head = (f"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                f"Content-Length: {size}\r\n\r\n{{").encode()
        assert status_of(raw_request(proxy.public, head)) == 413, size
    head = (f"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {2 * 1024 * 1024}\r\n\r\nusername=").encode()
    assert status_of(raw_request(proxy.internal, head)) == 413


def test_oversized_headers_are_refused(proxy: Proxy) -> None:
    response = requests.get(proxy.public_url + "/widget.js", headers={"X-Filler": "y" * 16 * 1024}, timeout=10)
    assert response.status_code in (400, 431)


def test_a_slow_client_is_dropped_after_the_header_timeout(proxy: Proxy) -> None:
    started = time.monotonic()
    answer = raw_request(proxy.public, b"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: x\r\n", wait=20)
    waited = time.monotonic() - started
    assert status_of(answer) in (0, 408) and 8 <= waited < 16, (answer, waited)  # client_header_timeout 10s


def test_connections_per_address_are_limited(proxy: Proxy) -> None:
    held: List[socket.socket] = []
    try:
        # 20 requests whose bodies never finish: each holds a connection slot in nginx (never Rasa).
        for _ in range(20):
            sock = socket.create_connection(("127.0.0.1", proxy.public), timeout=10)
            sock.sendall(b"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 100\r\n\r\n{")
            held.append(sock)
        time.sleep(0.5)
        assert requests.get(proxy.public_url + "/widget.js", timeout=10).status_code == 429
    finally:
        for sock in held:
            sock.close()
    deadline = time.monotonic() + 10
    while requests.get(proxy.public_url + "/widget.js", timeout=10).status_code != 200:
        assert time.monotonic() < deadline
        time.sleep(0.2)


def test_webhook_requests_per_address_are_rate_limited(proxy: Proxy) -> None:
    time.sleep(4)  # let earlier tests' requests drain from the 5 r/s bucket
    codes = [requests.post(proxy.public_url + "/webhooks/rest/webhook", json={"sender": "rate-1", "message": ""},
                           timeout=10).status_code for _ in range(40)]
    assert codes[0] == 200 and 429 in codes, codes
