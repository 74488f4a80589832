"""Read Rasa NLU YAML files (intents and examples) without importing Rasa."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, List, Tuple

import yaml

_ENTITY = re.compile(r"\[([^\]]+)\]\((?:[^)]+)\)|\[([^\]]+)\]\{[^}]+\}")


def strip_entity_markup(text: str) -> str:
    """`[Colchester](location)` -> `Colchester`."""
    return _ENTITY.sub(lambda m: m.group(1) or m.group(2), text)


def read_examples(paths: Iterable[Path]) -> List[Tuple[str, str]]:
    """(text, intent) pairs from every `- intent:` block of the given files or folders."""
    pairs: List[Tuple[str, str]] = []
    files: List[Path] = []
    for path in paths:
        path = Path(path)
        files.extend(sorted(path.rglob("*.yml")) if path.is_dir() else [path])
    for file in files:
        raw = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        for block in raw.get("nlu") or []:
            intent = block.get("intent")
            if not intent:
                continue
            for line in str(block.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    pairs.append((strip_entity_markup(line[2:].strip()), intent))
    return pairs
