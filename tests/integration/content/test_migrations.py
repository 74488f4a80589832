"""The committed migrations build exactly the tables the code uses, and can be re-run and undone."""
from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from bot.content.store import metadata

CONTENT_TABLES = {"content_versions", "live_version", "live_changes", "referrals", "advice_items"}


def _content_store_only(obj, name, type_, reflected, compare_to) -> bool:
    # Other parts of the product add their own tables through later migrations; judge ours only.
    table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
    return table in CONTENT_TABLES
from bot.db import _alembic_config, current_revision, head_revision, is_up_to_date, make_engine, upgrade


def test_upgrade_creates_the_tables_the_models_describe(db_url: str):
    engine = make_engine(db_url)
    try:
        assert not is_up_to_date(engine)  # nothing there yet (for SQLite, not even the folder)
        upgrade(db_url)
        upgrade(db_url)  # running it again changes nothing
        assert current_revision(engine) == head_revision() and is_up_to_date(engine)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_object": _content_store_only})
            assert compare_metadata(context, metadata) == []
            assert CONTENT_TABLES <= set(inspect(connection).get_table_names())
    finally:
        engine.dispose()


def test_downgrade_and_upgrade_again(db_url: str):
    upgrade(db_url)
    command.downgrade(_alembic_config(db_url), "base")
    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            assert "content_versions" not in inspect(connection).get_table_names()
        upgrade(db_url)
        assert is_up_to_date(engine)
    finally:
        engine.dispose()


def test_no_engine_or_connection_at_import():
    import importlib
    import sys

    for name in ("bot.db", "bot.content.store", "bot.content.service", "bot.content.cli"):
        module = sys.modules.get(name) or importlib.import_module(name)
        assert not [v for v in vars(module).values() if type(v).__name__ in ("Engine", "Connection", "Session")], name
