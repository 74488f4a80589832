"""ADDRESS: a house number and a street ("12 High Street", "flat 3, 45 london road", "number 12
acacia avenue", "flat 12b Marlborough House"), and a number with one or two capitalised words before a comma and a
town ("2 Parkside, Witham", "7 The Maltings, Coggeshall"). A street without a number is kept: it names a
public place, not a home. A house number is an address even when it is a service number
("101 London Road").
"""
from __future__ import annotations

import re
from typing import List, Sequence, Tuple

from bot.redaction.base import Recognizer, Span

STREET_SUFFIXES: Tuple[str, ...] = tuple(
    "street st road rd avenue ave av lane ln close cl drive dr way crescent cres court ct place pl "
    "gardens gdns grove gr terrace terr tce walk mews hill rise park square sq parade pde row green "
    "view chase gate gates mead meadow meadows croft end wharf yard vale boulevard path approach "
    "field fields heights ride reach hollow grange dene leys lea glade copse dell pastures spinney "
    "orchard quay broadway causeway circus wood side house lodge mansions tower towers point "
    "apartments buildings cottages villas".split()
)
STREET_SUFFIX_SET = frozenset(STREET_SUFFIXES)

# Words that can never be the words of a street name between a house number and "Road" etc.:
# they show a count, a time or a sentence ("3 men walked down the road", "a 40 mph road").
_ADDRESS_BLOCK = (
    "a an and or but on in at of to from for with by into onto near round around outside inside "
    "behind past through up down off my our your his her their its this that these those i we you "
    "he she they it me us him them is was were are be been am has have had do did does not no so if "
    "then than just only also very too all some any every each few more most other another same "
    "such there here where when what who which how why about again ever never always now still yet "
    "can could will would should may might must shall while as get got go went come came away along "
    "across towards after before since until via per lol like "
    "am pm ish oclock o'clock year years yr yrs yo old month months week weeks day days hour hours "
    "hr hrs min mins minute minutes second seconds sec secs time times mile miles mph metre metres "
    "meter meters yards foot feet ft inch inches pound pounds quid grand k p pence star stars acre "
    "acres people men women lads boys girls kids children guys youths teenagers teens blokes cars car "
    "vans van bikes bike houses doors flats floors floor storey bed beds bedroom bedrooms percent "
    "different extra big small little large massive huge separate random young older occasions "
    "attempts calls texts messages missed lots bins windows parcels police officers cops times "
    "quarter half mins seconds nights night weekends bus buses"
).split()

_NUMWORD = r"\d{1,4}[a-z]?(?:\s*-\s*\d{1,4}[a-z]?)?"
_STREET_WORD = r"(?!(?:%s)\b)[a-z][a-z'’\-]*\.?" % "|".join(re.escape(w) for w in _ADDRESS_BLOCK)
_SUFFIX = r"(?:%s)" % "|".join(sorted(STREET_SUFFIXES, key=len, reverse=True))
_ADDRESS_RE = re.compile(
    r"(?<![\w/.:,£$€\-])(?P<addr>"
    r"(?:(?:flat|apartment|apt|unit|maisonette|room)\.?\s*(?:no\.?\s*)?\d{1,4}[a-z]?\b\s*,?\s*)?"
    r"(?:(?P<cue>(?:house\s+)?(?:number|no\.|no|num|nr|flat|apartment|apt|unit)\.?)\s*)?"
    + _NUMWORD
    + r"\b,?\s+"
    r"(?(cue)(?:(?:on|in|at|of|down|along|up)\s+)?|)"
    r"(?:the\s+" + _SUFFIX + r"|(?:" + _STREET_WORD + r"\s+){1,3}" + _SUFFIX + r")"
    r")\b\.?",
    re.I,
)


# A street named in one word ending in a street word: "2 Parkside", "14 Westgate", "9 Longfields".
_GLUED = r"(?:side|gate|gates|field|fields|way|wood|woods|mead|meade|croft|hill|hills|dene|view|green|park|" \
    r"lands|leys|ley|ridge|brook|bank|hurst|crest|holme|garth|moor)"
# A house number and one or two capitalised words, then a comma and a town: "2 Parkside, Witham".
_TOWN_AFTER_RE = re.compile(
    r"(?<![\w/.:,£$€\-])(?P<addr>(?:(?:flat|apartment|apt|unit)\.?\s*\d{1,4}[a-z]?\s*,?\s*)?"
    r"\d{1,4}[a-z]?\s+(?P<words>[A-Z][a-z'’\-]+(?:\s+[A-Z][a-z'’\-]+)?)),\s*(?P<town>[A-Z][A-Za-z'’\-]+(?:[ \-][A-Z][A-Za-z'’\-]+)?)"
)
_GLUED_RE = re.compile(r"^[A-Z][a-z]{2,}" + _GLUED + r"$")
_BLOCK_SET = frozenset(_ADDRESS_BLOCK)


class AddressRecognizer(Recognizer):
    """House number + street."""

    kind = "ADDRESS"

    def load(self, resources) -> None:  # type: ignore[no-untyped-def]
        self._places = resources.places

    def analyze(self, text: str, taken: Sequence[Tuple[int, int]] = ()) -> List[Span]:
        out = [(m.start("addr"), m.end("addr"), self.kind) for m in _ADDRESS_RE.finditer(text)]
        places = getattr(self, "_places", frozenset())
        for m in _TOWN_AFTER_RE.finditer(text):
            words = m.group("words").split()
            if any(w.lower() in _BLOCK_SET or w.lower() in places for w in words):
                continue
            town = m.group("town").lower()
            # "2 Parkside, Witham": a known town after the comma, or a street word glued to the name
            if town in places or town.split()[0] in places or (len(words) == 1 and _GLUED_RE.match(words[0])):
                if not any(s < m.end("addr") and m.start("addr") < e for s, e, _ in out):
                    out.append((m.start("addr"), m.end("addr"), self.kind))
        return out
