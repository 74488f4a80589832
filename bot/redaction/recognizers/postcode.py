"""POSTCODE: full UK postcodes ("CM1 1AA", "co43sq"). An outward code alone ("CM1") is kept:
it names a district of thousands of homes, and residents use it to say where a problem is."""
from __future__ import annotations

import re
from typing import List, Sequence, Tuple

from bot.redaction.base import Recognizer, Span

_POSTCODE_RE = re.compile(
    r"\b(?P<out>[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?|GIR)[ \t]{0,2}(?P<in>\d[ABD-HJLNP-UW-Z]{2})\b", re.I
)


class PostcodeRecognizer(Recognizer):
    """Full UK postcodes."""

    kind = "POSTCODE"

    def analyze(self, text: str, taken: Sequence[Tuple[int, int]] = ()) -> List[Span]:
        out: List[Span] = []
        for m in _POSTCODE_RE.finditer(text):
            inward = m.group("in")
            if inward[1:].islower() and inward[1:] in ("st", "nd", "rd", "th"):
                continue  # "the m1 1st exit"
            out.append((m.start(), m.end(), self.kind))
        return out
