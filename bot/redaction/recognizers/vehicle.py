"""VEHICLE_REG: current ("AB12 CDE"), prefix ("P123 ABC") and suffix ("ABC 123D") registrations,
and any format after a cue such as "reg".

Current-format plates count in any case. The older formats count in lower case only when the
message mentions a vehicle ("reg", "car", "van" ...), and never when the letters are a word, so
roads and distances ("a12 and", "run 5k", "the m25") are kept.

Makes and models (``vehicle_models.txt``) are never registrations: a model that looks like an
old-format plate ("BMW X5 reg", "Audi A3 reg", "Peugeot 208 GTI") is kept when a make stands
before it, and the vehicle words after a model ("X5 reg", "A3 mot") are not plate letters.
"""
from __future__ import annotations

import re
from typing import List, Optional, Sequence, Tuple

from bot.redaction.base import Recognizer, Span, fold
from bot.redaction.resources import Resources

_CURRENT_RE = re.compile(r"\b(?P<a>[A-Z]{2})(?P<sp1> ?)(?P<n>\d{2}) ?(?P<b>[A-Z]{3})\b", re.I)
_PREFIX_RE = re.compile(r"\b(?P<a>[A-HJ-NP-Y])(?P<n>[1-9]\d{0,2}) ?(?P<b>[A-Z]{3})\b", re.I)
_SUFFIX_RE = re.compile(r"\b(?P<b>[A-Z]{3}) ?(?P<n>[1-9]\d{0,2})(?P<a>[A-HJ-NP-TV-Y])\b", re.I)
_CUED_RE = re.compile(
    r"\b(?:reg|regs|registration|reg\.?\s*no\.?|number\s*plate|numberplate|plate|plates|private\s+plate)"
    r"(?:\s+(?:number|no\.?|was|is|of|:|-))*\s*[:\-]?\s*"
    r"(?P<reg>[A-Z]{1,3} ?\d{1,4}(?: ?[A-Z]{1,3})?|\d{1,4} ?[A-Z]{1,3})\b",
    re.I,
)
_VEHICLE_CUE_RE = re.compile(
    r"\b(?:car|cars|van|vans|reg|regs|registration|plates?|numberplate|vehicles?|motorbike|moped|"
    r"scooter|bike|lorry|truck|taxi|motor|drove|driving|driver|parked|parking|merc|mercedes|bmw|"
    r"audi|ford|vauxhall|corsa|fiesta|golf|transit|range\s*rover|honda|toyota|nissan|kia|hyundai|"
    r"peugeot|renault|citroen|volvo|skoda|seat|mini|jeep|tesla|fiat|4x4|suv|hatchback|motorcycle)\b",
    re.I,
)
# Three-letter groups that are words, so "a12 and", "run 5k", "m25 the" are not registrations.
_COMMON3 = frozenset(
    "the and for are but not you all any can had her was one our out day get has him his how man new "
    "now old see two way who boy did its let put say she too use via yes yet off far few got own run "
    "ran saw set sat big bad red top end lot fly car van bus cab mph hrs min ago ish lol omg etc pls "
    "plz asp per cos coz aka cam cap kid men mum dad nan bro sis gym pub job bed hit cut bag box "
    "key lad law war won wet why try tax sun son pay met may low led kit hot hey ice ill inn "
    "due dry eat egg eye fun gas god gun guy hat hid rob sad six ten tip toe toy zoo "
    # vehicle words after a model ("BMW X5 reg", "a black A3 mot"), not plate letters
    "reg mot gti tdi tsi amg".split()
)
_CUED_NOT_REG = frozenset({"is", "was", "no", "of", "a", "the", "it"})


class VehicleRecognizer(Recognizer):
    """UK vehicle registrations."""

    kind = "VEHICLE_REG"

    def load(self, resources: Resources) -> None:
        self._makes = resources.vehicle_makes
        self._models = resources.all_vehicle_models

    def _is_model(self, text: str, start: int, end: int) -> bool:
        """Does the match start with a model right after a make ("BMW X5 ...", "Land Rover ...")?"""
        first = fold(text[start:end].split(" ", 1)[0])
        if first not in getattr(self, "_models", ()):
            return False
        before = text[max(0, start - 30):start].split()
        return any(fold(" ".join(before[-k:])).strip(",.") in self._makes for k in (1, 2) if len(before) >= k)

    def analyze(self, text: str, taken: Sequence[Tuple[int, int]] = ()) -> List[Span]:
        out: List[Span] = []
        cued: Optional[bool] = None

        def has_cue() -> bool:
            nonlocal cued
            if cued is None:
                cued = bool(_VEHICLE_CUE_RE.search(text))
            return cued

        for m in _CURRENT_RE.finditer(text):
            a, b, g = m.group("a"), m.group("b"), m.group()
            if a[0].upper() in "IQZ":
                continue
            if m.group("sp1") and not (a.isupper() and b.isupper()):
                continue  # "is 12 men"
            if not g.replace(" ", "").isupper() and (b.lower() in _COMMON3 or a.lower() in _COMMON3):
                continue
            if not g.isupper() and not g.islower() and not has_cue():
                continue  # "Ab12 Cde"-like mixed case needs a vehicle word nearby
            out.append((m.start(), m.end(), self.kind))
        for rx in (_PREFIX_RE, _SUFFIX_RE):
            for m in rx.finditer(text):
                b = m.group("b")
                if b.lower() in _COMMON3:
                    continue
                if not (m.group("a") + b).isupper() and not has_cue():
                    continue
                if self._is_model(text, m.start(), m.end()):
                    continue
                out.append((m.start(), m.end(), self.kind))
        for m in _CUED_RE.finditer(text):
            reg = m.group("reg")
            letters = "".join(c for c in reg if c.isalpha())
            if not letters or letters.lower() in _COMMON3 or letters.lower() in _CUED_NOT_REG:
                continue
            if not any(c.isdigit() for c in reg):
                continue
            out.append((m.start("reg"), m.end("reg"), self.kind))
        return out
