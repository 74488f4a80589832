"""The redacting SQL tracker store on a real SQLite file: every event stored once, in order, redacted,
whether the tracker was read by this store, by another replica's store, or built elsewhere."""
from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_components.redacting_tracker_store import RedactingSQLTrackerStore, redacted_event_data

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(PROJECT_ROOT / "domain.yml"))


def make_store(domain: Domain, path: Path) -> RedactingSQLTrackerStore:
    return RedactingSQLTrackerStore(domain=domain, dialect="sqlite", db=str(path))


def run(coroutine):
    return asyncio.run(coroutine)


def stored(path: Path, sender: str):
    with sqlite3.connect(path) as db:
        rows = db.execute("select type_name, data from events where sender_id = ? order by id", (sender,)).fetchall()
    return [(kind, json.loads(data)) for kind, data in rows]


def turn(text: str, reply: str, timestamp: float):
    return [
        UserUttered(text, {"name": "burglary_robbery", "confidence": 0.9}, timestamp=timestamp),
        ActionExecuted("action_give_advice", timestamp=timestamp + 0.1),
        BotUttered(reply, timestamp=timestamp + 0.2),
        ActionExecuted("action_listen", timestamp=timestamp + 0.3),
    ]


def session_start(timestamp: float):
    return [ActionExecuted("action_session_start", timestamp=timestamp), SessionStarted(timestamp=timestamp + 0.01),
            ActionExecuted("action_listen", timestamp=timestamp + 0.02)]


def test_each_event_is_stored_once_in_order_across_turns(domain, tmp_path) -> None:
    db = tmp_path / "tracker.db"
    store = make_store(domain, db)
    tracker = DialogueStateTracker.from_events("r1", session_start(1.0) + turn("how do i lock my shed", "Shed advice", 2.0), domain.slots)
    run(store.save(tracker))
    run(store.save(tracker))  # saving again adds nothing
    assert len(stored(db, "r1")) == 7

    for n in range(2, 6):
        tracker = run(store.retrieve("r1"))
        for event in turn(f"question {n}", f"answer {n}", 2.0 + n):
            tracker.update(event)
        run(store.save(tracker))
    rows = stored(db, "r1")
    assert [kind for kind, _ in rows] == ["action", "session_started", "action"] + ["user", "action", "bot", "action"] * 5
    assert [d["text"] for kind, d in rows if kind == "user"] == ["how do i lock my shed"] + [f"question {n}" for n in range(2, 6)]
    # As in Rasa's store, a read starts at the latest SessionStarted (the action before it is older);
    # what is read back stores as exactly what was stored (Rasa refills parse_data's own copies of
    # message_id and metadata on load; the allow-list drops them again).
    assert [redacted_event_data(e.as_dict()) for e in run(store.retrieve("r1")).events] == [d for _, d in rows][1:]


def test_two_replicas_alternating_on_one_database_store_every_event_once(domain, tmp_path) -> None:
    db = tmp_path / "tracker.db"
    replica_a, replica_b = make_store(domain, db), make_store(domain, db)
    run(replica_a.save(DialogueStateTracker.from_events("r2", session_start(1.0), domain.slots)))
    for n in range(6):
        store = (replica_a, replica_b)[n % 2]
        tracker = run(store.retrieve("r2"))
        for event in turn(f"message {n}", f"reply {n}", 2.0 + n):
            tracker.update(event)
        run(store.save(tracker))
    texts = [d["text"] for kind, d in stored(db, "r2") if kind == "user"]
    assert texts == [f"message {n}" for n in range(6)]
    assert len(stored(db, "r2")) == 3 + 6 * 4


def test_a_tracker_built_elsewhere_is_counted_against_the_database(domain, tmp_path) -> None:
    db = tmp_path / "tracker.db"
    store = make_store(domain, db)
    events = session_start(1.0) + turn("first", "one", 2.0)
    run(store.save(DialogueStateTracker.from_events("r3", events, domain.slots)))
    # A different tracker object holding the stored events plus one more turn (as Rasa's HTTP API builds).
    longer = DialogueStateTracker.from_events("r3", events + turn("second", "two", 3.0), domain.slots)
    run(store.save(longer))
    assert [d["text"] for kind, d in stored(db, "r3") if kind == "user"] == ["first", "second"]


def test_retrieve_returns_only_the_latest_session(domain, tmp_path) -> None:
    db = tmp_path / "tracker.db"
    store = make_store(domain, db)
    tracker = DialogueStateTracker.from_events("r4", session_start(1.0) + turn("old", "old reply", 2.0), domain.slots)
    run(store.save(tracker))
    for event in session_start(100.0) + turn("new", "new reply", 101.0):
        tracker.update(event)
    run(store.save(tracker))
    latest = run(store.retrieve("r4"))
    assert [e.text for e in latest.events if isinstance(e, UserUttered)] == ["new"]
    full = run(store.retrieve_full_tracker("r4"))
    assert [e.text for e in full.events if isinstance(e, UserUttered)] == ["old", "new"]
    # The latest session, read back and extended, is saved without duplicating anything.
    for event in turn("newer", "reply", 102.0):
        latest.update(event)
    run(store.save(latest))
    assert [d["text"] for kind, d in stored(db, "r4") if kind == "user"] == ["old", "new", "newer"]


