"""The findings against the Rasa server and the action server, each checked from outside against
the real servers `bot run` starts (tests/security/conftest.py). Requests only to 127.0.0.1."""
from __future__ import annotations

import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
import yaml

from bot.conversation.replies import SAFE_FAILURE_TEXT, TOO_LONG_TEXT
from tests.security.conftest import process_tree, raw_request, say, status_of

EVIL_ORIGIN = "https://evil.example"


def _process(stack, name: str):
    return next(p for p in stack.processes if p.name == name)


# ---------------------------------------------------------------- 1. body limits
def test_a_10_mb_body_is_refused_with_413_before_it_is_read(secure_stack) -> None:
    # Only the headers are sent: a 413 proves the server refused without waiting for (or parsing)
    # the 10 MB it was promised.
    head = (f"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {10 * 1024 * 1024}\r\n\r\n").encode() + b'{"sender": "big", "message": "'
    started = time.monotonic()
    assert status_of(raw_request(secure_stack.settings.rasa_port, head)) == 413
    assert time.monotonic() - started < 5
    # Just over the limit, sent in full: still 413; and the server still answers residents.
    body = {"sender": "big", "message": "x" * (16 * 1024)}
    assert requests.post(f"{secure_stack.rasa_url}/webhooks/rest/webhook", json=body, timeout=10).status_code == 413
    assert say(secure_stack.rasa_url, "big-after", "hello")


def test_a_message_over_2000_characters_gets_the_safe_too_long_reply(secure_stack) -> None:
    reply = say(secure_stack.rasa_url, "long-1", "how do I lock my shed " * 300)  # ~6,900 characters, < 16 KB
    assert [m["text"] for m in reply] == [TOO_LONG_TEXT]


def test_the_action_server_refuses_bodies_over_its_limit(secure_stack) -> None:
    from bot.local_secrets import ACTION_SECRET_HEADER, action_secret

    head = (f"POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"{ACTION_SECRET_HEADER}: {action_secret(secure_stack.settings)}\r\n"
            f"Content-Length: {50 * 1024 * 1024}\r\n\r\n{{").encode()
    assert status_of(raw_request(secure_stack.settings.action_port, head)) == 413


def test_the_dashboard_refuses_bodies_over_1_mb(secure_stack) -> None:
    # (The widget server has no route that reads a body; its limit is 16 KB all the same.)
    head = (f"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {2 * 1024 * 1024}\r\n\r\nusername=").encode()
    assert status_of(raw_request(secure_stack.settings.review_port, head)) == 413


# ---------------------------------------------------------------- 2. Socket.IO gone, CORS allow-list
def test_there_is_no_socketio_channel(secure_stack, project_root: Path) -> None:
    auth = {"Authorization": f"Bearer {secure_stack.token}"}
    for path in ("/socket.io/?EIO=4&transport=polling", "/socket.io/?EIO=3&transport=polling"):
        assert requests.get(secure_stack.rasa_url + path, timeout=10).status_code == 401  # not public
        assert requests.get(secure_stack.rasa_url + path, headers=auth, timeout=10).status_code == 404  # not there
    channels = yaml.safe_load((project_root / "credentials.yml").read_text())
    assert list(channels) == ["bot.rasa_components.channels.GuardedRestInput"]


def test_cors_answers_only_the_allowed_origins(secure_stack) -> None:
    url = f"{secure_stack.rasa_url}/webhooks/rest/webhook"
    widget_origin = f"http://127.0.0.1:{secure_stack.settings.widget_port}"
    assert widget_origin in secure_stack.settings.allowed_origins
    assert "https://www.essex.police.uk" in secure_stack.settings.allowed_origins
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    good = requests.options(url, headers={"Origin": widget_origin, **preflight}, timeout=10)
    assert good.headers.get("Access-Control-Allow-Origin") == widget_origin
    bad = requests.options(url, headers={"Origin": EVIL_ORIGIN, **preflight}, timeout=10)
    assert "Access-Control-Allow-Origin" not in bad.headers
    posted = requests.post(url, json={"sender": "cors-1", "message": "hello"}, headers={"Origin": EVIL_ORIGIN}, timeout=30)
    assert "Access-Control-Allow-Origin" not in posted.headers


def test_a_wildcard_origin_setting_is_refused() -> None:
    from bot.settings import Settings

    with pytest.raises(ValueError, match="not allowed"):
        Settings.from_env({"BOT_ALLOWED_ORIGINS": "*"})


