"""Dashboard sign-in findings against the real dashboard server (python -m bot.review) on real
SQLite and PostgreSQL: the lock-out count under parallel wrong passwords, the per-address
throttle, Secure cookies for clients not on this machine. Requests only to 127.0.0.1; the
"addresses" of other clients come in X-Forwarded-For, as the proxy (deploy/nginx.conf) sends them."""
from __future__ import annotations

import os
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator, Optional

import pytest
import requests
from sqlalchemy import select

from tests.conftest import PROJECT_ROOT, free_port

PASSWORD = "a long enough pass phrase 42"
WRONG = "not the pass phrase at all 42"
PER_ADDRESS = 8


class Dashboard:
    def __init__(self, url: str, db_url: str) -> None:
        self.url, self.db_url = url, db_url

    def attempt(self, username: str, password: str, address: Optional[str] = None) -> requests.Response:
        """One whole sign-in as a browser does it: get the form (CSRF cookie + token), post it."""
        from bot.review.app import LOGIN_CSRF_COOKIE

        headers = {"X-Forwarded-For": address} if address else {}
        form = requests.get(f"{self.url}/login", headers=headers, timeout=10)
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
        # Sent by hand: a browser would not send a Secure cookie over plain http at all.
        return requests.post(f"{self.url}/login", data={"csrf_token": token, "username": username, "password": password},
                             cookies={LOGIN_CSRF_COOKIE: form.cookies.get(LOGIN_CSRF_COOKIE)}, headers=headers,
                             allow_redirects=False, timeout=30)

    def failed_logins(self, username: str) -> int:
        from bot.db import make_engine
        from bot.review.models import Reviewer

        engine = make_engine(self.db_url)
        try:
            with engine.connect() as connection:
                return int(connection.execute(select(Reviewer.failed_logins).where(Reviewer.username == username)).scalar_one())
        finally:
            engine.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def dashboard(request, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    from bot.db import make_engine, upgrade
    from bot.launcher import ManagedProcess, StartupError
    from bot.local_services import start_postgres
    from bot.review.accounts import add_reviewer

    root = tmp_path_factory.mktemp(f"dash-{request.param}")
    postgres = None
    if request.param == "postgresql":
        postgres = start_postgres()
        if postgres is None:
            pytest.fail("PostgreSQL is not installed: `make system-packages` installs Debian's package")
        db_url = postgres.url
    else:
        db_url = f"sqlite:///{root / 'content.db'}"
    upgrade(db_url)
    engine = make_engine(db_url)
    for name in ("racer", "thrott", "other"):
        add_reviewer(engine, name, PASSWORD, "reviewer")
    engine.dispose()
    port = free_port()
    env = {**os.environ, "BOT_PROJECT_ROOT": str(PROJECT_ROOT), "BOT_VAR_DIR": str(root), "BOT_CONTENT_DB_URL": db_url,
           "BOT_TRACKER_DB_URL": f"sqlite:///{root / 'tracker.db'}", "BOT_REVIEW_FAILURES_PER_ADDRESS": str(PER_ADDRESS),
           "BOT_REVIEW_SECURE_COOKIES": "false"}
    managed = ManagedProcess(name="dashboard", command=[sys.executable, "-m", "bot.review", "--port", str(port)],
                             health_url=f"http://127.0.0.1:{port}/healthz", log_path=root / "review.log", env=env,
                             cwd=PROJECT_ROOT)
    managed.start()
    try:
        managed.wait_until_healthy(60)
        yield Dashboard(f"http://127.0.0.1:{port}", db_url)
    except StartupError as error:
        pytest.fail(str(error))
    finally:
        managed.stop()
        if postgres is not None:
            postgres.stop()


def test_parallel_wrong_passwords_each_count(dashboard: Dashboard) -> None:
    from bot.review.accounts import MAX_FAILED_LOGINS

    parallel = MAX_FAILED_LOGINS - 1
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        answers = list(pool.map(lambda i: dashboard.attempt("racer", WRONG, f"198.51.100.{i + 10}"), range(parallel)))
    assert [a.status_code for a in answers] == [401] * parallel
    assert dashboard.failed_logins("racer") == parallel  # was 1: each read 0 and wrote 1
    dashboard.attempt("racer", WRONG, "198.51.100.30")
    # Locked now: even the right password is refused.
    assert dashboard.attempt("racer", PASSWORD, "198.51.100.31").status_code == 401


def test_one_address_gets_a_limited_number_of_wrong_sign_ins(dashboard: Dashboard) -> None:
    address = "203.0.113.77"
    for i in range(PER_ADDRESS):  # different (unknown) names: no account lock-out involved
        assert dashboard.attempt(f"guess{i}", WRONG, address).status_code == 401
    refused = dashboard.attempt("thrott", PASSWORD, address)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    # Another address signs in as usual.
    assert dashboard.attempt("thrott", PASSWORD, "203.0.113.78").status_code == 303


def test_cookies_are_secure_unless_the_client_is_on_this_machine(dashboard: Dashboard) -> None:
    local = dashboard.attempt("other", PASSWORD)
    assert local.status_code == 303 and "Secure" not in local.headers["Set-Cookie"]
    remote = dashboard.attempt("other", PASSWORD, "192.0.2.15")
    assert remote.status_code == 303
    cookies = remote.headers["Set-Cookie"]
    assert "review_session=" in cookies and "Secure" in cookies and "HttpOnly" in cookies
