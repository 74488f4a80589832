"""Rasa's SQL tracker store, with residents' personal data redacted before anything is written.

Rasa Open Source stores every message's full text and parse data. This subclass writes each new
event through bot.redaction first, so the raw text never reaches the database (SQLite or
PostgreSQL). The NLU and the dialogue still see the original text in memory for the current turn.
Configured in endpoints.yml (`type: bot.rasa_components.redacting_tracker_store.RedactingSQLTrackerStore`).

It is also the cheaper store that the benchmark asked for (docs/benchmarks.md): Rasa's own
SQLTrackerStore took about a third of the server's CPU per message here, because with SQLAlchemy 1.4
every SQLite session opened a new connection, loading a tracker built an ORM object per event, and
every save counted the stored events with a second query before inserting them one ORM object at a
time. This store keeps SQLite connections in a pool, reads only the event data column, remembers how
many events it read for a tracker (so a save needs no count query), and inserts a turn's events in
one statement.
"""
from __future__ import annotations

import asyncio
import functools
import json
import logging
import weakref
from typing import Any, Dict, Iterable, List, Optional, Text, Tuple

import sqlalchemy as sa
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
    # crash and much cheaper than a full fsync each time. busy_timeout lets a second process (the
    # review read model, a purge) hold the file briefly without failing a resident's message.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class RedactingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            self._use_pooled_sqlite_connections()
        # How many of a tracker's events are already stored, for the trackers this store read or
        # saved, so that saving the same tracker object again needs no count query. Keyed by object
        # identity (trackers compare by value and are unhashable) and dropped when the tracker is.
        # Any other tracker (made elsewhere, or read from all sessions) falls back to counting.
        self._stored_event_counts: Dict[int, Tuple["weakref.ref[DialogueStateTracker]", int]] = {}
        # Load the redactor now, at server start, not on the first resident's message.
        from bot.redaction import default_redactor

        default_redactor().redact("warm up")

    def _use_pooled_sqlite_connections(self) -> None:
        # SQLAlchemy 1.4 gives file SQLite databases a NullPool: a new connection (and the pragmas)
        # for every session, twice per message. Rasa runs the store on its one event-loop thread,
        # so a small pool of connections is safe; check_same_thread only guards against sharing
        # one connection between threads at the same time, which the pool does not do.
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(
            url, poolclass=sa.pool.QueuePool, pool_size=2, max_overflow=4,
            connect_args={"check_same_thread": False},
        )
        sa.event.listen(self.engine, "connect", _sqlite_fast_commits)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    @staticmethod
    @functools.lru_cache(maxsize=1)
    def _latest_session_data_query() -> Any:
        # Rasa's _event_query (events from the latest SessionStarted on, or all if there is none),
        # built once as a Core statement that reads only the data column.
        events = SQLTrackerStore.SQLEvent.__table__
        session_start = (
            sa.select(sa.func.max(events.c.timestamp).label("session_start"))
            .where(events.c.sender_id == sa.bindparam("sender_id"), events.c.type_name == "session_started")
            .subquery()
        )
        return (
            sa.select(events.c.data)
            .where(events.c.sender_id == sa.bindparam("sender_id"),
                   sa.or_(events.c.timestamp >= session_start.c.session_start, session_start.c.session_start.is_(None)))
            .order_by(events.c.id)
        )

    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        # The query runs in a worker thread: while one conversation waits on the database (a network
        # round trip with PostgreSQL), Rasa's event loop goes on with the others.
        rows = await asyncio.to_thread(self._read_event_data, sender_id, fetch_events_from_all_sessions)
        if not rows or not self.domain:
            return None
        events = [json.loads(data) for data in rows]
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        if not fetch_events_from_all_sessions:
            self._remember_stored(tracker, len(events))
        return tracker

    def _read_event_data(self, sender_id: Text, fetch_events_from_all_sessions: bool) -> List[str]:
        with self.session_scope() as session:
            if fetch_events_from_all_sessions:
                query = self._event_query(session, sender_id, fetch_events_from_all_sessions=True)
                return [data for (data,) in query.with_entities(self.SQLEvent.data).all()]
            return session.execute(self._latest_session_data_query(), {"sender_id": sender_id}).scalars().all()

    def _remember_stored(self, tracker: DialogueStateTracker, count: int) -> None:
        key = id(tracker)
        forget = lambda _ref, key=key: self._stored_event_counts.pop(key, None)  # noqa: E731
        self._stored_event_counts[key] = (weakref.ref(tracker, forget), count)

    def _known_stored(self, tracker: DialogueStateTracker) -> Optional[int]:
        entry = self._stored_event_counts.get(id(tracker))
        if entry is None or entry[0]() is not tracker:
            return None
        return entry[1]

    def _count_stored(self, sender_id: Text) -> int:
        with self.session_scope() as session:
            return self._event_query(session, sender_id, fetch_events_from_all_sessions=False).count()

    def _insert(self, rows: List[Dict[str, Any]]) -> None:
        with self.session_scope() as session:
            session.execute(sa.insert(self.SQLEvent.__table__), rows)
            session.commit()

    def _rows(self, sender_id: Text, events: Iterable[Any]) -> List[Dict[str, Any]]:
        rows = []
        for event in events:
            data = redacted_event_data(event.as_dict())
            rows.append({
                "sender_id": sender_id,
                "type_name": event.type_name,
                "timestamp": data.get("timestamp"),
                "intent_name": (data.get("parse_data") or {}).get("intent", {}).get(INTENT_NAME_KEY),
                "action_name": data.get("name"),
                "data": json.dumps(data),
            })
        return rows

    async def save(self, tracker: DialogueStateTracker) -> None:
        # No event broker is configured for this product; one would receive raw events.
        if self.event_broker is not None:
            logger.warning("an event broker is configured: it receives events before redaction")
            await self.stream_events(tracker)
        events = list(tracker.events)
        stored = self._known_stored(tracker)
        if stored is None or stored > len(events):
            stored = await asyncio.to_thread(self._count_stored, tracker.sender_id)
        # Redaction stays on the event loop (one spaCy pipeline, never used by two threads at once);
        # only the database work goes to a worker thread.
        rows = self._rows(tracker.sender_id, events[stored:])
        if rows:
            await asyncio.to_thread(self._insert, rows)
        self._remember_stored(tracker, len(events))
