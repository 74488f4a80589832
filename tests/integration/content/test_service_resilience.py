"""A running server keeps serving the last good content version when the database goes away."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.content.service import ContentService
from bot.content.store import publish
from bot.db import make_engine, upgrade


def test_keeps_serving_the_last_good_version_when_the_database_disappears(tmp_path: Path, project_root: Path) -> None:
    db = tmp_path / "content.db"
    url = f"sqlite:///{db}"
    upgrade(url)
    engine = make_engine(url)
    publish(engine, project_root / "content", published_by="test")
    service = ContentService(engine, cache_seconds=0)
    served = service.advice_for_strand("burglary_robbery")
    assert served
    engine.dispose()
    shutil.move(str(db), str(tmp_path / "moved-away.db"))
    db.mkdir()  # the path now is a folder: every query fails
    again = service.advice_for_strand("burglary_robbery")
    assert [i.id for i in again] == [i.id for i in served]


def test_fails_clearly_when_nothing_was_ever_served(tmp_path: Path) -> None:
    from sqlalchemy.exc import SQLAlchemyError

    service = ContentService(make_engine(f"sqlite:///{tmp_path / 'missing' / 'content.db'}"), cache_seconds=0)
    with pytest.raises(SQLAlchemyError):
        service.live_version()


def test_bot_run_refuses_to_start_with_an_unusable_content_database(tmp_path: Path, project_root: Path) -> None:
    import os
    import subprocess
    import sys

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    env = {**os.environ, "BOT_VAR_DIR": str(tmp_path / "var"), "BOT_CONTENT_DB_URL": f"sqlite:///{blocker}/content.db"}
    result = subprocess.run([str(Path(sys.executable).with_name("bot")), "run"], env=env, capture_output=True, text=True,
                            timeout=120, cwd=project_root)
    assert result.returncode == 1
    assert "content store could not be prepared" in result.stderr
