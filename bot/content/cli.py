"""`bot content ...` and `bot db ...` commands. bot/cli.py adds them with:

    add_content_commands(sub)   # sub = the top-level parser's add_subparsers()
    add_db_commands(sub)

Every handler takes the parsed args and returns an exit code: 0 done, 1 the content or the
request has a problem the editor can fix, 2 the database is not ready or not reachable.
"""
from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any, Callable, Optional

EXIT_OK = 0
EXIT_CONTENT = 1
EXIT_DATABASE = 2


def _settings() -> Any:
    from bot.settings import get_settings

    return get_settings()


def _content_dir(args: argparse.Namespace) -> Path:
    return Path(args.content_dir) if getattr(args, "content_dir", None) else _settings().content_dir


def _shown_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written as YYYY-MM-DD") from exc


def _with_store(action: Callable[[Any], int]) -> int:
    """Open the content database, make sure it is set up, run `action(engine)`, report failures plainly."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.content.store import StoreError
    from bot.db import current_revision, head_revision, make_engine

    url = _settings().content_db_url
    engine = make_engine(url)
    try:
        if current_revision(engine) != head_revision():
            print(f"The content database ({_shown_url(url)}) is not set up or is out of date. Run: bot db upgrade")
            return EXIT_DATABASE
        return action(engine)
    except StoreError as exc:
        print(exc)
        return EXIT_CONTENT
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        print(
            f"The content database ({_shown_url(url)}) could not be used: {reason}. "
            "Check BOT_CONTENT_DB_URL; on a new installation, run: bot db upgrade"
        )
        return EXIT_DATABASE
    finally:
        engine.dispose()


# ---------------------------------------------------------------------------- content commands
def _check(args: argparse.Namespace) -> int:
    from bot.content.checks import check_content

    content_dir = _content_dir(args)
    if args.online:
        print("Checking every web address too; this can take a minute...")
    from bot.content.vectors import default_encoder

    report = check_content(content_dir, today=args.today, online=args.online, encode=default_encoder())
    print(report.as_text())
    return EXIT_OK if report.ok else EXIT_CONTENT


def _publish(args: argparse.Namespace) -> int:
    from bot.content.store import ContentCheckFailed, live_version_id, publish

    def run(engine: Any) -> int:
        try:
            result = publish(engine, _content_dir(args), args.by, note=args.note)
        except ContentCheckFailed as failed:
            print(failed.report.as_text())
            live = live_version_id(engine)
            still = f"Version {live} is still live." if live is not None else "Nothing is live yet."
            print(f"\nNothing was published: fix the errors above first. {still}")
            return EXIT_CONTENT
        if result.warnings:
            print(f"Warnings ({len(result.warnings)}):")
            print("\n".join(f"  {w}" for w in result.warnings))
        print(result.message)
        return EXIT_OK

    return _with_store(run)


def _versions(args: argparse.Namespace) -> int:
    from bot.content.store import list_versions, live_history

    def run(engine: Any) -> int:
        versions = list_versions(engine)
        if not versions:
            print("Nothing has been published yet. Publish with: bot content publish --by NAME")
            return EXIT_OK
        print(f"{'version':>7}  {'live':4}  {'published (UTC)':16}  {'by':20}  {'items':>5}  {'referrals':>9}  note")
        for v in versions:
            print(
                f"{v.id:>7}  {'LIVE' if v.is_live else '':4}  {v.published_at:%Y-%m-%d %H:%M}  {v.published_by[:20]:20}  "
                f"{v.item_count:>5}  {v.referral_count:>9}  {v.note or ''}"
            )
        history = live_history(engine)
        print("\nChanges of the live version (newest first):")
        for change in history:
            was = f" (was {change.previous_version_id})" if change.previous_version_id is not None else ""
            note = f" - {change.note}" if change.note else ""
            print(f"  {change.changed_at:%Y-%m-%d %H:%M}  {change.action:8} -> version {change.version_id}{was} by {change.changed_by}{note}")
        return EXIT_OK

    return _with_store(run)


def _diff(args: argparse.Namespace) -> int:
    from bot.content.store import diff

    def run(engine: Any) -> int:
        print(diff(engine, args.a, args.b).as_text())
        return EXIT_OK

    return _with_store(run)


def _rollback(args: argparse.Namespace) -> int:
    from bot.content.store import rollback

    def run(engine: Any) -> int:
        result = rollback(engine, args.version, args.by, note=args.note)
        print(result.message)
        for warning in result.warnings:
            print(f"Warning: {warning}")
        return EXIT_OK

    return _with_store(run)


def _schema(args: argparse.Namespace) -> int:
    from bot.content.schema import stale_schemas, write_schemas

    content_dir = _content_dir(args)
    if args.check:
        stale = stale_schemas(content_dir)
        for path in stale:
            print(f"Out of date: {path}. Run: bot content schema")
        return EXIT_CONTENT if stale else EXIT_OK
    for path in write_schemas(content_dir):
        print(f"Wrote {path}")
    return EXIT_OK


def add_content_commands(subparsers: Any) -> None:
    content = subparsers.add_parser("content", help="check, publish and roll back the advice content")
    sub = content.add_subparsers(dest="content_command", required=True)

    check = sub.add_parser("check", help="check content/ for mistakes (run before publishing)")
    check.add_argument("--online", action="store_true", help="also check that every web address works (needs internet)")
    check.add_argument("--content-dir", type=Path, help="content folder (default: the content_dir setting)")
    check.add_argument("--today", type=_iso_date, help="check as if today were YYYY-MM-DD (e.g. to see what falls due soon)")
    check.set_defaults(func=_check)

    publish = sub.add_parser("publish", help="check the content and make it the live version")
    publish.add_argument("--by", required=True, metavar="NAME", help="who is publishing (recorded)")
    publish.add_argument("--note", metavar="TEXT", help="what changed and why (recorded)")
    publish.add_argument("--content-dir", type=Path, help="content folder (default: the content_dir setting)")
    publish.set_defaults(func=_publish)

    versions = sub.add_parser("versions", help="list published versions and which one is live")
    versions.set_defaults(func=_versions)

    diff = sub.add_parser("diff", help="show what changed between two versions")
    diff.add_argument("a", type=int, metavar="A", help="older version number")
    diff.add_argument("b", type=int, metavar="B", help="newer version number")
    diff.set_defaults(func=_diff)

    rollback = sub.add_parser("rollback", help="make an earlier version live again")
    rollback.add_argument("version", type=int, metavar="VERSION", help="the version to make live")
    rollback.add_argument("--by", required=True, metavar="NAME", help="who is rolling back (recorded)")
    rollback.add_argument("--note", metavar="TEXT", help="why (recorded)")
    rollback.set_defaults(func=_rollback)

    schema = sub.add_parser("schema", help="regenerate content/schema/*.json (editor completion)")
    schema.add_argument("--check", action="store_true", help="only report whether the schema files are up to date")
    schema.add_argument("--content-dir", type=Path, help="content folder (default: the content_dir setting)")
    schema.set_defaults(func=_schema)


# ---------------------------------------------------------------------------- db commands
def _db_upgrade(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from bot.db import upgrade

    url = _settings().content_db_url
    try:
        upgrade(url)
    except (SQLAlchemyError, OSError) as exc:
        print(f"Could not upgrade the content database ({_shown_url(url)}): {str(exc).splitlines()[0]}")
        return EXIT_DATABASE
    print(f"The content database ({_shown_url(url)}) is up to date.")
    return EXIT_OK


def add_db_commands(subparsers: Any) -> None:
    db = subparsers.add_parser("db", help="database maintenance")
    sub = db.add_subparsers(dest="db_command", required=True)
    upgrade = sub.add_parser("upgrade", help="create or update the content database tables (safe to run again)")
    upgrade.set_defaults(func=_db_upgrade)


def main(argv: Optional[list] = None) -> int:
    """`python -m bot.content.cli content check` works before these commands are wired into `bot`."""
    parser = argparse.ArgumentParser(prog="bot")
    sub = parser.add_subparsers(dest="command", required=True)
    add_content_commands(sub)
    add_db_commands(sub)
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
