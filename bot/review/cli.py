"""`bot reviewers ...` and `bot logs purge`. bot/cli.py adds them with:

    from bot.review.cli import add_logs_commands, add_reviewer_commands
    add_reviewer_commands(sub)   # sub = the top-level parser's add_subparsers()
    add_logs_commands(sub)

Exit codes: 0 done, 1 the request cannot be done (the message says why), 2 the database is not
ready or not reachable.
"""
from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any, Callable, Optional

EXIT_OK = 0
EXIT_REQUEST = 1
EXIT_DATABASE = 2


def _settings() -> Any:
    from bot.settings import get_settings

    return get_settings()


def _shown_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _with_product_db(action: Callable[[Any], int]) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from bot.db import current_revision, head_revision, make_engine
    from bot.review.accounts import AccountError

    url = _settings().content_db_url
    engine = make_engine(url)
    try:
        if current_revision(engine) != head_revision():
            print(f"The product database ({_shown_url(url)}) is not set up or is out of date. Run: bot db upgrade")
            return EXIT_DATABASE
        return action(engine)
    except AccountError as exc:
        print(exc)
        return EXIT_REQUEST
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        print(f"The product database ({_shown_url(url)}) could not be used: {reason}")
        return EXIT_DATABASE
    finally:
        engine.dispose()


# ---------------------------------------------------------------------------- reviewers
def _read_password(args: argparse.Namespace) -> Optional[str]:
    if args.password_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        print("No terminal to ask for the password on: use --password-stdin to read it from standard input.")
        return None
    first = getpass.getpass(f"Password for {args.username}: ")
    second = getpass.getpass("The same password again: ")
    if first != second:
        print("The two passwords are different; nothing was changed.")
        return None
    return first


def _reviewers_add(args: argparse.Namespace) -> int:
    from bot.review.accounts import add_reviewer

    password = _read_password(args)
    if password is None:
        return EXIT_REQUEST

    def run(engine: Any) -> int:
        info = add_reviewer(engine, args.username, password, args.role, actor="cli")
        print(f"Added {info.role} {info.username}.")
        return EXIT_OK

    return _with_product_db(run)


def _reviewers_list(args: argparse.Namespace) -> int:
    from bot.review.accounts import list_reviewers, utcnow

    def run(engine: Any) -> int:
        people = list_reviewers(engine)
        if not people:
            print("No reviewers yet. Add one with: bot reviewers add USERNAME --role admin")
            return EXIT_OK
        now = utcnow()
        print(f"{'username':<30} {'role':<9} {'status':<26} created")
        for p in people:
            if p.disabled:
                status = "disabled"
            elif p.locked_until and p.locked_until > now:
                status = f"locked until {p.locked_until:%H:%M} UTC"
            else:
                status = "active"
            print(f"{p.username:<30} {p.role:<9} {status:<26} {p.created_at:%Y-%m-%d}")
        return EXIT_OK

    return _with_product_db(run)


def _reviewers_disable(args: argparse.Namespace) -> int:
    from bot.review.accounts import set_disabled

    def run(engine: Any) -> int:
        info = set_disabled(engine, args.username, True, actor="cli")
        print(f"Disabled {info.username}: they can no longer sign in, and were signed out everywhere.")
        return EXIT_OK

    return _with_product_db(run)


def _reviewers_enable(args: argparse.Namespace) -> int:
    from bot.review.accounts import set_disabled

    def run(engine: Any) -> int:
        info = set_disabled(engine, args.username, False, actor="cli")
        print(f"Enabled {info.username} (and cleared any lock-out).")
        return EXIT_OK

    return _with_product_db(run)


def add_reviewer_commands(subparsers: Any) -> None:
    reviewers = subparsers.add_parser("reviewers", help="people who may sign in to the reviewer dashboard")
    sub = reviewers.add_subparsers(dest="reviewers_command", required=True)

    add = sub.add_parser("add", help="add a reviewer (asks for the password)")
    add.add_argument("username")
    add.add_argument("--role", choices=("reviewer", "admin"), default="reviewer",
                     help="admin can also see the audit trail (default reviewer)")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from the first line of standard input (for scripts)")
    add.set_defaults(func=_reviewers_add)

    sub.add_parser("list", help="list reviewers, their role and status").set_defaults(func=_reviewers_list)

    disable = sub.add_parser("disable", help="stop a reviewer signing in (ends their sessions)")
    disable.add_argument("username")
    disable.set_defaults(func=_reviewers_disable)

    enable = sub.add_parser("enable", help="let a disabled or locked-out reviewer sign in again")
    enable.add_argument("username")
    enable.set_defaults(func=_reviewers_enable)


# ---------------------------------------------------------------------------- logs
def _logs_purge(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from bot.review.retention import default_cutoff_days, purge
    from bot.review.tracker import tracker_engine

    settings = _settings()
    days = args.older_than if args.older_than is not None else default_cutoff_days(settings)
    if days < 1:
        print("--older-than must be at least 1 day.")
        return EXIT_REQUEST

    def run(engine: Any) -> int:
        tracker = tracker_engine(settings.tracker_db_url, timeout_seconds=30, writable=not args.dry_run)
        try:
            result = purge(tracker, settings.tracker_db_url, engine, days, dry_run=args.dry_run)
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            print(f"The tracker database ({_shown_url(settings.tracker_db_url)}) could not be used: {reason}")
            return EXIT_DATABASE
        finally:
            tracker.dispose()
        print(result.describe())
        if not args.dry_run:
            # Process logs (var/logs/*.log.N, rotated by `bot run`) fall under the same limit.
            from bot.log_files import purge_old_logs

            removed = purge_old_logs(settings.var_dir / "logs", days)
            print(f"Removed {len(removed)} rotated log file(s) older than {days} days.")
        return EXIT_OK

    return _with_product_db(run)


def add_logs_commands(subparsers: Any) -> None:
    logs = subparsers.add_parser("logs", help="conversation logs")
    sub = logs.add_subparsers(dest="logs_command", required=True)
    purge = sub.add_parser("purge", help="delete conversations (and their feedback, reviews, flags) older than the retention period")
    purge.add_argument("--older-than", type=int, metavar="DAYS",
                       help="delete conversations with no activity for this many days (default: BOT_RETENTION_DAYS, 90)")
    purge.add_argument("--dry-run", action="store_true", help="only say what would be deleted")
    purge.set_defaults(func=_logs_purge)


def main(argv: Optional[list] = None) -> int:
    """`python -m bot.review.cli reviewers list` works before these commands are wired into `bot`."""
    parser = argparse.ArgumentParser(prog="bot")
    sub = parser.add_subparsers(dest="command", required=True)
    add_reviewer_commands(sub)
    add_logs_commands(sub)
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
