"""Migration 0003_review builds exactly the tables bot/review/models.py describes, and can be undone."""
from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

import bot.review.models  # noqa: F401 - registers the tables on the shared metadata
from bot.content.store import metadata
from bot.db import _alembic_config, current_revision, head_revision, make_engine, upgrade

REVIEW_TABLES = {"reviewers", "review_sessions", "reviews", "flagged_turns", "audit_log"}


def _review_only(obj, name, type_, reflected, compare_to) -> bool:
    table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
    return table in REVIEW_TABLES


def test_upgrade_matches_the_models_and_downgrades(tmp_path):
    url = f"sqlite:///{tmp_path / 'content.db'}"
    upgrade(url)
    engine = make_engine(url, timeout_seconds=10)
    try:
        assert current_revision(engine) == head_revision()
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_object": _review_only})
            assert compare_metadata(context, metadata) == []
            assert REVIEW_TABLES <= set(inspect(connection).get_table_names())
        command.downgrade(_alembic_config(url), "0002_feedback")
        with engine.connect() as connection:
            names = set(inspect(connection).get_table_names())
            assert not REVIEW_TABLES & names and "feedback" in names
        upgrade(url)
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()
