"""DOB: a date after a birth cue ("born 12/03/1985", "dob 1.2.90", "date of birth 3rd March 1990",
"born in 1985"), or just before "(dob)". Only the date is replaced; the cue stays.

Dates without a birth cue are incident dates and are kept ("it happened on 12/03/2023").
"""
from __future__ import annotations

import re
from typing import List, Sequence, Tuple

from bot.redaction.base import Recognizer, Span

_MONTH_RE = (
    r"(?:january|jan|february|febuary|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug|"
    r"september|sept|sep|october|oct|november|nov|december|dec)\b\.?"
)
_YEAR_RE = r"(?:(?:19|20)\d{2}\b|'\d{2}\b)"
_DATE_RE = (
    r"(?:\d{1,2}\s*[/.\-]\s*\d{1,2}(?:\s*[/.\-]\s*(?:19|20)?\d{2})?(?![\d/.\-]*\d)"
    r"|(?:19|20)\d{2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{1,2}\b"
    r"|\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?\s+" + _MONTH_RE + r"(?:,?\s+(?:(?:19|20)\d{2}\b|'?\d{2}\b))?"
    r"|" + _MONTH_RE + r"\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+" + _YEAR_RE + r")?"
    r"|" + _MONTH_RE + r",?\s+(?:19|20)\d{2}\b"
    r"|(?:19|20)\d{2}\b(?![/.\-]\d)"
    r"|\d{6}(?:\d{2})?\b)"
)
_DOB_CUE_RE = (
    r"(?:\bborn\b|\bdobs?\b|\bd\.\s?o\.\s?b\b\.?|\bdate\s+of\s+birth\b|\bbirth\s*date\b|"
    r"\bbirthdays?\b|\bb'?days?\b|\bbirthday\s+is\b)"
)
_DOB_RE = re.compile(
    _DOB_CUE_RE + r"(?:[\s:;,=\-–—()]*(?:is|was|on|the|in|of|at|being|are|were|which|that|its|it's|:)\b){0,4}[\s:;,=\-–—()]*"
    r"(?P<date>" + _DATE_RE + r")",
    re.I,
)
_DOB_AFTER_RE = re.compile(
    r"(?<![\w/.])(?P<date>\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*(?:19|20)?\d{2}"
    r"|\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?\s+" + _MONTH_RE + r",?\s+(?:19|20)\d{2})"
    r"\s*[(\[\-,]?\s*(?:dob|d\.o\.b\.?|date\s+of\s+birth)\b",
    re.I,
)
_DOB_MORE_RE = re.compile(
    r"\s*(?:,|and|&)\s*(?:(?:his|hers?|mine|my|the|their)\s+(?:(?:is|was)\s+)?)?"
    r"(?P<date>" + _DATE_RE + r")",
    re.I,
)
_CUE_WORDS = ("born", "dob", "d.o", "birth", "bday", "b'day")


class DobRecognizer(Recognizer):
    """Dates of birth, recognised by their cue."""

    kind = "DOB"

    def analyze(self, text: str, taken: Sequence[Tuple[int, int]] = ()) -> List[Span]:
        out: List[Span] = []
        low = text.lower()
        if not any(cue in low for cue in _CUE_WORDS):
            return out
        for m in _DOB_RE.finditer(text):
            out.append((m.start("date"), m.end("date"), self.kind))
            pos = m.end()
            while True:
                more = _DOB_MORE_RE.match(text, pos)
                if not more:
                    break
                out.append((more.start("date"), more.end("date"), self.kind))
                pos = more.end()
        for m in _DOB_AFTER_RE.finditer(text):
            out.append((m.start("date"), m.end("date"), self.kind))
        return out
