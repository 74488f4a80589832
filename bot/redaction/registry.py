"""Runs the recognizers over a message and keeps one answer per stretch of text.

Overlaps are resolved by rank, then length: a more specific kind beats a looser one ("jo@x.com"
is an EMAIL, not a SOCIAL_HANDLE "@x"; a Luhn-valid card beats the phone-shaped digits inside it).
Placeholders already in the text ("[NAME]") are protected, so redacting twice changes nothing.
Recognizers marked ``after_structured`` (names) run second and see the spans already taken.
"""
from __future__ import annotations

import bisect
from typing import Dict, Iterable, List, Sequence, Tuple

from bot.redaction.base import PLACEHOLDER_RE, TYPES, Recognizer, Span
from bot.redaction.resources import Resources

# When two detections overlap, the earlier kind here wins (then the longer one).
RANK: Tuple[str, ...] = (
    "EMAIL", "URL", "BANK_ACCOUNT", "CARD", "NI_NUMBER", "PHONE", "IP_ADDRESS", "POSTCODE",
    "VEHICLE_REG", "DOB", "ADDRESS", "SOCIAL_HANDLE", "NAME",
)
_RANK: Dict[str, int] = {kind: i for i, kind in enumerate(RANK)}
assert set(RANK) == set(TYPES)

# Same-length normalisation (offsets stay valid): no-break and thin spaces, Unicode dashes and
# curly apostrophes typed or pasted inside numbers and names.
_SAME_LENGTH = {
    **{cp: " " for cp in (0x00A0, 0x2007, 0x2009, 0x200A, 0x202F, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x205F)},
    **{cp: "-" for cp in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2212, 0xFE63, 0xFF0D)},
    0x2019: "'", 0x2018: "'", 0x02BC: "'",
}


class RecognizerRegistry:
    """An ordered set of recognizers and the overlap rule between them."""

    def __init__(self, recognizers: Iterable[Recognizer]) -> None:
        self.recognizers: List[Recognizer] = list(recognizers)
        unknown = [r.kind for r in self.recognizers if r.kind not in _RANK]
        if unknown:
            raise ValueError(f"recognizers of unknown kinds: {unknown}")

    def load(self, resources: Resources) -> None:
        for rec in self.recognizers:
            rec.load(resources)

    def analyze(self, text: str) -> List[Span]:
        """Sorted, non-overlapping spans of personal data in ``text``."""
        text = text.translate(_SAME_LENGTH)
        protected = [(m.start(), m.end()) for m in PLACEHOLDER_RE.finditer(text)]
        first: List[Span] = []
        for rec in self.recognizers:
            if not rec.after_structured:
                first += rec.analyze(text, protected)
        accepted = resolve(first, protected)
        taken = protected + [(s, e) for s, e, _ in accepted]
        second: List[Span] = []
        for rec in self.recognizers:
            if rec.after_structured:
                second += rec.analyze(text, taken)
        accepted += resolve(second, taken)
        accepted.sort()
        return accepted


def resolve(candidates: Iterable[Span], protected: Sequence[Tuple[int, int]] = ()) -> List[Span]:
    """Keep non-overlapping candidates: better rank first, then longer. ``protected`` wins over all."""
    starts: List[int] = []
    ends: List[int] = []

    def free(start: int, end: int) -> bool:
        k = bisect.bisect_right(starts, start)
        if k > 0 and ends[k - 1] > start:
            return False
        return not (k < len(starts) and starts[k] < end)

    def add(start: int, end: int) -> None:
        k = bisect.bisect_right(starts, start)
        starts.insert(k, start)
        ends.insert(k, end)

    for start, end in sorted(protected):
        if free(start, end):
            add(start, end)
    out: List[Span] = []
    for start, end, kind in sorted(set(candidates), key=lambda c: (_RANK[c[2]], -(c[1] - c[0]), c[0])):
        if start < end and free(start, end):
            add(start, end)
            out.append((start, end, kind))
    return out
