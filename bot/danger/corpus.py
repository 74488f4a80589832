"""The danger-now training corpus: situations of danger now, and near misses that are not now.

Files (data/safety/detector/*.yml, reviewed like content), each with a `label`:
- `label: danger_now`: `examples: [{situation, who, form?, text}]`, every one danger happening now
  (danger_now.yml by situation and who is typing; danger_now_more.yml the hard forms: buried in a
  long story, understated, indirect, fragments);
- `label: not_danger`: `examples: [{situation, kind, who, text}]`, serious topics that are not now
  (near_miss.yml: past, hypothetical, general question, news, training, worry, after_safe;
  not_now_more.yml: ongoing non-urgent crime in the present tense, past stories with vivid
  sentences, pleas for advice, professional questions).
The NLU training data adds more: `emergency` examples are danger now, every other intent's
examples are ordinary questions (not now).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, List, Optional, Sequence, Tuple

import yaml

DANGER = "danger_now"
NOT_DANGER = "not_danger"


class CorpusError(ValueError):
    """A corpus file is wrong; the message names the file, the entry and the field."""


@dataclass(frozen=True)
class Example:
    text: str
    danger: bool
    situation: Optional[str] = None
    who: Optional[str] = None
    # near-miss kind (past, hypothetical, ...), "nlu" for NLU training examples
    kind: Optional[str] = None


def read_file(path: Path, danger: Optional[bool] = None) -> List[Example]:
    """A corpus file's examples; their label is the file's `label` unless `danger` is given."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise CorpusError(f"{path}: not valid YAML: {exc}") from exc
    if danger is None:
        label = raw.get("label")
        if label not in (DANGER, NOT_DANGER):
            raise CorpusError(f"{path}: 'label' must be {DANGER} or {NOT_DANGER}, got {label!r}")
        danger = label == DANGER
    entries = raw.get("examples")
    if not isinstance(entries, list):
        raise CorpusError(f"{path}: 'examples' must be a list")
    out = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str) or not entry["text"].strip():
            raise CorpusError(f"{path}: examples[{index}]: 'text' must be a non-empty string")
        if not entry.get("situation"):
            raise CorpusError(f"{path}: examples[{index}]: 'situation' is missing")
        out.append(Example(entry["text"].strip(), danger, str(entry["situation"]), entry.get("who"),
                           entry.get("kind") or entry.get("form")))
    return out


def load_corpus(folder: Path) -> List[Example]:
    examples: List[Example] = []
    for path in corpus_files(folder):
        examples.extend(read_file(path))
    if not any(e.danger for e in examples) or all(e.danger for e in examples):
        raise CorpusError(f"{folder}: needs both danger_now and not_danger files (the detector is trained from them)")
    return examples


def from_nlu(pairs: Iterable[Tuple[str, str]], emergency_intent: str = "emergency",
             skip_intents: Sequence[str] = ("other_language",)) -> List[Example]:
    """NLU (text, intent) pairs as detector examples: emergency is danger now, the rest is not."""
    return [Example(text, intent == emergency_intent, situation=intent, kind="nlu")
            for text, intent in pairs if text.strip() and intent not in skip_intents]


def corpus_files(folder: Path) -> List[Path]:
    return sorted(Path(folder).glob("*.yml"))
