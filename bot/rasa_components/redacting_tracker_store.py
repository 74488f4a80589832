"""Rasa's SQL tracker store, with residents' personal data redacted before anything is written.

Rasa Open Source stores every message's full text, parse data and whatever metadata a client sent.
This subclass writes each new event through bot.redaction first and keeps of a user event only what
the allow-list in data/privacy/tracker_allow_list.yml names (redacted text, intent and ranking,
redacted entities, the safety-net verdict without matched words, allow-listed metadata keys), so
the raw text never reaches the database (SQLite or PostgreSQL). The NLU and the dialogue still see the original text in memory for the current turn.
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, FrozenSet, Iterable, List, Optional, Text, Tuple

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.constants import SESSION_START_METADATA_SLOT
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredFields:
    """The allow-list of what a stored user event keeps (data/privacy/tracker_allow_list.yml).

    Why an allow-list and not a block-list: residents type personal data and clients can send any
    JSON with a message; whatever nobody listed (a new Rasa field, a component's debug output such
    as the safety net's matched words, a client's metadata) is dropped before it reaches the disk.
    """

    parse_data: FrozenSet[str]
    safety_net: FrozenSet[str]
    entity: FrozenSet[str]
    metadata: FrozenSet[str]

    @classmethod
    def from_file(cls, path: Path) -> "StoredFields":
        import yaml

        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        missing = [key for key in ("parse_data", "safety_net", "entity", "metadata") if not isinstance(raw.get(key, []), list)]
        if missing:
            raise ValueError(f"{path}: {', '.join(missing)} must be lists of keys")
        return cls(**{key: frozenset(str(k) for k in raw.get(key) or []) for key in ("parse_data", "safety_net", "entity", "metadata")})


@functools.lru_cache(maxsize=4)
def stored_fields(path: Optional[Path] = None) -> StoredFields:
    """The allow-list, read once (at store start-up, never at import time)."""
    from bot.settings import get_settings

    return StoredFields.from_file(path or get_settings().data_dir / "privacy" / "tracker_allow_list.yml")


# A user event's own keys; everything else on it is dropped.
USER_EVENT_KEYS = ("event", "timestamp", "text", "parse_data", "input_channel", "message_id", "metadata")
# Longest metadata value kept: allow-listed keys hold codes such as "en" or a model id.
MAX_METADATA_VALUE = 64
_SCALARS = (str, int, float, bool, type(None))


def _redact_text(text: str) -> str:
    from bot.redaction import default_redactor

    return default_redactor().redact(text).text


def _redact_value(value: Any) -> Any:
    """Every string in a slot value redacted (slots can be filled from what a resident typed)."""
    from bot.redaction import redact_strings

    return redact_strings(value, _redact_text)


def allowed_metadata(metadata: Any, fields: StoredFields) -> Dict[str, Any]:
    """Only allow-listed keys with short scalar values, redacted; nothing else a client sent."""
    if not isinstance(metadata, dict):
        return {}
    kept: Dict[str, Any] = {}
    for key, value in metadata.items():
        if key not in fields.metadata or not isinstance(value, _SCALARS):
            continue
        if isinstance(value, str):
            if len(value) > MAX_METADATA_VALUE:
                continue
            value = _redact_text(value)
        kept[key] = value
    return kept


def _named_scores(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: value[k] for k in ("name", "confidence") if k in value}
    return None


def _stored_parse_data(parse: Dict[str, Any], fields: StoredFields) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    for key in fields.parse_data:
        if key not in parse:
            continue
        value = parse[key]
        if key == "intent":
            if not isinstance(value, dict):
                continue
            value = _named_scores(value)
        elif key == "intent_ranking":
            value = [_named_scores(r) for r in value or [] if isinstance(r, dict)]
        elif key == "entities":
            value = [{k: v for k, v in e.items() if k in fields.entity} for e in value or [] if isinstance(e, dict)]
        elif key == "safety_net":
            value = ({k: v for k, v in value.items() if k in fields.safety_net and isinstance(v, _SCALARS)}
                     if isinstance(value, dict) else None)
        elif key == "text" and not isinstance(value, str):
            continue
        out[key] = value
    return out


def redacted_event_data(data: Dict[str, Any], fields: Optional[StoredFields] = None) -> Dict[str, Any]:
    """What is stored of an event: resident's words redacted, user events cut to the allow-list.

    Bot messages come from vetted content and never echo what a resident typed, so they keep their
    text and data as they are (redacting long advice texts on every save cost 4-7% of the server's
    time). Slot values are redacted (a slot can be filled from a resident's words), and the slot
    Rasa fills with a client's session metadata keeps only allow-listed keys.
    """
    from bot.redaction import redact_event_data

    fields = fields or stored_fields()
    kind = data.get("event")
    if kind == "bot":
        return data
    if kind == "user":
        redacted = redact_event_data(data)
        out = {k: redacted[k] for k in USER_EVENT_KEYS if k in redacted}
        out["parse_data"] = _stored_parse_data(redacted.get("parse_data") or {}, fields)
        out["metadata"] = allowed_metadata(redacted.get("metadata"), fields)
        return out
    out = dict(data)
    if "metadata" in out:
        out["metadata"] = allowed_metadata(out["metadata"], fields)
    if kind == "slot":
        if out.get("name") == SESSION_START_METADATA_SLOT:
            out["value"] = allowed_metadata(out.get("value"), fields) or None
        else:
            out["value"] = _redact_value(out.get("value"))
    elif kind == "entities" and isinstance(out.get("entities"), list):
        out["entities"] = [{k: _redact_value(v) if k == "value" else v for k, v in e.items() if k in fields.entity}
                           for e in out["entities"] if isinstance(e, dict)]
    return out


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
        # Load the redactor and the allow-list now, at server start, not on the first message.
        from bot.redaction import default_redactor

        self._fields = stored_fields()
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
            data = redacted_event_data(event.as_dict(), self._fields)
            rows.append({
                "sender_id": sender_id,
                "type_name": event.type_name,
                "timestamp": data.get("timestamp"),
                "intent_name": ((data.get("parse_data") or {}).get("intent") or {}).get(INTENT_NAME_KEY),
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
