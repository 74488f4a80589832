"""NI_NUMBER: National Insurance numbers with HMRC's prefix rules ("AB 12 34 56 C").

The prefix's first letter is never D, F, I, Q, U or V, the second never D, F, I, O, Q, U or V, and
BG, GB, NK, KN, TN, NT, ZZ are never issued. The specimen prefix QQ is redacted anyway: residents
copy it from forms. The digits may be grouped any way ("AB 123 456 C", "AB 1234 56 C"). Without
the suffix letter a number counts only after an NI cue.
"""
from __future__ import annotations

import re
from typing import List, Sequence, Tuple

from bot.redaction.base import Recognizer, Span

_NI_PREFIX = r"(?:[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]|QQ)"
# The six digits in any grouping people type: "12 34 56", "123 456", "1234 56", "123456".
_NI_DIGITS = r"\d(?:[ \-]?\d){5}"
_NI_RE = re.compile(
    r"\b(?P<prefix>" + _NI_PREFIX + r")[ \-]?" + _NI_DIGITS + r"[ \-]?[A-D]\b", re.I
)
_NI_CUED_RE = re.compile(
    r"\b(?:ni|n\.i\.?|nino|national\s+insurance)(?:\s+(?:number|no\.?|num|#))?\s*(?:is|was|:|-)?\s*"
    r"(?P<ni>(?P<prefix>" + _NI_PREFIX + r")[ \-]?" + _NI_DIGITS + r")(?![ \-]?[A-D]\b)\b",
    re.I,
)
_NI_BAD_PREFIXES = frozenset({"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})


class NiNumberRecognizer(Recognizer):
    """National Insurance numbers."""

    kind = "NI_NUMBER"

    def analyze(self, text: str, taken: Sequence[Tuple[int, int]] = ()) -> List[Span]:
        out: List[Span] = []
        for m in _NI_RE.finditer(text):
            if m.group("prefix").upper() not in _NI_BAD_PREFIXES:
                out.append((m.start(), m.end(), self.kind))
        for m in _NI_CUED_RE.finditer(text):
            if m.group("prefix").upper() not in _NI_BAD_PREFIXES:
                out.append((m.start("ni"), m.end("ni"), self.kind))
        return out