def test_residents_words_are_redacted_on_disk_but_not_in_the_live_tracker(domain, tmp_path) -> None:
    db = tmp_path / "tracker.db"
    store = make_store(domain, db)
    text = "my neighbour Dave Smith on 07700 900123 keeps threatening me"
    tracker = DialogueStateTracker.from_events(
        "r5", session_start(1.0) + turn(text, "Advice", 2.0) + [SlotSet("feedback_comment", "call me on 07700 900123")],
        domain.slots)
    run(store.save(tracker))
    assert tracker.latest_message.text == text
    raw = db.read_text(errors="ignore") if not (tmp_path / "tracker.db-wal").exists() else ""
    rows = stored(db, "r5")
    dumped = json.dumps([d for _, d in rows]) + raw
    assert "07700 900123" not in dumped and "Dave Smith" not in dumped
    user = next(d for kind, d in rows if kind == "user")
    assert "[PHONE]" in user["text"]
    assert next(d for kind, d in rows if kind == "slot")["value"] == "call me on [PHONE]"


def test_sqlite_connections_are_pooled_and_in_wal_mode(domain, tmp_path) -> None:
    store = make_store(domain, tmp_path / "tracker.db")
    run(store.save(DialogueStateTracker.from_events("r6", session_start(1.0), domain.slots)))
    assert type(store.engine.pool).__name__ == "QueuePool"
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert store.engine.pool.checkedin() >= 1  # the connection went back to the pool, not closed


def test_a_user_event_keeps_only_the_allow_listed_fields(domain, tmp_path) -> None:
    db = tmp_path / "tracker.db"
    store = make_store(domain, db)
    text = "last week a man with a knife threatened me, I'm Sarah Jones of 12 High Street CM1 1AA"
    parse_data = {
        "text": text,
        "intent": {"name": "knife_crime", "confidence": 0.8, "debug": "Sarah Jones"},
        "intent_ranking": [{"name": "knife_crime", "confidence": 0.8, "text": "Sarah Jones"}],
        "entities": [{"entity": "location", "start": 47, "end": 61, "value": "12 High Street", "debug_text": "CM1 1AA"}],
        "safety_net": {"fired": False, "rule": "weapon_now", "suppressed_by": "past", "matched": "a man with a knife",
                       "tier": None, "model_intent": "knife_crime", "explanation": "Sarah Jones said knife"},
        "response_selector": {"default": {"response": {"responses": [{"text": "Sarah Jones"}]}}},
        "message_id": "m1",
        "metadata": {"note": "Sarah Jones"},
    }
    user = UserUttered(text, parse_data=parse_data, timestamp=2.0, input_channel="rest", message_id="m1",
                       metadata={"lang": "en", "note": "Sarah Jones", "contact": {"phone": "07700 900123"}})
    session_metadata = SlotSet("session_started_metadata", {"lang": "en", "name": "Sarah Jones 07700 900123"})
    tracker = DialogueStateTracker.from_events("r7", session_start(1.0) + [session_metadata, user], domain.slots)
    run(store.save(tracker))
    rows = stored(db, "r7")
    dumped = json.dumps(rows)
    for raw in ("Sarah", "Jones", "07700", "CM1 1AA", "High Street", "explanation", "response_selector"):
        assert raw not in dumped
    stored_user = next(d for kind, d in rows if kind == "user")
    assert set(stored_user) <= {"event", "timestamp", "text", "parse_data", "input_channel", "message_id", "metadata"}
    assert stored_user["metadata"] == {"lang": "en"}
    parse = stored_user["parse_data"]
    assert set(parse) == {"text", "intent", "intent_ranking", "entities", "safety_net"}
    assert parse["intent"] == {"name": "knife_crime", "confidence": 0.8}
    assert parse["intent_ranking"] == [{"name": "knife_crime", "confidence": 0.8}]
    assert parse["safety_net"] == {"fired": False, "rule": "weapon_now", "suppressed_by": "past", "tier": None,
                                   "model_intent": "knife_crime"}
    assert parse["entities"][0]["entity"] == "location" and "debug_text" not in parse["entities"][0]
    assert next(d for kind, d in rows if kind == "slot")["value"] == {"lang": "en"}
    # The tracker read back still works for Rasa, and the live tracker kept everything in memory.
    assert run(store.retrieve("r7")).latest_message.intent["name"] == "knife_crime"
    assert tracker.latest_message.metadata["note"] == "Sarah Jones"


def test_bot_events_keep_their_text_and_data(domain, tmp_path) -> None:
    db = tmp_path / "tracker.db"
    store = make_store(domain, db)
    bot = BotUttered("Call 999 now", data={"custom": {"data": {"kind": "content", "item_id": "k1", "version": 3}}},
                     metadata={"utter_action": "utter_emergency"}, timestamp=2.0)
    run(store.save(DialogueStateTracker.from_events("r8", session_start(1.0) + [bot], domain.slots)))
    stored_bot = next(d for kind, d in stored(db, "r8") if kind == "bot")
    assert stored_bot["text"] == "Call 999 now"
    assert stored_bot["data"]["custom"]["data"] == {"kind": "content", "item_id": "k1", "version": 3}
    assert stored_bot["metadata"] == {"utter_action": "utter_emergency"}
