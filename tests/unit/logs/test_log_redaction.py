"""Log redaction in a real child interpreter, installed the way `bot run` installs it (sitecustomize)."""
import json
import os
import subprocess
import sys
from pathlib import Path

from bot.log_redaction import STARTUP_DIR, child_environment, redact_message

PLANTED = ["Sarah Jones", "07700 900123", "sarah.jones@example.com", "CM1 1AA", "12 High Street"]
SCRIPT = r'''
import logging, sys, json
logging.basicConfig(filename=sys.argv[1], level=logging.DEBUG, format="%(levelname)s %(name)s %(message)s")
log = logging.getLogger("rasa.core.channels.rest")
text = "I'm Sarah Jones of 12 High Street CM1 1AA, call 07700 900123 or sarah.jones@example.com"
log.error("message cancelled: %s", text)
log.debug("parse_data_text=%r", text)
logging.getLogger("structlog").info(json.dumps({"event": "processor.message.parse", "parse_data_text": text}))
try:
    raise ValueError(text)
except ValueError:
    log.exception("action failed")
raise RuntimeError(text)
'''


def run_child(tmp_path: Path, enabled: bool) -> str:
    log_file = tmp_path / "child.log"
    env = {**os.environ, **child_environment()} if enabled else dict(os.environ)
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(log_file)], env=env, capture_output=True, text=True,
                            timeout=120, cwd=tmp_path)
    return log_file.read_text() + result.stderr


def test_every_line_and_traceback_is_redacted_in_a_child_process(tmp_path: Path) -> None:
    output = run_child(tmp_path, enabled=True)
    assert "message cancelled" in output and "parse_data_text" in output and "RuntimeError" in output
    assert "[NAME]" in output and "[PHONE]" in output
    leaked = [value for value in PLANTED if value in output]
    assert leaked == []


def test_without_the_hook_the_same_child_leaks(tmp_path: Path) -> None:
    # Proves the test above would catch a leak: the same script logs the raw values without it.
    output = run_child(tmp_path, enabled=False)
    assert all(value in output for value in PLANTED)


def test_structlog_json_lines_are_redacted_value_by_value() -> None:
    line = json.dumps({"event": "rest.message.received.timeout", "text": "my ex Dave Smith is outside 07700 900123"})
    out = json.loads(redact_message(line))
    assert out["event"] == "rest.message.received.timeout"
    assert "Dave Smith" not in out["text"] and "07700 900123" not in out["text"]


def test_child_environment_puts_the_startup_hook_first() -> None:
    env = child_environment({"PYTHONPATH": "/somewhere"})
    assert env["PYTHONPATH"].split(os.pathsep) == [str(STARTUP_DIR), "/somewhere"]
    assert env["BOT_LOG_REDACTION"] == "1"


def test_a_cancelled_request_logs_no_text_at_all() -> None:
    line = json.dumps({"text": "quick exit: how do I leave him safely", "event": "rest.message.received.timeout",
                       "level": "error"})
    out = json.loads(redact_message(line))
    assert out == {"text": "[text withheld]", "event": "rest.message.received.timeout", "level": "error"}
