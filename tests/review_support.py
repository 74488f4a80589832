"""Test data for the reviewer dashboard: a REAL Rasa tracker store and the product database.

`build_tracker_db` writes conversations through Rasa 3.6's own SQLTrackerStore (sqlite dialect),
from DialogueStateTrackers made of rasa.shared.core.events (UserUttered with parse data,
BotUttered with custom data, ActionExecuted, SlotSet), so the `events` table has Rasa's real
schema and JSON. `standard_conversations` is a small realistic set covering every filter.
"""
from __future__ import annotations

import asyncio
import threading
import time
import warnings
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, List, Optional

DAY = 86400.0


def user(text: str, intent: str, confidence: float, ts: float, *, ranking: Optional[List[tuple]] = None,
         safety_net: Optional[Dict[str, Any]] = None, entities: Optional[List[Dict[str, Any]]] = None) -> Any:
    from rasa.shared.core.events import UserUttered

    intent_data = {"name": intent, "confidence": confidence}
    parse = {
        "text": text,
        "intent": intent_data,
        "entities": entities or [],
        "intent_ranking": [intent_data] + [{"name": n, "confidence": c} for n, c in (ranking or [])],
        "safety_net": safety_net or {"fired": False, "rule": None, "matched": None, "suppressed_by": None},
    }
    return UserUttered(text, intent_data, entities or [], parse_data=parse, timestamp=ts, input_channel="rest")


def bot(text: Optional[str], ts: float, *, buttons: Optional[List[str]] = None, custom: Optional[Dict[str, Any]] = None) -> Any:
    from rasa.shared.core.events import BotUttered

    data = {"elements": None, "quick_replies": None, "attachment": None, "image": None,
            "buttons": [{"title": b, "payload": f"/{b.lower()}"} for b in buttons] if buttons else None,
            "custom": custom}
    return BotUttered(text, data, timestamp=ts)


def action(name: str, ts: float) -> Any:
    from rasa.shared.core.events import ActionExecuted

    return ActionExecuted(name, timestamp=ts)


def slot(name: str, value: Any, ts: float) -> Any:
    from rasa.shared.core.events import SlotSet

    return SlotSet(name, value, timestamp=ts)


def content(strand: str, item_id: str, version: int) -> Dict[str, Any]:
    return {"data": {"kind": "content", "strand": strand, "item_id": item_id, "version": version}}


def session_start(ts: float) -> List[Any]:
    from rasa.shared.core.events import SessionStarted

    return [action("action_session_start", ts), SessionStarted(timestamp=ts), action("action_listen", ts)]


@dataclass
class Conversation:
    sender_id: str
    events: List[Any]
    feedback: List[Dict[str, Any]] = field(default_factory=list)  # helpful, item, version, ts


