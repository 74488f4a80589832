"""How hard a piece of text is to read: Flesch reading ease and a UK reading-age estimate.

Flesch reading ease  = 206.835 - 1.015 x (words per sentence) - 84.6 x (syllables per word)
Flesch-Kincaid grade = 0.39 x (words per sentence) + 11.8 x (syllables per word) - 15.59
Reading age (years)  = grade + 5 (US grade 1 is roughly age 6)

Syllables are estimated from vowel groups, which is wrong for some words but right on average;
these are guides for editors, not verdicts. Phone numbers and web addresses count as one short
word each, so "call 0800 555 111" does not look easier (or harder) than it is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

READING_AGE_LIMIT = 13.0  # warn above this; the Plain English Campaign aims at about 12-14

_NUMBER_RUN = re.compile(r"\d[\d ]*\d|\d")
_ADDRESS = re.compile(r"\S+(\.|@)\S+\.\S+")  # essex.police.uk, jo@samaritans.org
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def count_syllables(word: str) -> int:
    word = word.lower().strip("'’")
    if not word:
        return 0
    if word.isdigit():
        return 1
    word = re.sub(r"['’]s$", "", word)
    count = len(_VOWEL_GROUPS.findall(word))
    # Silent endings: "make", "used", "boxes" lose a group; "table", "needed", "worried" keep it.
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    elif word.endswith("ed") and len(word) > 3 and word[-3] not in "aeiouytd" and count > 1:
        count -= 1
    elif word.endswith("es") and not word.endswith(("ses", "zes", "ches", "shes", "ges", "ces", "xes")) and count > 1:
        count -= 1
    # Two vowels that are two sounds (radio, period, actual), but not in -tion, -sion, -cial, -gion.
    count += len(re.findall(r"(?<![tscgx])(?:ia|io|ua|uo|iu)", word))
    return max(1, count)


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    syllables: int

    @property
    def words_per_sentence(self) -> float:
        return self.words / max(1, self.sentences)

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / max(1, self.words)

    @property
    def reading_ease(self) -> float:
        """0-100; higher is easier. 60-70 is plain English; 80+ is easy."""
        return 206.835 - 1.015 * self.words_per_sentence - 84.6 * self.syllables_per_word

    @property
    def grade(self) -> float:
        return 0.39 * self.words_per_sentence + 11.8 * self.syllables_per_word - 15.59

    @property
    def reading_age(self) -> float:
        return max(5.0, self.grade + 5.0)


def measure(text: str) -> Readability:
    text = _ADDRESS.sub("site", text)
    text = _NUMBER_RUN.sub("0", text)
    sentences = [s for s in _SENTENCE_END.split(text) if _WORD.search(s)]
    words = _WORD.findall(text)
    return Readability(words=len(words), sentences=max(1, len(sentences)), syllables=sum(count_syllables(w) for w in words))


def reading_age(text: str) -> float:
    return measure(text).reading_age


def reading_ease(text: str) -> float:
    return measure(text).reading_ease


def longest_sentence(text: str) -> str:
    sentences = [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
    return max(sentences, key=lambda s: len(_WORD.findall(s)), default="")
