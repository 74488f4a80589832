"""Rasa's SQL tracker store, with residents' personal data redacted before anything is written.

Rasa Open Source stores every message's full text and parse data. This subclass writes each new
event through bot.redaction first, so the raw text never reaches the database (SQLite or
PostgreSQL). The NLU and the dialogue still see the original text in memory for the current turn.
Configured in endpoints.yml (`type: bot.rasa_components.redacting_tracker_store.RedactingSQLTrackerStore`).
"""
from __future__ import annotations

import json
import logging

import sqlalchemy
from typing import Any, Dict

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

logger = logging.getLogger(__name__)


# Slots filled from the resident's own words.
FREE_TEXT_SLOTS = frozenset({"feedback_comment"})


def redacted_event_data(data: Dict[str, Any]) -> Dict[str, Any]:
    """Redact what can hold a resident's words: their messages and free-text slots.

    Bot messages come from vetted content and never echo what a resident typed, so they are
    stored as they are (redacting long advice texts on every save cost 4-7% of the server's time).
    """
    from bot.redaction import default_redactor, redact_event_data

    kind = data.get("event")
    if kind == "slot":
        if data.get("name") in FREE_TEXT_SLOTS and isinstance(data.get("value"), str):
            return {**data, "value": default_redactor().redact(data["value"]).text}
        return data
    if kind == "user":
        return redact_event_data(data)
    return data


def _sqlite_fast_commits(dbapi_connection: Any, _record: Any) -> None:
    # One commit per message: WAL with synchronous=NORMAL keeps commits durable against a process
    # crash and much cheaper than a full fsync each time.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class RedactingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            sqlalchemy.event.listen(self.engine, "connect", _sqlite_fast_commits)
            self.engine.dispose()  # connections made while creating tables reconnect with the pragmas
        # Load the redactor now, at server start, not on the first resident's message.
        from bot.redaction import default_redactor

        default_redactor().redact("warm up")

    async def save(self, tracker: DialogueStateTracker) -> None:
        # No event broker is configured for this product; one would receive raw events.
        if self.event_broker is not None:
            logger.warning("an event broker is configured: it receives events before redaction")
            await self.stream_events(tracker)
        with self.session_scope() as session:
            for event in self._additional_events(session, tracker):
                data = redacted_event_data(event.as_dict())
                session.add(
                    self.SQLEvent(
                        sender_id=tracker.sender_id,
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=(data.get("parse_data") or {}).get("intent", {}).get(INTENT_NAME_KEY),
                        action_name=data.get("name"),
                        data=json.dumps(data),
                    )
                )
            session.commit()