def standard_conversations(now: Optional[float] = None) -> List[Conversation]:
    now = time.time() if now is None else now
    out: List[Conversation] = []

    t = now - 2 * DAY
    out.append(Conversation("conv-burglary", session_start(t) + [
        user("how do I stop my shed being broken into", "burglary_robbery", 0.91, t + 1,
             ranking=[("places_asb", 0.04), ("cybercrime_fraud", 0.02)]),
        slot("strand", "burglary_robbery", t + 2),
        action("action_give_advice", t + 2),
        bot("Lock your shed with a closed-shackle padlock and mark your tools.", t + 2,
            custom=content("burglary_robbery", "burglary-shed-security", 3)),
        slot("last_item_id", "burglary-shed-security", t + 2),
        slot("content_version", "3", t + 2),
        bot("Was this helpful?", t + 3, buttons=["Yes", "No"]),
        action("action_listen", t + 3),
        user("/feedback_not_helpful", "feedback_not_helpful", 1.0, t + 20),
        action("action_record_feedback", t + 21),
        action("action_listen", t + 21),
    ], feedback=[{"helpful": False, "item": "burglary-shed-security", "version": 3, "ts": t + 21, "strand": "burglary_robbery"}]))

    t = now - 1 * DAY
    out.append(Conversation("conv-emergency", session_start(t) + [
        user("someone is breaking into my house right now", "emergency", 1.0, t + 1,
             ranking=[("burglary_robbery", 0.7)],
             safety_net={"fired": True, "rule": "break_in_now", "matched": "breaking into my house right now",
                         "suppressed_by": None, "model_intent": "burglary_robbery"}),
        action("utter_emergency", t + 2),
        bot("If you or someone else is in danger right now, call 999.", t + 2, custom={"data": {"kind": "emergency"}}),
        action("action_emergency_safety_advice", t + 3),
        action("action_listen", t + 3),
    ]))

    t = now - 3 * DAY
    out.append(Conversation("conv-fallback", session_start(t) + [
        user("qwerty blah the thing", "nlu_fallback", 0.31, t + 1, ranking=[("places_asb", 0.31)]),
        action("action_did_you_mean", t + 2),
        bot("Did you mean one of these?", t + 2, buttons=["Anti-social behaviour", "Something else"]),
        action("action_listen", t + 2),
    ]))

    t = now - 4 * DAY
    out.append(Conversation("conv-handoff", session_start(t) + [
        user("can I talk to a real person", "ask_human", 0.95, t + 1),
        action("action_hand_off", t + 2),
        bot("You can talk to someone on Essex Police live chat.", t + 2),
        action("action_listen", t + 2),
    ]))

    t = now - 200 * DAY
    out.append(Conversation("conv-old", session_start(t) + [
        user("I got a text saying my parcel is held, is it a scam", "cybercrime_fraud", 0.88, t + 1),
        action("action_give_advice", t + 2),
        bot("Delivery firms never ask for payment by text.", t + 2, custom=content("cybercrime_fraud", "cyber-parcel-scam", 1)),
        action("action_listen", t + 2),
        user("/feedback_helpful", "feedback_helpful", 1.0, t + 30),
        action("action_record_feedback", t + 31),
    ], feedback=[{"helpful": True, "item": "cyber-parcel-scam", "version": 1, "ts": t + 31, "strand": "cybercrime_fraud"}]))

    t = now - 10 * DAY
    out.append(Conversation("conv-domestic", session_start(t) + [
        user("my ex keeps turning up at my house and shouting at me", "domestic_abuse", 0.83, t + 1),
        slot("strand", "domestic_abuse", t + 2),
        action("action_give_advice", t + 2),
        bot("You do not have to put up with this. Here is who can help.", t + 2,
            custom=content("domestic_abuse", "da-ex-partner", 2)),
        action("action_listen", t + 2),
    ]))

    t = now - 5 * DAY
    out.append(Conversation("conv-trampoline", session_start(t) + [
        user("kids keep climbing over the fence onto our trampoline at night", "places_asb", 0.77, t + 1),
        action("action_give_advice", t + 2),
        bot("Anti-social behaviour can be reported online.", t + 2, custom=content("places_asb", "asb-report", 1)),
        action("action_listen", t + 2),
    ]))
    return out


def build_tracker_db(path: Any, conversations: List[Conversation]) -> str:
    """Write `conversations` with Rasa's SQLTrackerStore to a new SQLite file at `path`, or to the
    PostgreSQL database whose URL is `path` (a string starting with postgresql://)."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.trackers import DialogueStateTracker

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Rasa 3.6 uses SQLAlchemy 1.4 APIs deprecated in 2.0
        if isinstance(path, str) and path.startswith("postgresql"):
            from sqlalchemy.engine import make_url

            url = make_url(path)
            store = SQLTrackerStore(dialect="postgresql", host=url.host, port=url.port, db=url.database,
                                    username=url.username, password=url.password)
            result_url = path
        else:
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            store = SQLTrackerStore(dialect="sqlite", db=str(path))
            result_url = f"sqlite:///{path}"

    async def save_all() -> None:
        for conversation in conversations:
            tracker = DialogueStateTracker.from_events(conversation.sender_id, conversation.events)
            await store.save(tracker)

    # In a thread of its own: Playwright's sync API may already run an event loop in this one.
    errors: List[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(save_all())
        except BaseException as exc:  # noqa: BLE001 - re-raised below
            errors.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    store.engine.dispose()
    if errors:
        raise errors[0]
    return result_url


def build_product_db(url: str, conversations: List[Conversation]) -> None:
    """Bring the product database to the latest schema and add the conversations' feedback."""
    from bot.db import make_engine, session_scope, upgrade
    from bot.feedback import Feedback

    upgrade(url)
    engine = make_engine(url, timeout_seconds=10)
    try:
        with session_scope(engine) as session:
            for conversation in conversations:
                for f in conversation.feedback:
                    session.add(Feedback(conversation_id=conversation.sender_id, strand=f.get("strand"),
                                         content_item_id=f["item"], content_version=f["version"], helpful=f["helpful"],
                                         comment=f.get("comment"),
                                         created_at=datetime.fromtimestamp(f["ts"], tz=timezone.utc)))
    finally:
        engine.dispose()
