"""Every kind of personal data, planted into the real running stack, must appear nowhere on disk.

One run of the real servers (Rasa, action server, widget server, dashboard) with LOG_LEVEL=DEBUG and
their own var/ folder. Personal data goes in through every door we know of: message text, client
metadata (top level and nested, allowed and unknown keys), a near miss of the safety net, a
`/`-payload with entities, the HTTP API's parse endpoint, a REST request the client aborts (Rasa logs
the raw message when a request is cancelled), and an action-server error that echoes the request.
Then the servers stop and every file under var/ is read - logs as text, SQLite databases as raw
bytes (WAL included) and table by table - and no planted value may appear.
"""
from __future__ import annotations

import json
import socket
import sqlite3
import time
from pathlib import Path
from typing import Dict, Iterator, List

import pytest
import requests

from tests.conftest import free_port

NAME, FIRST, SURNAME = "Sarah Jones", "Sarah", "Jones"
PHONE, EMAIL, POSTCODE, ADDRESS = "07700 900123", "sarah.jones1985@gmail.com", "CM1 1AA", "12 High Street"
REG, DOB, CARD, NI = "AB12 CDE", "12/03/1985", "4111 1111 1111 1111", "JG 10 37 59 A"

# The value and the forms it could be written in elsewhere (digits run together, JSON-escaped).
PLANTED: Dict[str, List[str]] = {
    "name": [NAME, FIRST, SURNAME],
    "phone": [PHONE, "07700900123"],
    "email": [EMAIL, "sarah.jones1985"],
    "postcode": [POSTCODE, "CM11AA"],
    "address": [ADDRESS],
    "vehicle registration": [REG, "AB12CDE"],
    "date of birth": [DOB, "12\\/03\\/1985"],
    "card number": [CARD, "4111111111111111"],
    "NI number": [NI, "JG103759A"],
}

NEAR_MISS = f"last week a man with a knife threatened me, I'm {NAME} of {ADDRESS} {POSTCODE}, {PHONE}"
EVERYTHING = (f"my name is {NAME}, email {EMAIL}, my car reg is {REG}, I was born {DOB}, my card {CARD} was used "
              f"and my NI number is {NI}, someone phoned me on {PHONE} pretending to be the bank")
METADATA = {"lang": f"{NAME} {PHONE}", "name": NAME, "email": EMAIL,
            "resident": {"address": f"{ADDRESS} {POSTCODE}", "dob": DOB, "card": CARD, "ni": NI, "reg": REG}}
PAYLOAD = '/knife_crime{"location": "%s %s", "name": "%s"}' % (ADDRESS, POSTCODE, NAME)


def say(stack, sender: str, text: str, metadata=None) -> list:
    body = {"sender": sender, "message": text, **({"metadata": metadata} if metadata else {})}
    response = requests.post(f"{stack.rasa_url}/webhooks/rest/webhook", json=body, timeout=60)
    assert response.status_code == 200
    return response.json()


