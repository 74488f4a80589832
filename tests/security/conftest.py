"""Fixtures for the security tests: the real servers, started once for the whole session.

`secure_stack` is `bot run`'s own Stack (Rasa server through bot.rasa_components.server, action server,
widget server, dashboard) on free loopback ports with its own var/ folder. Secrets are not given:
the stack makes them in var/ as `bot run` does. Small caps make the turn limits testable:
2 turns per conversation, 4 in all, a 2 s reply deadline and a 5 s wait for the action server.
"""
from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from typing import Dict, Iterator

import pytest
import requests

from tests.conftest import free_port

SECURITY_ENV: Dict[str, str] = {
    "BOT_MAX_TURNS_PER_CONVERSATION": "2",
    "BOT_MAX_TURNS_IN_FLIGHT": "4",
    "BOT_REPLY_TIMEOUT": "2",
    "BOT_ACTION_WAIT": "5",
    "BOT_PURGE_INTERVAL_HOURS": "0",
}


@pytest.fixture(scope="session")
def secure_stack(tmp_path_factory: pytest.TempPathFactory, project_root: Path, trained_model: Path):
    from bot.launcher import Stack, prepare_content_store
    from bot.settings import Settings

    var_dir = tmp_path_factory.mktemp("security-var")
    environ = {k: v for k, v in os.environ.items()
               if k not in ("RASA_AUTH_TOKEN", "BOT_ACTION_SECRET", "BOT_ALLOWED_ORIGINS", "SANIC_HOST")}
    settings = Settings.from_env({
        **environ, **SECURITY_ENV,
        "BOT_PROJECT_ROOT": str(project_root),
        "BOT_VAR_DIR": str(var_dir),
        "BOT_RASA_PORT": str(free_port()),
        "BOT_ACTION_PORT": str(free_port()),
        "BOT_WIDGET_PORT": str(free_port()),
        "BOT_REVIEW_PORT": str(free_port()),
    })
    prepare_content_store(settings)
    stack = Stack(settings, model_path=trained_model)
    stack.start()
    yield stack
    stack.stop()


def say(base_url: str, sender: str, text: str, timeout: float = 30) -> list:
    response = requests.post(f"{base_url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                             timeout=timeout)
    assert response.status_code == 200, response.text
    return response.json()


def raw_request(port: int, head: bytes, *, wait: float = 10) -> bytes:
    """Send `head` (request line and headers, perhaps a partial body) on a new connection and read
    whatever comes back until the server closes or `wait` seconds pass."""
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=wait) as sock:
        sock.sendall(head)
        chunks = []
        deadline = time.monotonic() + wait
        try:
            while time.monotonic() < deadline:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
                if b"\r\n\r\n" in b"".join(chunks):
                    break
        except (socket.timeout, ConnectionResetError):
            pass
        return b"".join(chunks)


def status_of(raw: bytes) -> int:
    line = raw.split(b"\r\n", 1)[0].split()
    return int(line[1]) if len(line) >= 2 and line[1].isdigit() else 0


def process_tree(pid: int) -> Iterator[int]:
    """`pid` and its descendants (from /proc)."""
    yield pid
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    for child in out.split():
        yield from process_tree(int(child))
