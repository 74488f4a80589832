"""`bot reviewers ...` and `bot logs purge` through argparse, as bot/cli.py will wire them."""
from __future__ import annotations

import argparse
import io
from typing import Tuple

import pytest

from bot.review.cli import add_logs_commands, add_reviewer_commands
from bot.settings import get_settings
from tests.integration.review.conftest import PASSWORD, audit_rows


@pytest.fixture
def settings_env(dbs, monkeypatch):
    for key, value in dbs.env().items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    yield dbs
    get_settings.cache_clear()


def bot(capsys, monkeypatch, *argv: str, stdin: str = "") -> Tuple[int, str]:
    parser = argparse.ArgumentParser(prog="bot")
    sub = parser.add_subparsers(dest="command", required=True)
    add_reviewer_commands(sub)
    add_logs_commands(sub)
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    args = parser.parse_args(list(argv))
    code = args.func(args)
    return code, capsys.readouterr().out


def test_reviewer_commands(settings_env, capsys, monkeypatch):
    code, out = bot(capsys, monkeypatch, "reviewers", "list")
    assert code == 0 and "No reviewers yet" in out
    code, out = bot(capsys, monkeypatch, "reviewers", "add", "Ada", "--role", "admin", "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 0 and "Added admin ada" in out
    code, out = bot(capsys, monkeypatch, "reviewers", "add", "rex", "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 0 and "Added reviewer rex" in out
    code, out = bot(capsys, monkeypatch, "reviewers", "add", "rex", "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 1 and "already" in out
    code, out = bot(capsys, monkeypatch, "reviewers", "add", "sam", "--password-stdin", stdin="short\n")
    assert code == 1 and "at least 12" in out
    code, out = bot(capsys, monkeypatch, "reviewers", "add", "sam", stdin="")  # no terminal, no --password-stdin
    assert code == 1 and "--password-stdin" in out

    code, out = bot(capsys, monkeypatch, "reviewers", "disable", "rex")
    assert code == 0 and "Disabled rex" in out
    code, out = bot(capsys, monkeypatch, "reviewers", "list")
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert "admin" in lines["ada"] and "active" in lines["ada"] and "disabled" in lines["rex"]
    code, out = bot(capsys, monkeypatch, "reviewers", "disable", "nobody")
    assert code == 1 and "no reviewer called nobody" in out
    assert [r[1] for r in audit_rows(settings_env, "reviewer_add")] == ["reviewer_add", "reviewer_add"]


def test_password_prompt(settings_env, capsys, monkeypatch):
    answers = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    parser = argparse.ArgumentParser(prog="bot")
    sub = parser.add_subparsers(dest="command", required=True)
    add_reviewer_commands(sub)

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Tty(""))
    args = parser.parse_args(["reviewers", "add", "pat"])
    assert args.func(args) == 0 and "Added reviewer pat" in capsys.readouterr().out


def test_logs_purge(settings_env, capsys, monkeypatch):
    code, out = bot(capsys, monkeypatch, "logs", "purge", "--dry-run")
    assert code == 0 and out.startswith("Would delete 1 conversation(s)") and "older than 90 days" in out
    code, out = bot(capsys, monkeypatch, "logs", "purge")
    assert code == 0 and out.startswith("Deleted 1 conversation(s)") and "1 feedback answer(s)" in out
    code, out = bot(capsys, monkeypatch, "logs", "purge", "--older-than", "3")
    assert code == 0 and out.startswith("Deleted 3 conversation(s)")
    assert [r[0] for r in audit_rows(settings_env, "purge")] == ["retention", "retention"]


def test_commands_need_an_upgraded_database(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("BOT_CONTENT_DB_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    get_settings.cache_clear()
    try:
        code, out = bot(capsys, monkeypatch, "reviewers", "list")
        assert code == 2 and "bot db upgrade" in out
    finally:
        get_settings.cache_clear()