def abort_rest_request(stack, sender: str, text: str, wait: float = 0.05) -> None:
    """Send a REST message and hang up at once, as the widget does on quick exit."""
    body = json.dumps({"sender": sender, "message": text}).encode()
    head = (f"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: {stack.settings.rasa_host}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    with socket.create_connection((stack.settings.rasa_host, stack.settings.rasa_port), timeout=10) as conn:
        conn.sendall(head + body)
        time.sleep(wait)


def wait_for_log(path: Path, needle: str, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists() and needle in path.read_text(errors="replace"):
            return True
        time.sleep(0.2)
    return False


@pytest.fixture(scope="module")
def planted_run(tmp_path_factory: pytest.TempPathFactory, project_root: Path, trained_model: Path) -> Iterator[dict]:
    from bot.launcher import Stack, prepare_content_store
    from bot.settings import Settings

    var_dir = tmp_path_factory.mktemp("privacy-var")
    environ = {
        **__import__("os").environ,
        "BOT_PROJECT_ROOT": str(project_root), "BOT_VAR_DIR": str(var_dir),
        # Every file this run writes must be under var_dir (`make` exports a tracker URL of its own).
        "BOT_TRACKER_DB_URL": f"sqlite:///{var_dir / 'tracker.db'}",
        "BOT_CONTENT_DB_URL": f"sqlite:///{var_dir / 'content.db'}",
        "BOT_RASA_PORT": str(free_port()), "BOT_ACTION_PORT": str(free_port()),
        "BOT_WIDGET_PORT": str(free_port()), "BOT_REVIEW_PORT": str(free_port()),
        "RASA_AUTH_TOKEN": "privacy-test-token", "LOG_LEVEL": "DEBUG",
    }
    settings = Settings.from_env(environ)
    prepare_content_store(settings)
    stack = Stack(settings, model_path=trained_model)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LOG_LEVEL", "DEBUG")  # the child processes' environment is taken from here
        stack.build()
    facts: dict = {"var_dir": var_dir}
    stack.start()
    try:
        facts["near_miss"] = say(stack, "privacy-1", NEAR_MISS, METADATA)
        facts["everything"] = say(stack, "privacy-1", EVERYTHING, {"lang": "en", "contact": {"phone": PHONE}})
        facts["payload"] = say(stack, "privacy-2", PAYLOAD, {"lang": "en"})
        parse = requests.post(f"{stack.rasa_url}/model/parse", headers={"Authorization": f"Bearer {stack.token}"},
                              json={"text": NEAR_MISS}, timeout=30)
        facts["parse_status"] = parse.status_code
        # Whether Rasa sees the hang-up before it has answered is a race: try a few timings.
        for attempt, wait in enumerate((0.0, 0.005, 0.02, 0.05, 0.1, 0.0, 0.005, 0.02)):
            abort_rest_request(stack, f"privacy-3-{attempt}", f"quick exit: {NAME} {PHONE} {EMAIL} {ADDRESS} {POSTCODE}",
                               wait)
            facts["cancel_logged"] = wait_for_log(var_dir / "logs" / "rasa.log", "rest.message.received.timeout", 5.0)
            if facts["cancel_logged"]:
                break
        from bot.local_secrets import action_secret

        action = requests.post(
            f"http://127.0.0.1:{settings.action_port}/webhook",
            headers={"X-Bot-Action-Secret": action_secret(settings)},
            json={"next_action": f"action_{NAME} {PHONE} {EMAIL}", "sender_id": "privacy-4", "version": "3.6.0",
                  "tracker": {"sender_id": "privacy-4", "latest_message": {"text": EVERYTHING}, "events": [],
                              "slots": {}}, "domain": {}},
            timeout=30)
        facts["action_status"] = action.status_code
        facts["action_error_logged"] = wait_for_log(var_dir / "logs" / "actions.log", "No registered action found")
        time.sleep(1.0)  # let the last turns reach the tracker store
    finally:
        stack.stop()
    yield facts


def every_file(var_dir: Path) -> List[Path]:
    return sorted(p for p in var_dir.rglob("*") if p.is_file() and not p.is_symlink())


def sqlite_rows(path: Path) -> Iterator[str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        tables = [name for (name,) in db.execute("select name from sqlite_master where type = 'table'")]
        for table in tables:
            for row in db.execute(f'select * from "{table}"'):
                yield f"{table}: {row!r}"


def test_the_stack_answered_and_every_leak_path_was_exercised(planted_run) -> None:
    assert planted_run["near_miss"] and planted_run["everything"] and planted_run["payload"]
    assert planted_run["parse_status"] == 200
    assert planted_run["cancel_logged"], "the aborted REST request was not logged by Rasa"
    assert planted_run["action_status"] == 404 and planted_run["action_error_logged"]
    logs = planted_run["var_dir"] / "logs"
    assert {"rasa.log", "actions.log", "widget.log", "review.log"} <= {p.name for p in logs.iterdir()}
    rasa_log = (logs / "rasa.log").read_text(errors="replace")
    assert "DEBUG" in rasa_log  # LOG_LEVEL=DEBUG reached the Rasa server
    cancelled = [line for line in rasa_log.splitlines() if "rest.message.received.timeout" in line]
    assert cancelled and all("quick exit" not in line and "[text withheld]" in line for line in cancelled)
    # The messages are in the logs and the database, redacted (not merely absent).
    assert "[NAME]" in rasa_log and "[PHONE]" in rasa_log
    tracker = planted_run["var_dir"] / "tracker.db"
    stored = [json.loads(data) for (data,) in sqlite3.connect(tracker).execute(
        "select data from events where type_name = 'user' order by id")]
    texts = [event["text"] for event in stored]
    assert any("[NAME]" in t and "[ADDRESS]" in t and "[POSTCODE]" in t and "[PHONE]" in t for t in texts)
    assert any(all(p in t for p in ("[EMAIL]", "[VEHICLE_REG]", "[DOB]", "[CARD]", "[NI_NUMBER]")) for t in texts)
    near_miss = next(e for e in stored if "knife" in e["text"])
    # Only allow-listed keys survive (Rasa adds model_id and assistant_id itself), values redacted.
    kept = {k: v for k, v in near_miss["metadata"].items() if k not in ("model_id", "assistant_id")}
    assert kept == {"lang": "[NAME] [PHONE]"}
    assert "matched" not in (near_miss["parse_data"].get("safety_net") or {})


def test_no_planted_value_is_anywhere_under_var(planted_run) -> None:
    files = every_file(planted_run["var_dir"])
    assert any(p.name == "tracker.db" for p in files) and any(p.suffix == ".log" for p in files)
    leaks = []
    for path in files:
        raw = path.read_bytes()
        texts = [raw.decode("utf-8", errors="replace"), raw.decode("utf-16-le", errors="replace")]
        if raw.startswith(b"SQLite format 3"):
            texts.extend(sqlite_rows(path))
        for kind, forms in PLANTED.items():
            for form in forms:
                if any(form in text for text in texts):
                    leaks.append(f"{kind} ({form!r}) in {path.relative_to(planted_run['var_dir'])}")
    assert not leaks, "personal data on disk:\n" + "\n".join(leaks)
