"""The `bot` command: everything editors, reviewers and operators run."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import List, Optional


def _quiet_environment() -> None:
    # Telemetry off and library noise down for every command (Rasa reads these at import).
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")


def _models_fetch(args: argparse.Namespace) -> int:
    from bot.nlu import model_files
    from bot.settings import get_settings

    folder = model_files.fetch(get_settings().nlu_assets_dir)
    print(f"Sentence-embedding model files verified in {folder}")
    return 0


def _train(args: argparse.Namespace) -> int:
    from bot.nlu import model_files
    from bot.settings import get_settings
    from bot.training import train

    settings = get_settings()
    model_files.fetch(settings.nlu_assets_dir)
    train(settings, force=args.force)
    return 0


def _triage(args: argparse.Namespace) -> int:
    from bot.triage import main_triage

    return main_triage(args)


def _eval(args: argparse.Namespace) -> int:
    from bot.evaluation import main_eval

    return main_eval(args)


def _run(args: argparse.Namespace) -> int:
    from bot.launcher import main_run

    return main_run(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bot", description="Essex crime-prevention assistant")
    sub = parser.add_subparsers(dest="command", required=True)

    models = sub.add_parser("models", help="NLU model files").add_subparsers(dest="models_command", required=True)
    models.add_parser("fetch", help="download and verify the pinned sentence-embedding files").set_defaults(func=_models_fetch)

    train = sub.add_parser("train", help="train the Rasa model if its inputs changed")
    train.add_argument("--force", action="store_true", help="train even if nothing changed")
    train.set_defaults(func=_train)

    triage = sub.add_parser("triage", help='JSON lines {"text": ...} on stdin -> triage JSON lines on stdout')
    triage.add_argument("--model", type=Path, help="model file (default: newest in models/)")
    triage.add_argument("--strict", action="store_true", help="exit 1 if any input line was bad")
    triage.set_defaults(func=_triage)

    evaluate = sub.add_parser("eval", help="score the trained model and a baseline on tests/nlu/")
    evaluate.add_argument("--misses", action="store_true", help="also list the advice-item misses (burns the set: see docs)")
    evaluate.set_defaults(func=_eval)

    run = sub.add_parser("run", help="start every process of the assistant, print where to talk to it")
    run.set_defaults(func=_run)

    from bot.content.cli import add_content_commands, add_db_commands

    from bot.review.cli import add_logs_commands, add_reviewer_commands

    add_content_commands(sub)
    add_db_commands(sub)
    add_reviewer_commands(sub)
    add_logs_commands(sub)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    _quiet_environment()
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
