"""Interpreter start-up hook: `bot run` puts this folder on PYTHONPATH for every process it starts
(Rasa server, action server, widget server, dashboard, retention purge), so that log redaction is
installed before Rasa, rasa-sdk or Sanic log anything. See bot/log_redaction.py.

It fails closed: a process whose logs cannot be redacted does not start.
"""
import os
import sys

if os.environ.get("BOT_NO_TENSORFLOW") == "1":
    # This process never needs TensorFlow; without this, the redactor's spaCy would import it.
    sys.modules.setdefault("tensorflow", None)

if os.environ.get("BOT_LOG_REDACTION") == "1":
    try:
        try:
            import bot.log_redaction as _log_redaction
        except ImportError:
            # The project is not installed into this interpreter: use the tree this hook lives in.
            sys.path.append(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
            import bot.log_redaction as _log_redaction
        _log_redaction.install()
    except Exception as _exc:  # noqa: BLE001
        sys.stderr.write(f"error: log redaction could not be installed ({type(_exc).__name__}); not starting\n")
        os._exit(78)
