"""Residents' personal data redacted from every log line, in every process `bot run` starts.

Rasa echoes what residents typed into its logs: the raw message at ERROR when a REST request is
cancelled (the widget aborts its fetch on quick exit) or fails, every parsed text at DEBUG, and
rasa-sdk logs whole action requests at DEBUG. Logs are files on disk, so they get the same promise
as the conversation database: redacted before anything is written.

How: :func:`install` wraps the process's log-record factory, so every record - whichever library,
logger or handler (configured before or after, e.g. by `rasa run`), and structlog's output, which
Rasa 3.6 sends through the standard library - has its message formatted, redacted with
``bot.redaction.redact(text).text`` and its args replaced, and its traceback redacted, when it is
created. Uncaught exceptions (``sys.excepthook``, ``threading.excepthook``) are redacted too.
The launcher puts ``bot/log_startup`` on PYTHONPATH, whose ``sitecustomize`` calls :func:`install`
at interpreter start-up, before `rasa run`, `python -m bot.action_server`, the web servers or the
retention purge import anything else.

Records are redacted only once their logger's level lets them through, so a quiet INFO log costs
nothing extra. Importing this module is cheap: the redactor (spaCy) loads on the first record.
"""
from __future__ import annotations

import json
import logging
import os
import sys
import threading
import traceback
from pathlib import Path
from typing import Any, Callable, Dict, Optional

STARTUP_DIR = Path(__file__).resolve().parent / "log_startup"
_REDACTED = "_bot_redacted"
_state = threading.local()
_installed = False


def _redact_text(text: str) -> str:
    """Redacted text. Log lines glue words with underscores and equals signs ("action_Sarah Jones",
    "name=Sarah"); they are read as spaces (same length, so the spans fit the original)."""
    from bot.redaction import redact

    if not text:
        return text
    spaced = text.translate(_GLUE)
    if spaced == text:
        return redact(text).text
    out, last = [], 0
    for start, end, kind in sorted(redact(spaced).spans):
        out.append(text[last:start])
        out.append(f"[{kind}]")
        last = end
    out.append(text[last:])
    return "".join(out)


_GLUE = str.maketrans({"_": " ", "=": " "})
# Rasa's structlog event for a REST request cancelled by the client, and the keys that hold words.
_CANCELLED = ".timeout"
_TEXT_KEYS = frozenset({"text", "message", "parse_data_text", "user_message"})


def _redact_json(node: Any) -> Any:
    from bot.redaction import redact_strings

    return redact_strings(node, _redact_text)


def redact_message(text: str) -> str:
    """A log message with personal data replaced; a JSON object line (structlog) value by value.

    Redacting JSON values, not the JSON text, also catches words that JSON escaped ("\\u00e9").
    """
    stripped = text.strip()
    if stripped.startswith("{") and stripped.endswith("}"):
        try:
            parsed = json.loads(stripped)
        except ValueError:
            parsed = None
        if isinstance(parsed, dict):
            if str(parsed.get("event", "")).endswith(_CANCELLED):
                # A request the resident abandoned (quick exit): its words are not logged at all.
                parsed = {k: ("[text withheld]" if k in _TEXT_KEYS else v) for k, v in parsed.items()}
            return json.dumps(_redact_json(parsed))
    return _redact_text(text)


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    """Format the record's message, redact it, replace msg and args; redact its traceback too."""
    if getattr(record, _REDACTED, False) or getattr(_state, "busy", False):
        return record
    _state.busy = True  # the redactor itself may log (spaCy, warnings): no recursion
    try:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string: keep what can be shown, redacted
            message = f"{record.msg!s} {record.args!r}"
        record.msg = redact_message(message)
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        if record.exc_text:
            record.exc_text = _redact_text(record.exc_text)
        if record.stack_info:
            record.stack_info = _redact_text(record.stack_info)
        setattr(record, _REDACTED, True)
    except Exception:  # noqa: BLE001 - never let logging break a resident's reply; drop the text
        record.msg, record.args, record.exc_info, record.exc_text = "[log message withheld: redaction failed]", (), None, None
        setattr(record, _REDACTED, True)
    finally:
        _state.busy = False
    return record


def _redacting_factory(make: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return redact_record(make(*args, **kwargs))

    factory.redacting = True  # type: ignore[attr-defined]
    return factory


def _excepthook(kind: type, value: BaseException, tb: Any) -> None:
    text = "".join(traceback.format_exception(kind, value, tb))
    try:
        text = _redact_text(text)
    except Exception:  # noqa: BLE001
        text = f"{kind.__name__}: [details withheld: redaction failed]\n"
    sys.__stderr__.write(text)


def _thread_excepthook(args: "threading.ExceptHookArgs") -> None:
    if args.exc_type is SystemExit:
        return
    _excepthook(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)


def install() -> None:
    """Redact every log record and uncaught exception of this process from now on (idempotent)."""
    global _installed
    if _installed:
        return
    current = logging.getLogRecordFactory()
    if not getattr(current, "redacting", False):
        logging.setLogRecordFactory(_redacting_factory(current))
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
    # Python warnings (Rasa's UserWarnings quote training lines and payloads) go through logging too.
    logging.captureWarnings(True)
    _installed = True



def child_environment(environ: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    """PYTHONPATH for a child process so that its interpreter installs the redaction at start-up."""
    env = os.environ if environ is None else environ
    parts = [str(STARTUP_DIR)] + [p for p in (env.get("PYTHONPATH") or "").split(os.pathsep) if p and p != str(STARTUP_DIR)]
    return {"PYTHONPATH": os.pathsep.join(parts), "BOT_LOG_REDACTION": "1"}
