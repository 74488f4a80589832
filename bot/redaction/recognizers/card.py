"""CARD: payment card numbers: 13-19 digits, spaces or dashes allowed, Luhn-valid only.

A card's last four digits ("card ending 1234") are kept: they identify nothing on their own. A
phone's IMEI is Luhn-checked too but identifies a stolen handset, so it is kept after "imei".
"""
from __future__ import annotations

import re
from typing import List, Optional, Sequence, Tuple

from bot.redaction.base import Recognizer, Span, has_context, luhn_valid

_CARD_RUN_RE = re.compile(r"(?<![\w£$€/.,])\d+(?:[ \-]\d+)*(?![\w/])")
_DIGIT_GROUP_RE = re.compile(r"\d+")
_IMEI_CUE_RE = re.compile(r"\b(?:imei|serial)\b", re.I)


class CardRecognizer(Recognizer):
    """Luhn-valid payment card numbers."""

    kind = "CARD"

    def analyze(self, text: str, taken: Sequence[Tuple[int, int]] = ()) -> List[Span]:
        out: List[Span] = []
        for run in _CARD_RUN_RE.finditer(text):
            s = run.group()
            if len(s) < 13:
                continue
            groups = [(g.start(), g.end(), g.group()) for g in _DIGIT_GROUP_RE.finditer(s)]
            i = 0
            while i < len(groups):
                found = _card_end(groups, i)
                if found is None:
                    i += 1
                    continue
                start = run.start() + groups[i][0]
                if not has_context(text, start, _IMEI_CUE_RE, window=25):
                    out.append((start, run.start() + groups[found][1], self.kind))
                i = found + 1
        return out


def _card_end(groups: Sequence[Tuple[int, int, str]], i: int) -> Optional[int]:
    """Index of the last group of the longest card number starting at group i, or None."""
    for k in range(min(len(groups), i + 7) - 1, i - 1, -1):
        chunk = groups[i : k + 1]
        digits = "".join(g[2] for g in chunk)
        if not 13 <= len(digits) <= 19:
            continue
        if len(chunk) > 1 and any(len(g[2]) < 3 for g in chunk):
            continue
        if digits[0] == "0" or len(set(digits)) == 1 or not luhn_valid(digits):
            continue
        return k
    return None
