"""Shared vocabulary of the redaction package: kinds, placeholders, results, the recognizer base.

A recognizer finds one kind of personal data (the shape Microsoft Presidio uses: patterns, context
words, validation). Recognizers never replace text themselves; the registry resolves overlaps and
the :class:`~bot.redaction.redactor.Redactor` writes the placeholders.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Dict, List, Sequence, Tuple

if TYPE_CHECKING:  # pragma: no cover - import cycle only for type checkers
    from bot.redaction.resources import Resources

TYPES: Tuple[str, ...] = (
    "NAME", "PHONE", "EMAIL", "POSTCODE", "ADDRESS", "VEHICLE_REG", "DOB", "CARD", "NI_NUMBER",
    "BANK_ACCOUNT", "SOCIAL_HANDLE", "IP_ADDRESS", "URL",
)
PLACEHOLDERS: Dict[str, str] = {t: f"[{t}]" for t in TYPES}
PLACEHOLDER_RE = re.compile(r"\[(?:%s)\]" % "|".join(TYPES))

Span = Tuple[int, int, str]


@dataclass(frozen=True)
class RedactionResult:
    """The redacted text and what was replaced: ``(start, end, type)`` in the ORIGINAL text.

    The original values are deliberately not kept here, so a result can be logged safely.
    """

    text: str
    spans: List[Span] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.spans)

    def counts(self) -> Dict[str, int]:
        out: Dict[str, int] = {}
        for _, _, kind in self.spans:
            out[kind] = out.get(kind, 0) + 1
        return out


class Recognizer:
    """Finds one kind of personal data. Subclasses set ``kind`` and implement :meth:`analyze`.

    ``after_structured`` recognizers (names) run once the structured kinds are settled and get
    their spans, so a word inside an e-mail or a street is never taken as a name.
    """

    kind: str = ""
    after_structured: bool = False

    def load(self, resources: "Resources") -> None:
        """Take what the recognizer needs from the shared data files (called once)."""

    def analyze(self, text: str, taken: Sequence[Tuple[int, int]] = ()) -> List[Span]:
        """Candidate spans of ``self.kind`` in ``text``; overlaps are resolved by the registry."""
        raise NotImplementedError


def has_context(text: str, start: int, cue: "re.Pattern[str]", window: int = 40) -> bool:
    """Is a context word (``cue``) within ``window`` characters before ``start``?"""
    return bool(cue.search(text, max(0, start - window), start))


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check used by payment cards. ``digits`` must be digits only."""
    if not digits or not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def digits_of(s: str) -> str:
    return "".join(ch for ch in s if ch.isdigit())


def fold(word: str) -> str:
    """Lower case without accents: 'Zoë' -> 'zoe', 'José' -> 'jose' ('ł' stays)."""
    low = word.lower()
    if low.isascii():
        return low
    return "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))


def read_list(path: Path) -> List[str]:
    """Lines of a list file without comments (``#`` to the end of the line) and blank lines."""
    out: List[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if line:
                out.append(line)
    return out
