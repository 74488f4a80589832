"""The `bot content ...` / `bot db ...` commands through a small argparse harness, as bot/cli.py wires them."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Iterator, Tuple

import pytest

from bot.content.cli import add_content_commands, add_db_commands
from bot.settings import get_settings
from tests.integration.content.conftest import replace_in


@pytest.fixture
def settings_env(tmp_path: Path, real_content: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("BOT_CONTENT_DB_URL", f"sqlite:///{tmp_path / 'var' / 'content.db'}")
    monkeypatch.setenv("BOT_CONTENT_DIR", str(real_content))
    get_settings.cache_clear()
    yield real_content
    get_settings.cache_clear()


def bot(capsys: pytest.CaptureFixture, *argv: str) -> Tuple[int, str]:
    parser = argparse.ArgumentParser(prog="bot")
    sub = parser.add_subparsers(dest="command", required=True)
    add_content_commands(sub)
    add_db_commands(sub)
    args = parser.parse_args(list(argv))
    code = args.func(args)
    return code, capsys.readouterr().out


def test_editor_workflow(settings_env: Path, capsys):
    code, out = bot(capsys, "content", "publish", "--by", "Jo")
    assert code == 2 and "bot db upgrade" in out

    code, out = bot(capsys, "db", "upgrade")
    assert code == 0 and "up to date" in out
    code, out = bot(capsys, "db", "upgrade")  # safe to run again
    assert code == 0

    code, out = bot(capsys, "content", "check")
    assert code == 0 and "0 error(s)" in out and "Ready to publish" in out

    code, out = bot(capsys, "content", "publish", "--by", "Jo Editor", "--note", "first load")
    assert code == 0 and "Published version 1" in out

    code, out = bot(capsys, "content", "publish", "--by", "Jo Editor")
    assert code == 0 and "Nothing to publish" in out

    # The README's worked example: change a phone number in referrals.yml.
    replace_in(settings_env / "referrals.yml", 'phone: "0800 555 111"', 'phone: "0800 555 112"')
    code, out = bot(capsys, "content", "publish", "--by", "Sam", "--note", "new number")
    assert code == 0 and "Published version 2" in out and "was version 1" in out

    code, out = bot(capsys, "content", "versions")
    assert code == 0
    lines = out.splitlines()
    assert lines[1].split()[:2] == ["2", "LIVE"] and "new number" in lines[1]
    assert lines[2].split()[0] == "1"
    assert "publish  -> version 2 (was 1) by Sam - new number" in out

    code, out = bot(capsys, "content", "diff", "1", "2")
    assert code == 0 and 'phone: "0800 555 111" -> "0800 555 112"' in out

    code, out = bot(capsys, "content", "rollback", "1", "--by", "Ali", "--note", "wrong number")
    assert code == 0 and "Version 1 is live again (was version 2)" in out
    code, out = bot(capsys, "content", "versions")
    assert "rollback -> version 1 (was 2) by Ali - wrong number" in out

    code, out = bot(capsys, "content", "rollback", "7", "--by", "Ali")
    assert code == 1 and "There is no version 7" in out
    code, out = bot(capsys, "content", "diff", "1", "7")
    assert code == 1 and "There is no version 7" in out


def test_check_with_errors_exits_non_zero_and_names_the_line(settings_env: Path, capsys):
    replace_in(settings_env / "advice" / "burglary_robbery.yml", "status: approved", "status: aproved")
    code, out = bot(capsys, "content", "check", "--content-dir", str(settings_env))
    assert code == 1
    assert "content/advice/burglary_robbery.yml:" in out and "items[0].status: 'aproved' is not allowed here. Did you mean 'approved'?" in out


def test_publish_with_errors_publishes_nothing(settings_env: Path, capsys):
    bot(capsys, "db", "upgrade")
    assert bot(capsys, "content", "publish", "--by", "Jo")[0] == 0
    replace_in(settings_env / "referrals.yml", 'phone: "101"', 'phone: "10 1"')
    code, out = bot(capsys, "content", "publish", "--by", "Jo")
    assert code == 1 and "ERRORS (1)" in out and "Nothing was published" in out and "Version 1 is still live" in out


def test_check_today_option(settings_env: Path, capsys):
    code, out = bot(capsys, "content", "check", "--today", "2027-05-01")
    assert code == 0 and "Review due on 2027-05-20 (in 19 days)" in out
    code, out = bot(capsys, "content", "check", "--today", "2027-06-01")
    assert code == 1 and "which has passed" in out


def test_schema_command(settings_env: Path, tmp_path: Path, capsys):
    code, out = bot(capsys, "content", "schema", "--check")
    assert code == 0
    elsewhere = tmp_path / "elsewhere"
    code, out = bot(capsys, "content", "schema", "--check", "--content-dir", str(elsewhere))
    assert code == 1 and "Out of date" in out
    code, out = bot(capsys, "content", "schema", "--content-dir", str(elsewhere))
    assert code == 0 and (elsewhere / "schema" / "advice.schema.json").is_file()


def test_db_upgrade_reports_an_unreachable_database(monkeypatch, capsys, tmp_path: Path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    monkeypatch.setenv("BOT_CONTENT_DB_URL", f"sqlite:///{blocker / 'content.db'}")
    get_settings.cache_clear()
    try:
        code, out = bot(capsys, "db", "upgrade")
    finally:
        get_settings.cache_clear()
    assert code == 2 and "Could not upgrade" in out
