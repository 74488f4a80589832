"""Alembic environment for the content store.

The database URL comes from, in order: an open connection passed by code
(`config.attributes["connection"]`), `config.attributes["url"]` (what `bot.db.upgrade(url)`
passes), `alembic -x url=...`, `sqlalchemy.url` in alembic.ini, then the settings
(BOT_CONTENT_DB_URL, default sqlite:///var/content.db).
"""
from __future__ import annotations

import importlib
import importlib.util
from logging.config import fileConfig

from alembic import context

from bot.content.store import metadata
from bot.db import make_engine

# Modules that add tables to the same metadata (for `alembic revision --autogenerate`). Without them
# autogenerate would propose dropping their tables.
for _module in ("bot.feedback", "bot.review.models"):
    if importlib.util.find_spec(_module) is not None:
        importlib.import_module(_module)

config = context.config

# Only when run as the `alembic` command: code calling upgrade() keeps its own logging.
if config.config_file_name is not None and not config.attributes.get("url"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _database_url() -> str:
    url = config.attributes.get("url") or context.get_x_argument(as_dictionary=True).get("url")
    url = url or config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from bot.settings import get_settings

    return get_settings().content_db_url


def _configure(**kwargs: object) -> None:
    context.configure(target_metadata=metadata, compare_type=True, **kwargs)


def run_migrations_offline() -> None:
    url = _database_url()
    _configure(url=url, literal_binds=True, render_as_batch=url.startswith("sqlite"))
    with context.begin_transaction():
        context.run_migrations()


def _run_on(connection: object) -> None:
    # SQLite cannot ALTER most things; batch mode copies the table instead.
    _configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")  # type: ignore[attr-defined]
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_on(connection)
        return
    engine = make_engine(_database_url())
    try:
        with engine.connect() as connection:
            _run_on(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
