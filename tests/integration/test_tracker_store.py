"""Conversations persist in the SQL tracker store with personal data redacted before it reaches disk."""
from __future__ import annotations

import json
import sqlite3
import time

import requests

PERSONAL = ["07700 900123", "Dave Smith", "CM1 1AA", "dave.smith@example.com"]


def say(stack, sender, text):
    response = requests.post(f"{stack.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=30)
    assert response.status_code == 200
    return response.json()


def stored_events(stack, sender):
    path = stack.settings.tracker_db_url.replace("sqlite:///", "")
    with sqlite3.connect(path) as db:
        return [(t, json.loads(d)) for t, d in db.execute("select type_name, data from events where sender_id = ? order by id", (sender,))]


def test_raw_personal_data_never_reaches_the_database_or_logs(running_stack) -> None:
    say(running_stack, "pii-1", "my ex Dave Smith keeps ringing me from 07700 900123 and turning up at CM1 1AA, email dave.smith@example.com")
    events = stored_events(running_stack, "pii-1")
    raw = json.dumps([d for _, d in events])
    for value in PERSONAL:
        assert value not in raw, f"{value!r} was stored"
    user = next(d for t, d in events if t == "user")
    assert "[PHONE]" in user["text"] and "[POSTCODE]" in user["text"] and "[EMAIL]" in user["text"]
    assert user["parse_data"]["intent"]["name"] == "domestic_abuse"  # the NLU saw the original text
    logs = "".join(p.read_text(errors="replace") for p in (running_stack.settings.var_dir / "logs").glob("*.log"))
    for value in PERSONAL:
        assert value not in logs


def test_rasa_restart_mid_conversation_loses_nothing(running_stack) -> None:
    first = say(running_stack, "restart-1", "how do i protect my home from burglars")
    first_item = next(m["custom"]["data"]["item_id"] for m in first if (m.get("custom") or {}).get("data", {}).get("kind") == "content")
    before = len(stored_events(running_stack, "restart-1"))
    rasa = next(p for p in running_stack.processes if p.name == "Rasa server")
    rasa.stop()
    rasa.start()
    deadline = time.monotonic() + 120
    while not rasa.healthy():
        assert time.monotonic() < deadline, "Rasa did not come back"
        time.sleep(0.5)
    follow = say(running_stack, "restart-1", "what about my car")
    marker = next(m["custom"]["data"] for m in follow if (m.get("custom") or {}).get("data", {}).get("kind") == "content")
    assert marker["strand"] == "burglary_robbery"  # the strand slot survived the restart
    assert marker["item_id"] != first_item
    after = stored_events(running_stack, "restart-1")
    assert len(after) > before
    assert [t for t, _ in after[:before]] == [t for t, _ in stored_events(running_stack, "restart-1")[:before]]
