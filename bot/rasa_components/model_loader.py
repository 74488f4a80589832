"""Load the newest trained Rasa model once and parse texts with it (for triage and evaluation)."""
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence


def newest_model(models_dir: Path) -> Path:
    models = sorted(Path(models_dir).glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise FileNotFoundError(f"No trained model in {models_dir}: run `make train` (or `bot train`) first")
    return models[-1]


class ModelParser:
    """Parses messages with the full trained NLU pipeline (classifier, entities, safety net, fallback)."""

    def __init__(self, model_path: Path) -> None:
        import logging

        from rasa.core.agent import Agent
        from rasa.utils.log_utils import configure_structlog

        # Rasa's structured logger prints every parsed text at debug level unless configured;
        # residents' messages must not end up in logs.
        configure_structlog(logging.WARNING)
        logging.getLogger("rasa").setLevel(logging.WARNING)

        self.model_path = Path(model_path)
        self._agent = Agent.load(str(self.model_path))
        self._loop = asyncio.new_event_loop()

    def parse(self, text: str) -> Dict[str, Any]:
        return self._loop.run_until_complete(self._agent.parse_message(text))

    def parse_many(self, texts: Sequence[str]) -> List[Dict[str, Any]]:
        return [self.parse(t) for t in texts]

    def close(self) -> None:
        self._loop.close()


def load_parser(models_dir: Path, model_path: Optional[Path] = None) -> ModelParser:
    return ModelParser(model_path or newest_model(models_dir))
