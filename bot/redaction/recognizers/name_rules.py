"""Token rules of the name recognizer: is this token a name, where does the name end?

Kept apart from the cue scan in :mod:`names` so the gazetteer decisions (first names, ambiguous
names such as Grace, word-names such as Will, surnames) can be read and tested on their own.
``local.caps`` is False for a Title Case Message (or one in capitals), where a capital letter is
no evidence of a name; it is per thread because one redactor serves every conversation.
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Optional

from bot.redaction.base import fold as _fold
from bot.redaction.recognizers.address import STREET_SUFFIX_SET
from bot.redaction.recognizers.name_lexicon import (
    BE_WORDS,
    INSTITUTIONS,
    MONTHS,
    NAMING_NOUNS,
    NOT_NAME,
    NOT_NAME_LOWER,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    PLACE_PREPOSITIONS,
    SENTENCE_END,
    TITLES_ANYCASE,
    TITLES_EXACT,
    VERBISH_RE,
    WEEKDAYS,
    WORD_SURNAMES,
    is_alpha_word,
    is_titlecase,
)
from bot.redaction.resources import Resources

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

_STREET_OR_INSTITUTION = STREET_SUFFIX_SET | INSTITUTIONS
_SURNAME_PARTICLES = frozenset("van de da di von der den al el bin ibn".split())
# Word-names that are modal verbs or seasons: never a name in lower case ("my ex will kill me").
_NEVER_LOWER = frozenset("will may can summer".split())
# After these a lower-case word-name reads as a verb or noun: "my son drew a picture", "pat me".
_NOT_AFTER_LOWER_NAME = frozenset(
    "me him her us them you it the a an my his your their our of off out up down into onto to "
    "holiday holidays camp school bill bills".split()
)


class NameRules:
    """The gazetteers and the word-level rules built on them."""

    def __init__(self, res: Resources) -> None:
        self.strong = res.first_names
        self.ambiguous = res.ambiguous_names
        self.wordnames = res.word_names
        self.surnames = res.surnames
        self.all_names = self.strong | self.ambiguous | self.wordnames
        self.stop = res.stop_words
        self.places = res.places
        self.local = threading.local()

    def lower_word_name_ok(self, doc: Doc, i: int) -> bool:
        """"my ex mark has ...": after a relation word a lower-case word-name is a name unless it
        is a modal ("my ex will kill me") or reads as a verb or noun ("my son drew a picture")."""
        if doc[i].lower_ in _NEVER_LOWER:
            return False
        nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
        return nxt not in _NOT_AFTER_LOWER_NAME

    def cap(self, text: str) -> bool:
        """Capitalised, and capitals carry meaning in the current message."""
        return is_titlecase(text) and getattr(self.local, "caps", True)

    @staticmethod
    def skip_quotes(doc: Doc, i: int) -> int:
        while i < len(doc) and doc[i].text in {'"', "'", "“", "‘", ":", "-", "–", ",", "("}:
            i += 1
        return i

    @staticmethod
    def sentence_start(doc: Doc, i: int) -> bool:
        j = i - 1
        while j >= 0 and doc[j].text in {'"', "'", "“", "‘", "(", "-", "*"}:
            j -= 1
        if j < 0:
            return True
        prev = doc[j]
        return prev.text in SENTENCE_END or (prev.is_space and "\n" in prev.text) or "\n" in prev.whitespace_

    def not_person_context(self, doc: Doc, i: int) -> bool:
        """The name is part of a street, school, hospital, law or saint's name."""
        n = len(doc)
        if i > 0 and doc[i - 1].lower_ in ("st", "st.", "saint"):
            return True
        if i + 1 < n:
            nxt = doc[i + 1].lower_
            if nxt in STREET_SUFFIX_SET or nxt in INSTITUTIONS:
                # "Sarah Green", "Rebecca Hall" are people; "on Victoria Green" is a place
                if nxt in self.surnames and (i == 0 or doc[i - 1].lower_ not in PLACE_PREPOSITIONS):
                    return False
                return True
            if nxt in ("'s", "’s", "s") and i + 2 < n and (
                doc[i + 2].lower_ in INSTITUTIONS or doc[i + 2].lower_ in STREET_SUFFIX_SET
            ):
                return True
        return False

    def cue_name_ok(self, tok: Token, blocked: bytearray, strong: bool) -> bool:
        """Is ``tok`` a name after a cue? strong: "my name is", "a man called"; else "known as"."""
        if blocked[tok.i] or not is_alpha_word(tok.text):
            return False
        low = _fold(tok.text)
        title = self.cap(tok.text)
        if low in self.strong or low in self.ambiguous:
            return True
        if low in self.wordnames:
            return strong or title
        if low in self.stop or low in NOT_NAME or low in self.places or low in MONTHS \
                or low in WEEKDAYS or low in PERSON_NOUNS or low in STREET_SUFFIX_SET \
                or low in TITLES_ANYCASE or tok.text in TITLES_EXACT:
            return False
        if title:
            return True
        # a lower-case word we do not know: only after a strong cue, and not a verb or plural
        return strong and not VERBISH_RE.search(low) and low not in NOT_NAME_LOWER

    def naming_called(self, doc: Doc, c: int) -> Optional[str]:
        """Is "called"/"named" at token c the naming sense? "noun" for "a lad called X" (any word
        may follow, even lower case), "be" for "he's called X" (a known or capitalised name),
        None for the verb ("I called Tesco", "someone called pretending to be ...")."""
        if c == 0:
            return None
        prev = doc[c - 1].lower_
        if prev in PERSON_PRONOUNS or prev in ("we", "you", "and", "then", "had", "have", "just", "also"):
            return None
        if prev in NAMING_NOUNS:
            return "noun"
        if prev in PERSON_NOUNS or prev in ("somebody", "someone", "one", "name"):
            return "be"
        if prev in BE_WORDS and c >= 2:
            pp = doc[c - 2].lower_
            if pp in PERSON_NOUNS or pp in PERSON_PRONOUNS or pp in ("who", "that"):
                return "be"
            # "the man who's harassing me is called X": a person noun heads the clause before it
            for j in range(c - 2, max(-1, c - 10), -1):
                t = doc[j]
                if t.text in SENTENCE_END or t.text in (",", ";"):
                    break
                if t.lower_ in NAMING_NOUNS and j + 1 < c - 1 and doc[j + 1].lower_ in ("who", "that", "whos", "who's"):
                    return "be"
            return None
        if prev == "," and c >= 2 and doc[c - 2].lower_ in PERSON_NOUNS:
            return "be"
        return None

    def surname_ok(self, tok: Token, capital_only: bool = False) -> bool:
        text_ = tok.text
        if not is_alpha_word(text_):
            return False
        low = _fold(tok.text)
        if low in self.stop or low in NOT_NAME or low in self.places or low in MONTHS \
                or low in WEEKDAYS or low in STREET_SUFFIX_SET or low in INSTITUTIONS \
                or low in PERSON_NOUNS:
            return low in self.surnames and low not in self.stop
        if self.cap(text_):
            return True
        if is_titlecase(text_) or text_.isupper():
            return low in self.surnames  # capitals say nothing here: only a known surname
        return not capital_only and low in self.surnames and low not in WORD_SURNAMES

    def extend(self, doc: Doc, i: int, blocked: bytearray) -> int:
        """End (exclusive) of the name that starts at token i: joins "Mary-Jane" and surnames."""
        n = len(doc)
        j = i + 1
        j = self.hyphen_join(doc, j, blocked)
        added = 0
        while j < n and added < 2 and not blocked[j] and doc[j - 1].whitespace_:
            tok = doc[j]
            if tok.lower_ in _SURNAME_PARTICLES \
                    and j + 1 < n and is_titlecase(doc[j + 1].text) and not blocked[j + 1]:
                j += 1
                tok = doc[j]
            if not self.surname_ok(tok):
                break
            if self.not_person_context(doc, j) and tok.lower_ not in self.surnames:
                break
            if j + 1 < n and doc[j + 1].lower_ in _STREET_OR_INSTITUTION:
                break  # "Sarah at Victoria Road" is handled elsewhere; "John Lewis Road" is a street
            j += 1
            added += 1
            j = self.hyphen_join(doc, j, blocked)
        return j

    @staticmethod
    def hyphen_join(doc: Doc, j: int, blocked: bytearray) -> int:
        n = len(doc)
        while (j + 1 < n and doc[j].text in ("-", "‐") and not doc[j - 1].whitespace_
               and not doc[j].whitespace_ and is_alpha_word(doc[j + 1].text) and not blocked[j + 1]
               and doc[j + 1].text[:1].isupper()):
            j += 2
        return j