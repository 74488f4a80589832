"""What a resident's message tells us beyond the strand: where they are, who it is about, the topic."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, Optional

import yaml

# Who the question is about -> the content `audience` value. First match wins, so the more specific
# cues come first ("my mum" is an older person even though a mum is also family).
_AUDIENCE_CUES = (
    ("business", r"\b(shop|business|pub|bar|club|restaurant|cafe|takeaway|my staff|employees?|customers?|premises|company|landlord)\b"),
    ("older_person", r"\b(mum|mom|mother|dad|father|nan|nanna|nana|gran|granny|grandma|grandad|grandfather|grandmother|elderly|pensioner|older (person|people|man|woman|neighbour)|old (man|lady|woman|people))\b"),
    ("parent", r"\b(my|our) (son|daughter|child|children|kid|kids|boy|girl|teen|teenager|lad|little one|baby|toddler|step ?(son|daughter)|\d+ ?(yr|year)s? old)\b"),
    ("professional", r"\b(teacher|youth worker|social worker|nurse|gp|carer|support worker|professional|safeguarding lead|coach)\b"),
    ("young_person", r"\b(i'?m|i am) (1[0-7]|a teenager|in year \d+|at school|in sixth form)\b"),
    ("family_friend", r"\b(my|our) (friend|mate|sister|brother|partner|wife|husband|cousin|neighbour|colleague|flatmate|boyfriend|girlfriend)\b"),
    ("victim", r"\b(happened to me|i was|i've been|i have been|i got)\b"),
)

# Words that say "more of the same strand" rather than naming a topic.
_FILLER = set("""a an and the if it its it's is are was were what about how do does can could should would i me my we our
you your they them their he she his her this that these those for of to in on at with from or but so just also too
already did done tried that's then there here any more else other tips advice help please thanks ok okay yes no not""".split())


@lru_cache(maxsize=4)
def _place_index(path: Path) -> Dict[str, str]:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return {place.lower(): district for district, places in raw.items() for place in places}


def district_for_place(place: Optional[str], districts_file: Path) -> Optional[str]:
    if not place:
        return None
    return _place_index(Path(districts_file)).get(place.strip().lower())


def district_in_text(text: str, districts_file: Path) -> Optional[str]:
    """The district of the first Essex place named in the text (longest names first)."""
    lowered = (text or "").lower()
    index = _place_index(Path(districts_file))
    for place in sorted(index, key=len, reverse=True):
        if re.search(rf"\b{re.escape(place)}\b", lowered):
            return index[place]
    return None


def audience_in_text(text: str) -> Optional[str]:
    lowered = (text or "").lower()
    for audience, pattern in _AUDIENCE_CUES:
        if re.search(pattern, lowered):
            return audience
    return None


def topic_words(text: str) -> str:
    """The content words of a message, used to narrow to an advice item ("what about my shed?" -> "shed")."""
    words = re.findall(r"[a-z][a-z']+", (text or "").lower())
    return " ".join(w for w in words if w not in _FILLER)


def says_already_done(text: str) -> bool:
    return bool(re.search(r"\b(already (did|done|tried|have|got)|done that|tried that|did that|got that)\b", (text or "").lower()))


def first_unseen(items: Iterable, seen: Iterable[str]):
    seen_ids = set(seen)
    for item in items:
        if item.id not in seen_ids:
            return item
    return None
