"""Reading Rasa's SQL tracker store (the `events` table) without owning it.

The dashboard opens the tracker database read-only: SQLite through a `mode=ro` URI (nothing can
be written, and the database file's settings are left alone), PostgreSQL with read-only
transactions. Only `bot logs purge` opens it for writing (`writable=True`).

The table is described here on its own MetaData (not the product database's), exactly as Rasa 3.6's
SQLTrackerStore creates it: events(id, sender_id, type_name, timestamp, intent_name, action_name, data).
"""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, create_engine, event, func, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import NullPool

tracker_metadata = MetaData()

events = Table(
    "events",
    tracker_metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


def tracker_engine(url: str, *, timeout_seconds: float = 5.0, writable: bool = False) -> Engine:
    """An engine on the tracker database; read-only unless `writable`."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ""
        if database in ("", ":memory:"):
            raise ValueError("The tracker store must be a SQLite file or a PostgreSQL database")
        path = Path(database).expanduser().resolve()
        mode = "rw" if writable else "ro"

        def connect() -> sqlite3.Connection:
            connection = sqlite3.connect(f"{path.as_uri()}?mode={mode}", uri=True, timeout=timeout_seconds,
                                         check_same_thread=False)
            connection.execute(f"PRAGMA busy_timeout={int(timeout_seconds * 1000)}")
            return connection

        engine = create_engine("sqlite://", creator=connect, future=True, poolclass=NullPool)
        return engine
    if backend == "postgresql":
        engine = create_engine(url, future=True, pool_pre_ping=True, connect_args={
            "connect_timeout": max(1, int(timeout_seconds)),
            "options": f"-c statement_timeout={int(timeout_seconds * 1000 * 6)}",
        })
        if not writable:
            @event.listens_for(engine, "connect")
            def _read_only(dbapi_connection: Any, _record: Any) -> None:
                cursor = dbapi_connection.cursor()
                cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
                cursor.close()
                dbapi_connection.commit()
        return engine
    raise ValueError(f"Unsupported tracker store database {backend!r}: use SQLite or PostgreSQL")


def sqlite_file_missing(url: str) -> bool:
    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and not Path(parsed.database or "").expanduser().is_file()


def has_events_table(engine: Engine, url: str) -> bool:
    """False when Rasa has not stored a conversation yet (no file, or no table)."""
    if sqlite_file_missing(url):
        return False
    try:
        with engine.connect() as connection:
            return inspect(connection).has_table("events")
    except Exception:  # noqa: BLE001 - unreachable database: treated as "no conversations" by callers
        return False


# ---------------------------------------------------------------------------- dialect helpers
def json_value(engine_or_dialect: Any, column: Any, *path: str) -> Any:
    """SQL for the JSON value at `path` inside a Text column, as text (SQLite: native type)."""
    name = getattr(engine_or_dialect, "name", engine_or_dialect)
    name = getattr(getattr(engine_or_dialect, "dialect", None), "name", name)
    if name == "sqlite":
        return func.json_extract(column, "$." + ".".join(path))
    if name == "postgresql":
        from sqlalchemy import cast
        from sqlalchemy.dialects.postgresql import JSONB

        return func.jsonb_extract_path_text(cast(column, JSONB), *path)
    raise ValueError(f"Unsupported dialect {name!r}")


def json_true(engine: Engine, column: Any, *path: str) -> Any:
    value = json_value(engine, column, *path)
    return value == (1 if engine.dialect.name == "sqlite" else "true")


WEEK_SECONDS = 7 * 24 * 3600
FIRST_MONDAY = 4 * 24 * 3600  # 1970-01-05 00:00 UTC, the first Monday after the epoch


def week_index(engine: Engine, timestamp_column: Any) -> Any:
    """Weeks since 1970-01-05 (Monday 00:00 UTC) for a Unix-time column."""
    from sqlalchemy import Integer as SAInteger
    from sqlalchemy import cast

    offset = (timestamp_column - FIRST_MONDAY) / WEEK_SECONDS
    if engine.dialect.name == "postgresql":
        return cast(func.floor(offset), SAInteger)
    return cast(offset, SAInteger)  # SQLite truncates; every timestamp here is after 1970-01-05