# ---------------------------------------------------------------- 3. the HTTP API
def test_the_api_token_works_only_in_a_header(secure_stack) -> None:
    token = secure_stack.token
    assert (secure_stack.settings.var_dir / "rasa_auth_token").stat().st_mode & 0o077 == 0
    assert requests.get(f"{secure_stack.rasa_url}/status", timeout=10).status_code == 401
    # A token in the URL ends up in logs: refused.
    assert requests.get(f"{secure_stack.rasa_url}/status", params={"token": token}, timeout=10).status_code == 401
    assert requests.get(f"{secure_stack.rasa_url}/status", headers={"Authorization": "Bearer wrong"},
                        timeout=10).status_code == 401
    for path in ("/conversations/victim/tracker", "/version"):
        assert requests.get(secure_stack.rasa_url + path, timeout=10).status_code == 401, path
    ok = requests.get(f"{secure_stack.rasa_url}/status", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert ok.status_code == 200 and "model_file" in ok.json()


def test_no_secret_is_on_any_command_line(secure_stack) -> None:
    from bot.local_secrets import action_secret

    secrets = (secure_stack.token, action_secret(secure_stack.settings))
    seen = 0
    for managed in secure_stack.processes:
        for pid in process_tree(managed.process.pid):
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except FileNotFoundError:
                continue
            seen += 1
            assert not any(secret in command for secret in secrets), command
    assert seen >= len(secure_stack.processes)


# ---------------------------------------------------------------- 4. the action server
def _listening_addresses(port: int) -> set:
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def test_every_server_listens_on_loopback_only(secure_stack) -> None:
    settings = secure_stack.settings
    for port in (settings.action_port, settings.rasa_port, settings.review_port, settings.widget_port):
        assert _listening_addresses(port) == {"0100007F"}, port  # 127.0.0.1 only, no 0.0.0.0 / ::


def _action_call(sender: str, action: str, slots: dict) -> dict:
    return {"next_action": action, "sender_id": sender, "version": "3.6.2", "domain": {},
            "tracker": {"sender_id": sender, "slots": slots, "latest_message": {}, "events": [], "paused": False,
                        "latest_action_name": "action_listen", "active_loop": {}}}


def test_the_action_server_needs_the_shared_secret(secure_stack) -> None:
    from bot.local_secrets import ACTION_SECRET_HEADER, action_secret

    base = f"http://127.0.0.1:{secure_stack.settings.action_port}"
    call = _action_call("secret-1", "action_save_feedback_comment", {})
    assert requests.get(f"{base}/health", timeout=10).status_code == 200
    assert requests.post(f"{base}/webhook", json=call, timeout=10).status_code == 401
    assert requests.post(f"{base}/webhook", json=call, headers={ACTION_SECRET_HEADER: "guess"}, timeout=10).status_code == 401
    assert requests.get(f"{base}/actions", timeout=10).status_code == 401
    ok = requests.post(f"{base}/webhook", json=call, headers={ACTION_SECRET_HEADER: action_secret(secure_stack.settings)},
                       timeout=10)
    assert ok.status_code == 200
    # And Rasa sends it: a real conversation gets its advice from the action server.
    reply = say(secure_stack.rasa_url, "secret-2", "how do I stop my shed being broken into")
    assert any((m.get("custom") or {}).get("data", {}).get("kind") == "content" for m in reply)


def test_a_posted_tracker_cannot_change_another_conversations_feedback(secure_stack) -> None:
    from bot.db import make_engine
    from bot.feedback import FeedbackStore
    from bot.local_secrets import ACTION_SECRET_HEADER, action_secret

    engine = make_engine(secure_stack.settings.content_db_url)
    try:
        store = FeedbackStore(engine)
        victim_id = store.record("victim-conv", False, "burglary_robbery", None, None)
        url = f"http://127.0.0.1:{secure_stack.settings.action_port}/webhook"
        headers = {ACTION_SECRET_HEADER: action_secret(secure_stack.settings)}
        slots = {"feedback_id": str(victim_id), "feedback_comment": "overwritten by someone else"}
        attack = requests.post(url, json=_action_call("attacker-conv", "action_save_feedback_comment", slots),
                               headers=headers, timeout=10)
        assert attack.status_code == 200
        assert store.for_conversation("victim-conv")[0].comment is None
        own = requests.post(url, json=_action_call("victim-conv", "action_save_feedback_comment",
                                                   {**slots, "feedback_comment": "the advice helped"}),
                            headers=headers, timeout=10)
        assert own.status_code == 200
        assert store.for_conversation("victim-conv")[0].comment == "the advice helped"
    finally:
        engine.dispose()


# ---------------------------------------------------------------- 6. turns in flight
def _timed_say(stack, sender: str, text: str):
    started = time.monotonic()
    reply = say(stack.rasa_url, sender, text, timeout=60)
    return time.monotonic() - started, " ".join(m.get("text") or "" for m in reply)


def test_turns_in_flight_are_capped_and_freed_when_the_action_server_stalls(secure_stack) -> None:
    """Caps: 2 per conversation, 4 in all; reply deadline 2 s; action wait 5 s (conftest)."""
    from bot.rasa_components.turn_limits import hard_deadline_seconds

    action_server = _process(secure_stack, "action server")
    say(secure_stack.rasa_url, "cap-warm", "hello")  # the model's first-use costs are paid here
    question = "how do I protect my home from burglars"
    os.killpg(action_server.process.pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=6) as pool:
            results = list(pool.map(lambda sender: _timed_say(secure_stack, sender, question),
                                    ["cap-a", "cap-a", "cap-a", "cap-b", "cap-b", "cap-b"]))
        assert all("999" in text and "101" in text for _, text in results), results
        refused_at_once = [waited for waited, _ in results if waited < 1.5]
        assert len(refused_at_once) == 2, results  # one of each conversation over its cap of 2
        # The admitted turns still hold their places (the action server is still stalled)...
        waited, text = _timed_say(secure_stack, "cap-c", question)
        assert waited < 1.5 and SAFE_FAILURE_TEXT in text
        # ...but not for Rasa's five minutes: all are gone after the hard deadline.
        with pytest.MonkeyPatch.context() as patch:
            for key, value in {"BOT_REPLY_TIMEOUT": "2", "BOT_ACTION_WAIT": "5"}.items():
                patch.setenv(key, value)
            from bot.settings import get_settings

            get_settings.cache_clear()
            deadline = hard_deadline_seconds()
            get_settings.cache_clear()
        time.sleep(max(0.0, started + deadline + 2 - time.monotonic()))
        waited, text = _timed_say(secure_stack, "cap-d", question)
        assert waited >= 1.5 and "999" in text, (waited, text)  # admitted: answered at the reply deadline
    finally:
        os.killpg(action_server.process.pid, signal.SIGCONT)
