"""PHONE: UK and international phone numbers, checked with ``phonenumbers`` (libphonenumber).

Candidates are runs of digit groups ("07700 900123", "+44 (0)7700-900-123", "0 7 7 0 0 ..."); the
longest prefix of a run that is a phone number wins, so "07700 900123 2 times" keeps "2".

Validation:
* UK numbers (0..., +44, 0044): libphonenumber's ``is_valid_number``, OR a number it calls
  *possible* in a personal range (01, 02, 03, 05, 07, 08). The fallback is deliberate: the library
  rejects Ofcom's drama ranges (07700 900xxx, 01632 960xxx) and ranges allocated after its
  metadata was built, yet a resident's number there is still personal data; leaking one costs
  more than redacting a mistyped one.
* Other countries (+48 ..., 0040 ...): ``is_valid_number`` only. A bare "+1500" is not a phone.
* Service and helpline numbers (static list + referral directory) are never redacted; a service
  number's digits at the start of a longer personal number do not hide it.
* A mobile typed without its leading 0 ("my number is 7700 900123") counts only after a cue.
"""
from __future__ import annotations

import re
from typing import Any, List, Optional, Sequence, Tuple

from bot.redaction.base import Recognizer, Span
from bot.redaction.resources import Resources, uk_national

_PHONE_RUN_RE = re.compile(r"(?<![\w+£$€/])(?:\+\s?|\(\+?)?\d(?:[ \-.()]{1,3}\d|\d)*\)?")
_DIGIT_GROUP_RE = re.compile(r"\d+")
_PHONE_CUE_RE = re.compile(
    r"\b(?:number|no|num|mobile|mob|tel|telephone|phone|ring|call|text|contact|whatsapp|on)\b"
    r"(?:\s+(?:is|was|are|me|on))*[\s:.\-]*$",
    re.I,
)
_UK_PERSONAL_RANGES = "123578"

Group = Tuple[int, int, str]


class PhoneRecognizer(Recognizer):
    """Phone numbers, minus the service numbers the assistant gives out."""

    kind = "PHONE"

    def load(self, resources: Resources) -> None:
        import phonenumbers

        self._pn: Any = phonenumbers
        self._service = resources.service_numbers

    def analyze(self, text: str, taken: Sequence[Tuple[int, int]] = ()) -> List[Span]:
        out: List[Span] = []
        for run in _PHONE_RUN_RE.finditer(text):
            s = run.group()
            groups = [(g.start(), g.end(), g.group()) for g in _DIGIT_GROUP_RE.finditer(s)]
            plus_run = s.lstrip("(").startswith("+")
            i = 0
            while i < len(groups):
                best, service_hit = self._longest(groups, i, plus_run and i == 0)
                if best is None:
                    best = self._bare_mobile(text, run.start(), s, groups, i)
                    if best is not None:
                        out.append((run.start() + groups[i][0], run.start() + groups[best][1], self.kind))
                        i = best + 1
                    else:
                        i += 1
                    continue
                if not service_hit:
                    start = run.start() + (0 if i == 0 else groups[i][0])
                    end = run.start() + groups[best][1]
                    if i == 0 and s.startswith("(") and ")" not in s[: groups[best][1]]:
                        start += 1  # a lone opening bracket is not part of the number
                    out.append((start, end, self.kind))
                i = best + 1
        return out

    def _longest(self, groups: Sequence[Group], i: int, plus: bool) -> Tuple[Optional[int], bool]:
        """Last group index of the phone number starting at group i, and whether it is a service number."""
        best: Optional[int] = None
        service_hit = False
        digits = ""
        for k in range(i, min(len(groups), i + 12)):
            digits += groups[k][2]
            if len(digits) > 15:
                break
            national = uk_national(digits, plus)
            if national is None and not (plus or digits.startswith("00")):
                break
            if self.is_phone(digits, plus):
                if digits in self._service or (national is not None and national in self._service):
                    service_hit = True
                    best = k
                elif not service_hit:
                    best = k
                else:
                    break
        return best, service_hit

    def is_phone(self, digits: str, plus: bool) -> bool:
        """Is the dialled ``digits`` (``plus``: typed after '+') a phone number?"""
        pn = self._pn
        if (plus and not digits.startswith("44")) or (digits.startswith("00") and not digits.startswith("0044")):
            international = digits if plus else digits[2:]
            try:
                return len(international) >= 8 and pn.is_valid_number(pn.parse("+" + international, None))
            except pn.NumberParseException:
                return False
        national = uk_national(digits, plus)
        if national is None or not _uk_shape(national):
            return False
        try:
            number = pn.parse(national, "GB")
        except pn.NumberParseException:
            return False
        return pn.is_valid_number(number) or pn.is_possible_number(number)

    @staticmethod
    def _bare_mobile(text: str, run_start: int, s: str, groups: Sequence[Group], i: int) -> Optional[int]:
        """'my number is 7700 900123': ten digits starting 7 right after a phone word."""
        if not groups[i][2].startswith("7") or (i == 0 and s.lstrip("(").startswith("+")):
            return None
        if not _PHONE_CUE_RE.search(text, max(0, run_start + groups[i][0] - 30), run_start + groups[i][0]):
            return None
        digits = ""
        for k in range(i, min(len(groups), i + 12)):
            digits += groups[k][2]
            if len(digits) == 10:
                return k
            if len(digits) > 10:
                return None
        return None


def _uk_shape(national: str) -> bool:
    """Length and leading digit of a UK number in a personal range (no 09 premium, no 04/06)."""
    if len(national) not in (10, 11) or national[1] not in _UK_PERSONAL_RANGES:
        return False
    return len(national) == 11 or national[1] in "18"
