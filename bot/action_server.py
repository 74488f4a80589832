"""Start the rasa-sdk action server (`python -m bot.action_server --actions actions --port 5055`).

The same as `python -m rasa_sdk`, with two start-up choices made explicit:
- TensorFlow is never loaded: the actions do not use it, but spaCy (redaction of feedback comments)
  would import it only because Rasa installed it - 440 MB of memory and seconds of start-up.
- The content store and the redactor are opened once at start, not on the first resident's message.
"""
from __future__ import annotations

import sys


def main() -> None:
    sys.modules.setdefault("tensorflow", None)  # type: ignore[arg-type]

    from bot.services import Services

    try:
        Services.content().live_version()
    except Exception as exc:  # noqa: BLE001 - the actions report database problems per call, safely
        print(f"warning: content store not reachable at start-up: {exc}", file=sys.stderr)
    from bot.redaction import default_redactor

    default_redactor().redact("warm up")

    from rasa_sdk.__main__ import main as rasa_sdk_main

    rasa_sdk_main()


if __name__ == "__main__":
    main()
