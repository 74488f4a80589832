"""The 14 crime-prevention strands and which NLU intent belongs to which strand.

`data/strands.yml` is the single source; everything else asks this module.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Optional, Tuple

import yaml

STRAND_IDS: Tuple[str, ...] = (
    "knife_crime",
    "rape_sexual_offences",
    "night_time_economy",
    "places_asb",
    "burglary_robbery",
    "prevent_radicalisation",
    "hate_crime",
    "county_lines_exploitation",
    "serious_organised_crime",
    "cybercrime_fraud",
    "child_abuse_cse",
    "domestic_abuse",
    "drugs_alcohol",
    "mental_health",
)
EMERGENCY = "emergency"
OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True)
class StrandMap:
    titles: Dict[str, str]
    intent_to_label: Dict[str, Optional[str]]  # strand id, "emergency", "out_of_scope" or None

    def strand_for_intent(self, intent: Optional[str]) -> Optional[str]:
        """Strand id, `out_of_scope`, or None (small talk, emergency, unknown).

        Emergency is reported separately by triage, so it maps to None here.
        """
        label = self.intent_to_label.get(intent or "")
        return None if label == EMERGENCY else label

    def label_for_intent(self, intent: Optional[str]) -> Optional[str]:
        """Like strand_for_intent but keeps `emergency` (used by the evaluation)."""
        return self.intent_to_label.get(intent or "")

    def title(self, strand: str) -> str:
        return self.titles[strand]

    @property
    def intents(self) -> Tuple[str, ...]:
        return tuple(self.intent_to_label)


def load_strand_map(path: Path) -> StrandMap:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    strands = raw.get("strands") or {}
    unknown = set(strands) - set(STRAND_IDS)
    missing = set(STRAND_IDS) - set(strands)
    if unknown or missing:
        raise ValueError(f"{path}: strands must be exactly the 14 ids; unknown {sorted(unknown)}, missing {sorted(missing)}")
    mapping: Dict[str, Optional[str]] = {}

    def claim(intent: str, label: Optional[str]) -> None:
        if intent in mapping:
            raise ValueError(f"{path}: intent {intent!r} is mapped twice")
        mapping[intent] = label

    titles = {}
    for strand_id, entry in strands.items():
        titles[strand_id] = entry["title"]
        for intent in entry["intents"]:
            claim(intent, strand_id)
    for label, intents in (raw.get("special") or {}).items():
        if label not in (EMERGENCY, OUT_OF_SCOPE):
            raise ValueError(f"{path}: unknown special label {label!r}")
        for intent in intents:
            claim(intent, label)
    for intent in raw.get("conversational") or []:
        claim(intent, None)
    return StrandMap(titles=titles, intent_to_label=mapping)


@lru_cache(maxsize=4)
def strand_map(path: Optional[Path] = None) -> StrandMap:
    if path is None:
        from bot.settings import get_settings

        path = get_settings().strands_file
    return load_strand_map(path)
