"""Database engines, short-lived sessions and schema upgrades (Alembic) for the content store.

Nothing connects at import time: callers make an engine when they need one, use one Session per
command or action call (`session_scope`), and run `upgrade(url)` to bring the schema to the latest
migration. Tables are only ever created by migrations, never by `create_all`.
"""
from __future__ import annotations

import math
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional, Union

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _default_timeout() -> float:
    from bot.settings import get_settings

    return get_settings().db_timeout_seconds


def _configure_sqlite(engine: Engine, timeout_seconds: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite starts transactions lazily and only before writes; hand that to SQLAlchemy
        # ("begin" below) so a transaction really starts where the code says it does.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(timeout_seconds * 1000)}")
        # WAL: readers (the action server) are never blocked by a publish, and vice versa.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")


def make_engine(url: str, timeout_seconds: Optional[float] = None, echo: bool = False) -> Engine:
    """An engine for `url` (SQLite file or PostgreSQL), with waits bounded by `timeout_seconds`
    (default: the db_timeout_seconds setting)."""
    timeout = _default_timeout() if timeout_seconds is None else timeout_seconds
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        engine = create_engine(
            url,
            future=True,
            echo=echo,
            connect_args={"timeout": timeout, "check_same_thread": False},
        )
        _configure_sqlite(engine, timeout)
        return engine
    if backend == "postgresql":
        return create_engine(
            url,
            future=True,
            echo=echo,
            pool_pre_ping=True,  # a dropped connection is replaced, not handed to an action call
            connect_args={
                "connect_timeout": max(1, math.ceil(timeout)),
                # Bound every statement, including waiting for another publish's lock.
                "options": f"-c statement_timeout={int(timeout * 1000)}",
            },
        )
    return create_engine(url, future=True, echo=echo, pool_pre_ping=True)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One short-lived session: committed if the block finishes, rolled back if it raises."""
    session = Session(bind=engine, future=True)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _alembic_config(url: str) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # Passed as an attribute, not an ini option: URLs with '%' (encoded passwords) break ini parsing.
    config.attributes["url"] = url
    return config


def _ensure_sqlite_folder(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        Path(parsed.database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at `url` to the latest schema (creating it if needed)."""
    from alembic import command

    _ensure_sqlite_folder(url)
    command.upgrade(_alembic_config(url), revision)


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config("")).get_current_head()
    assert head is not None, "no migrations found"
    return head


def current_revision(engine_or_url: Union[Engine, str]) -> Optional[str]:
    """The schema revision the database is at, or None for an empty (never upgraded) database."""
    from alembic.runtime.migration import MigrationContext

    engine = make_engine(engine_or_url) if isinstance(engine_or_url, str) else engine_or_url
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        if isinstance(engine_or_url, str):
            engine.dispose()


def is_up_to_date(engine: Engine) -> bool:
    try:
        return current_revision(engine) == head_revision()
    except Exception:  # e.g. the SQLite folder does not exist yet
        return False
