"""Personal-data redaction for conversation logs.

Residents type personal data even when asked not to. Everything the tracker store keeps or shows
goes through :func:`redact` / :func:`redact_event_data` first. Each piece of personal data is
replaced by a typed placeholder:

============= ===============================================================================
[NAME]        person names: after a naming cue ("my name is", "a lad called", "my ex dave",
              "Mrs Patel", "I'm Sarah"), first names from a gazetteer, "First Surname" pairs
[PHONE]       UK phone numbers (mobiles, landlines, 03/08 numbers; +44 / 0044 / (0) forms)
[EMAIL]       e-mail addresses, also "dave at gmail dot com" for common providers
[POSTCODE]    full UK postcodes ("CM1 1AA", "co43sq"); an outward code alone ("CM1") is kept
[ADDRESS]     house number + street ("12 High Street", "flat 3, 45 london road",
              "number 12 acacia avenue"); a street without a number is kept
[VEHICLE_REG] current ("AB12 CDE", "ab12cde"), prefix ("P123 ABC") and suffix ("ABC 123D")
              registrations; any format after a cue such as "reg"
[DOB]         a date after a birth cue ("born 12/03/1985", "dob 1.2.90", "date of birth 3rd
              March 1990", "born in 1985"); only the date is replaced, the cue stays
[CARD]        payment card numbers: 13-19 digits, spaces/dashes allowed, Luhn-valid only
[NI_NUMBER]   National Insurance numbers with the official prefix rules ("AB 12 34 56 C");
              the HMRC specimen prefix QQ is redacted too
============= ===============================================================================

Decisions (kept deliberately, tests pin them):

* Dates with no birth cue are incident dates, not DOBs: "on 12/03 my car was broken into" and
  "it happened on 12/03/2023" are kept. After a cue a year alone counts ("born in 1985"); a date
  just before "(dob)" counts too.
* Service, emergency and helpline numbers the assistant gives out are never redacted: the static
  list ``data/redaction/service_numbers.txt`` plus every number in ``content/referrals.yml``,
  read at load time, compared digit-for-digit whatever the spacing (also +44 forms). A house
  number is still an address: "101 London Road" is redacted as [ADDRESS].
* Kept because they are not personal data on their own and the conversation needs them: crime
  reference numbers ("42/12345/23"), Report Fraud references, times ("10 30", "07:30"), prices,
  years, ages, counts, roads ("A12", "M25"), outward postcodes ("CM1", "in SS9"), a card's last
  four digits, a phone's IMEI (Luhn-valid, but it identifies a stolen handset, not a card).
* Places (``data/lookups/locations.yml``), services, schemes ("Ask for Angela", "Clare's Law",
  FRANK in capitals) and brands in ``data/redaction/allow_list.txt`` are never names.
* Titles stay outside the placeholder ("Mr [NAME]"); the birth cue stays outside [DOB].
* Registrations: current-format plates in any case; the older prefix/suffix and "dateless"
  formats in lower case only when the message mentions a vehicle ("reg", "car", "van", ...),
  and never when the letters are a word ("a12 and", "run 5k").
* A mobile typed without its leading 0 ("my number is 7700 900123") counts only after a phone
  word.

Names: three gazetteers. ``first_names.txt`` (about 800 names, British, South Asian, Eastern
European, African and Caribbean) match anywhere, in any case. ``ambiguous_names.txt`` (Grace,
Jordan, Jack, Chelsea ...) need a capital letter away from the start of a sentence, a
relationship word ("my daughter grace") or a cue. ``word_names.txt`` (Will, May, Rob, Mark,
Nick ...) need a naming cue ("my name is will", "a man called Rob"), a capital after a
relationship word or "I'm" ("my ex Will"), or a known surname ("Mark Jones"). Unknown words are
names only after a cue ("a lad called shaz", "my neighbour Zbigniew", "Mrs Kowalski"). In a
Title Case Message (or one in capitals) capital letters are not taken as evidence.

Known limits (they stay in the corpus as misses): an ambiguous or word-like name at the start
of a sentence with no cue ("Grace keeps messaging me"); a surname alone without a title.

Nothing is read at import time: the data files and spaCy (a blank English pipeline: tokenizer,
``Matcher`` and ``PhraseMatcher`` only, no trained model) load on the first call.
"""
from __future__ import annotations

import bisect
import copy
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, FrozenSet, Iterable, Iterator, List, Optional, Sequence, Set, Tuple

__all__ = [
    "PLACEHOLDERS",
    "TYPES",
    "RedactionResult",
    "Redactor",
    "default_redactor",
    "luhn_valid",
    "redact",
    "redact_event_data",
]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data" / "redaction"
REFERRALS_PATH = PROJECT_ROOT / "content" / "referrals.yml"
LOCATIONS_PATH = PROJECT_ROOT / "data" / "lookups" / "locations.yml"

TYPES: Tuple[str, ...] = (
    "NAME", "PHONE", "EMAIL", "POSTCODE", "ADDRESS", "VEHICLE_REG", "DOB", "CARD", "NI_NUMBER",
)
PLACEHOLDERS: Dict[str, str] = {t: f"[{t}]" for t in TYPES}

# When two detections overlap, the one with the lower rank wins (then the longer one).
_RANK = {"EMAIL": 0, "CARD": 1, "NI_NUMBER": 2, "PHONE": 3, "POSTCODE": 4, "VEHICLE_REG": 5,
         "DOB": 6, "ADDRESS": 7, "NAME": 8}

Span = Tuple[int, int, str]


@dataclass(frozen=True)
class RedactionResult:
    """The redacted text and what was replaced: ``(start, end, type)`` in the ORIGINAL text.

    The original values are deliberately not kept here, so a result can be logged safely.
    """

    text: str
    spans: List[Span] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.spans)

    def counts(self) -> Dict[str, int]:
        out: Dict[str, int] = {}
        for _, _, kind in self.spans:
            out[kind] = out.get(kind, 0) + 1
        return out


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check used by payment cards. ``digits`` must be digits only."""
    if not digits or not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _digits(s: str) -> str:
    return "".join(ch for ch in s if ch.isdigit())


# ---------------------------------------------------------------------------------------------
# Word lists that are part of the rules (not personal data, not worth a data file)
# ---------------------------------------------------------------------------------------------

_SAME_LENGTH = {
    **{cp: " " for cp in (0x00A0, 0x2007, 0x2009, 0x200A, 0x202F, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x205F)},
    **{cp: "-" for cp in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2212, 0xFE63, 0xFF0D)},
    0x2019: "'", 0x2018: "'", 0x02BC: "'",
}

_PLACEHOLDER_RE = re.compile(r"\[(?:%s)\]" % "|".join(TYPES))

_STREET_SUFFIXES = (
    "street st road rd avenue ave av lane ln close cl drive dr way crescent cres court ct place pl "
    "gardens gdns grove gr terrace terr tce walk mews hill rise park square sq parade pde row green "
    "view chase gate gates mead meadow meadows croft end wharf yard vale boulevard path approach "
    "field fields heights ride reach hollow grange dene leys lea glade copse dell pastures spinney "
    "orchard quay broadway causeway circus wood side house lodge mansions tower towers point "
    "apartments buildings cottages villas"
).split()
_STREET_SUFFIX_SET = frozenset(_STREET_SUFFIXES)

# Words after a first name that show it is a street, school, hospital, law or scheme, not a person.
_INSTITUTIONS = frozenset(
    "hospital hospice school academy college primary secondary station church centre center house "
    "surgery practice hall hotel pub arms inn library university uni ward trust foundation law laws "
    "scheme app line helpline street road avenue lane close drive estate"
    .split()
)

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

_TITLES_ANYCASE = frozenset("mr mr. mrs mrs. ms ms. miss mx mx. dr dr. prof prof. sir dame".split())
_TITLES_EXACT = frozenset(
    "PC DC DS DI DCI Sgt Sgt. Insp Insp. Det Det. Officer Constable Sergeant Inspector Detective "
    "Cllr Councillor Lady Lord Rev Reverend Father Sister Nurse".split()
)
_POLICE_TITLES = frozenset("PC DC DS DI DCI Sgt Sgt. Officer Constable Sergeant".split())

_POSSESSIVES = ["my", "our", "his", "her", "their", "your", "me", "mi", "ma"]
_REL_WORDS = (
    "husband hubby wife wifey ex exes partner boyfriend girlfriend bf gf bloke fella fiance fiancé "
    "fiancee son sons daughter daughters mum mam mom mother dad father brother bro brothers sister "
    "sis sisters neighbour neighbours neighbor neighbors friend friends mate mates pal cousin uncle "
    "aunt auntie aunty nan nana nanny gran granny grandma grandmother grandad grandpa grandfather "
    "grandson granddaughter grandchild grandkid niece nephew stepdad stepson stepdaughter stepmum "
    "stepmom stepbrother stepsister child children kid kids baby carer landlord landlady boss "
    "colleague coworker flatmate housemate lodger tenant teacher manager stalker abuser classmate "
    "twin lad lass missus missis misses daughterinlaw sonInlaw inlaws bestie bezzie ex-partner "
    "ex-husband ex-wife ex-boyfriend ex-girlfriend exbf exgf dealer"
).lower().split()
_REL_MODIFIERS = (
    "ex x - step best former old new current late eldest youngest oldest older younger little big "
    "baby year years yr yo teenage teen adult twin other half in law 's s"
).split()
_PERSON_NOUNS = frozenset(
    _REL_WORDS
    + "man woman lad lads guy guys girl boy bloke person someone somebody kid child fella fellow lady "
    "chap geezer youth teen teenager gentleman gent dude one he she they who i im".split()
)
# Nouns after which "called"/"named" can only be the naming sense: "a lad called shaz".
_NAMING_NOUNS = frozenset(
    _REL_WORDS
    + "man woman lad guy girl boy bloke person kid child fella fellow lady chap geezer youth teen "
    "teenager gentleman gent dude".split()
)
_VERBISH_RE = re.compile(r"(?:ing|ed|ly|in')$")
_NOT_NAME_LOWER = frozenset(
    "names name things stuff everything something nothing slurs words police back round out over "
    "again loads lots racist homophobic names".split()
)
_PERSON_PRONOUNS = frozenset("he she i they who we you".split())
_BE_WORDS = frozenset("is was are were 's s am 'm m be been being ’s ’m".split())

_MONTHS = frozenset(
    "january february march april may june july august september october november december jan feb "
    "mar apr jun jul aug sep sept oct nov dec".split()
)
_WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri "
    "sat sun".split()
)
# Capitalised words that are never a name even after a relationship word or title.
_NOT_NAME = frozenset(
    "police council station hospital school road street avenue lane close drive court way essex "
    "london england english uk britain british polish romanian lithuanian latvian ukrainian "
    "bulgarian albanian russian indian pakistani bangladeshi asian black white irish scottish welsh "
    "african nigerian ghanaian somali european muslim christian jewish hindu sikh christmas easter "
    "xmas halloween eid diwali ramadan jesus god allah lol omg ok okay thanks thank hi hello hey yes "
    "no please sorry help urgent mum mam mom dad nan nanny gran grandad uber deliveroo google apple "
    "iphone samsung android whatsapp snapchat tiktok instagram facebook twitter youtube ring cctv "
    "asb dv tomorrow today tonight yesterday asap yeah innit mate bro here there unknown private "
    "withheld anonymous hidden nobody anyone everyone someone somebody again also though although "
    "basically honestly literally actually scared worried frightened upset afraid sure fine good bad "
    "drunk high mental crazy nuts violent aggressive abusive nasty rude horrible lovely nice".split()
)

_PLACE_PREPOSITIONS = frozenset("on in along down up off via opposite near the at".split())

# Surnames that are also everyday words: appended to a name only when capitalised
# ("Dave Young"), never in lower case ("i told dave young people were ...").
_WORD_SURNAMES = frozenset(
    "rose king young white black green day hill bell bird fox hunt cook banks mills wood woods west "
    "stone grant price hall lane park house church chase croft field fields hart ward wells webb "
    "bond booth brown gray grey golding may little long short rich sharp swift well wise".split()
)

_SENTENCE_END = frozenset({".", "!", "?", "…", "...", "!!", "??", "?!", "!?"})


def _fold(word: str) -> str:
    """Lower case without accents: 'Zoë' -> 'zoe', 'José' -> 'jose' ('ł' stays)."""
    low = word.lower()
    if low.isascii():
        return low
    return "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))


def _is_alpha_word(text: str) -> bool:
    return bool(_ALPHA_WORD_RE.match(text))


_ALPHA_WORD_RE = re.compile(r"^[^\W\d_]+(?:['’][^\W\d_]+)*$")


def _is_titlecase(text: str) -> bool:
    """'Dave', 'McDonald', "O'Brien": capital first letter and lower-case letters after."""
    return len(text) > 1 and text[0].isupper() and any(c.islower() for c in text[1:])


# ---------------------------------------------------------------------------------------------
# Regular expressions for the structured types
# ---------------------------------------------------------------------------------------------

_EMAIL_RE = re.compile(
    r"(?<![\w.+'-])[A-Za-z0-9][A-Za-z0-9._%+'-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"
)
_EMAIL_SPOKEN_RE = re.compile(
    r"(?<![\w.])[A-Za-z0-9][\w.+-]*\s*(?:\(at\)|\[at\]|\sat\s|@)\s*"
    r"(?:gmail|googlemail|hotmail|yahoo|outlook|live|icloud|btinternet|aol|sky|virginmedia|"
    r"protonmail|proton|me|mail|ymail|msn|talktalk|ntlworld)\s*"
    r"(?:\.|\(dot\)|\[dot\]|\sdot\s)\s*(?:com|net|org|co\s*(?:\.|\sdot\s)\s*uk|uk|me)\b",
    re.I,
)

# A run of digits with at most three separator characters between them: candidate phone numbers.
_PHONE_RUN_RE = re.compile(r"(?<![\w+£$€/])(?:\+\s?|\(\+?)?\d(?:[ \-.()]{1,3}\d|\d)*\)?")
_DIGIT_GROUP_RE = re.compile(r"\d+")

# A run of digit groups separated by one space or dash: candidate card numbers.
_CARD_RUN_RE = re.compile(r"(?<![\w£$€/.,])\d+(?:[ \-]\d+)*(?![\w/])")

# A phone's IMEI is Luhn-checked too; it identifies a stolen handset, not a payment card.
_IMEI_CUE_RE = re.compile(r"\b(?:imei|serial)\b", re.I)
# "my number is 7700 900123": a mobile typed without its leading 0 counts only after a cue.
_PHONE_CUE_RE = re.compile(
    r"\b(?:number|no|num|mobile|mob|tel|telephone|phone|ring|call|text|contact|whatsapp|on)\b(?:\s+(?:is|was|are|me|on))*[\s:.\-]*$",
    re.I,
)
_NI_PREFIX = r"(?:[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]|QQ)"
_NI_RE = re.compile(
    r"\b(?P<prefix>" + _NI_PREFIX + r")[ \-]?(\d{2})[ \-]?(\d{2})[ \-]?(\d{2})[ \-]?[A-D]\b", re.I
)
_NI_CUED_RE = re.compile(
    r"\b(?:ni|n\.i\.?|nino|national\s+insurance)(?:\s+(?:number|no\.?|num|#))?\s*(?:is|was|:|-)?\s*"
    r"(?P<ni>(?P<prefix>" + _NI_PREFIX + r")[ \-]?\d{2}[ \-]?\d{2}[ \-]?\d{2})(?![ \-]?[A-D]\b)\b",
    re.I,
)
_NI_BAD_PREFIXES = frozenset({"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})

_POSTCODE_RE = re.compile(
    r"\b(?P<out>[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?|GIR)[ \t]{0,2}(?P<in>\d[ABD-HJLNP-UW-Z]{2})\b", re.I
)

_VEHICLE_CURRENT_RE = re.compile(r"\b(?P<a>[A-Z]{2})(?P<sp1> ?)(?P<n>\d{2}) ?(?P<b>[A-Z]{3})\b", re.I)
_VEHICLE_PREFIX_RE = re.compile(r"\b(?P<a>[A-HJ-NP-Y])(?P<n>[1-9]\d{0,2}) ?(?P<b>[A-Z]{3})\b", re.I)
_VEHICLE_SUFFIX_RE = re.compile(r"\b(?P<b>[A-Z]{3}) ?(?P<n>[1-9]\d{0,2})(?P<a>[A-HJ-NP-TV-Y])\b", re.I)
_VEHICLE_CUED_RE = re.compile(
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
    "plz asp per cos coz and aka cam cap kid men mum dad nan bro sis gym pub job bed hit cut bag box "
    "key lad law war won wet why try tax sun son pay met may low let led kit hot hey its ice ill inn "
    "due dry eat egg eye fun gas god gun guy hat hid ran rob sad six ten tip toe toy via yet zoo "
    "got him why our".split()
)

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
    _DOB_CUE_RE + r"(?:[\s:;,=\-–—()]*(?:is|was|on|the|in|of|at|being|are|were|:)\b){0,4}[\s:;,=\-–—()]*"
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

_NUMWORD = r"\d{1,4}[a-z]?(?:\s*-\s*\d{1,4}[a-z]?)?"
_STREET_WORD = r"(?!(?:%s)\b)[a-z][a-z'’\-]*\.?" % "|".join(re.escape(w) for w in _ADDRESS_BLOCK)
_SUFFIX = r"(?:%s)" % "|".join(sorted(_STREET_SUFFIXES, key=len, reverse=True))
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


# ---------------------------------------------------------------------------------------------
# Loading helpers
# ---------------------------------------------------------------------------------------------

def _read_list(path: Path) -> List[str]:
    """Lines of a list file without comments (``#`` to the end of the line) and blank lines."""
    out: List[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if line:
                out.append(line)
    return out


def _walk_strings(node: Any, key: Optional[str] = None) -> Iterator[Tuple[Optional[str], str]]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _walk_strings(v, str(k))
    elif isinstance(node, list):
        for v in node:
            yield from _walk_strings(v, key)
    elif isinstance(node, (str, int)) and not isinstance(node, bool):
        yield key, str(node)


def _national(digits: str, plus: bool) -> Optional[str]:
    """UK national form ('0' + 9 or 10 digits) of a dialled number, or None."""
    if plus:
        if not digits.startswith("44"):
            return None
        rest = digits[2:]
    elif digits.startswith("0044"):
        rest = digits[4:]
    elif digits.startswith("0"):
        return digits
    else:
        return None
    return rest if rest.startswith("0") else "0" + rest


def _valid_uk_phone(nat: str) -> bool:
    if not nat.startswith("0") or len(nat) not in (10, 11):
        return False
    kind = nat[1]
    if kind in "237":
        return len(nat) == 11
    if kind in "18":
        return True
    if kind == "5":
        return len(nat) == 11
    return False


class Redactor:
    """Finds and replaces personal data. Cheap to construct; loads its data on first use.

    ``data_dir``, ``referrals_path`` and ``locations_path`` default to the project's files; a path
    set to None is skipped (for example a deployment without ``content/``).
    """

    def __init__(
        self,
        data_dir: Optional[Path] = None,
        referrals_path: Optional[Path] = REFERRALS_PATH,
        locations_path: Optional[Path] = LOCATIONS_PATH,
    ) -> None:
        self.data_dir = Path(data_dir) if data_dir is not None else DATA_DIR
        self.referrals_path = Path(referrals_path) if referrals_path is not None else None
        self.locations_path = Path(locations_path) if locations_path is not None else None
        self._lock = threading.Lock()
        self._loaded = False
        self._local = threading.local()

    # ------------------------------------------------------------------ loading
    def load(self) -> "Redactor":
        """Read the data files and build the spaCy matchers (done once, on first use)."""
        if self._loaded:
            return self
        with self._lock:
            if not self._loaded:
                self._load()
                self._loaded = True
        return self

    def _load(self) -> None:
        import spacy
        import yaml
        from spacy.lang.en.stop_words import STOP_WORDS
        from spacy.matcher import Matcher, PhraseMatcher

        d = self.data_dir
        self._strong: FrozenSet[str] = frozenset(_fold(n) for n in _read_list(d / "first_names.txt"))
        self._ambiguous: FrozenSet[str] = frozenset(_fold(n) for n in _read_list(d / "ambiguous_names.txt"))
        self._wordnames: FrozenSet[str] = frozenset(_fold(n) for n in _read_list(d / "word_names.txt"))
        self._surnames: FrozenSet[str] = frozenset(_fold(n) for n in _read_list(d / "surnames.txt"))
        self._all_names = self._strong | self._ambiguous | self._wordnames
        self._stop = frozenset(STOP_WORDS) | {"im", "ive", "id", "u", "ur", "r", "ya", "yeah", "dont"}

        # ---- service numbers: static list + every number in the referral directory
        service: Set[str] = set()
        for line in _read_list(d / "service_numbers.txt"):
            service.add(_digits(line))
        allow_phrases = _read_list(d / "allow_list.txt")
        allow_emails = {p.lower() for p in allow_phrases if "@" in p}
        allow_phrases = [p for p in allow_phrases if "@" not in p]
        if self.referrals_path is not None and self.referrals_path.exists():
            with open(self.referrals_path, encoding="utf-8") as fh:
                referrals = yaml.safe_load(fh) or {}
            for key, value in _walk_strings(referrals):
                if key in ("phone", "text_number", "textphone"):
                    if _digits(value):
                        service.add(_digits(value))
                for m in re.finditer(r"(?<![\w.])\+?\d[\d \-]*\d(?![\w])", value):
                    digits = _digits(m.group())
                    if len(digits) >= 3:
                        service.add(digits)
                for m in _EMAIL_RE.finditer(value):
                    allow_emails.add(m.group().lower())
                if key == "name":
                    head, _, rest = value.partition(" (")
                    allow_phrases.append(head.strip())
                    if rest:
                        allow_phrases.append(rest.rstrip(")").strip())
        # Both the dialled form and the national form (in case a list gives +44 ...).
        expanded = set(service)
        for s in service:
            if s.startswith("44") and len(s) >= 11:
                expanded.add("0" + s[2:])
        self.service_numbers: FrozenSet[str] = frozenset(x for x in expanded if x)
        self.allow_emails: FrozenSet[str] = frozenset(allow_emails)

        # ---- places
        places: List[str] = []
        if self.locations_path is not None and self.locations_path.exists():
            with open(self.locations_path, encoding="utf-8") as fh:
                locs = yaml.safe_load(fh) or {}
            for item in locs.get("nlu", []) or []:
                if isinstance(item, dict) and "lookup" in item:
                    for line in str(item.get("examples", "")).splitlines():
                        line = line.strip().lstrip("-").strip()
                        if line:
                            places.append(line)
        self._places: FrozenSet[str] = frozenset(p.lower() for p in places)

        # ---- spaCy: blank English tokenizer, phrase matcher for protected phrases, cue matcher
        nlp = spacy.blank("en")
        self._nlp = nlp
        self._allow_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._allow_exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        lower_docs, exact_docs = [], []
        seen: Set[str] = set()
        for phrase in allow_phrases + places:
            if not phrase or phrase in seen:
                continue
            seen.add(phrase)
            letters = [c for c in phrase if c.isalpha()]
            if letters and all(c.isupper() for c in letters) and len(phrase.split()) == 1:
                exact_docs.append(nlp.make_doc(phrase))
            else:
                lower_docs.append(nlp.make_doc(phrase))
        self._allow_lower.add("ALLOW", lower_docs)
        self._allow_exact.add("ALLOW", exact_docs)

        m = Matcher(nlp.vocab)
        poss = {"LOWER": {"IN": _POSSESSIVES}}
        m.add("NAME_IS", [
            [{"LOWER": {"IN": ["name", "names"]}}, {"LOWER": {"IN": ["is", "'s", "’s", "s", ":", "-", "was", "="]}}],
            [poss, {"LOWER": "names"}],
            [{"LOWER": "by"}, {"LOWER": "the"}, {"LOWER": "name"}, {"LOWER": "of", "OP": "?"}],
            [{"LOWER": {"IN": ["i", "im"]}}, {"LOWER": {"IN": ["am", "'m", "m", "’m"]}, "OP": "?"},
             {"LOWER": {"IN": ["called", "named"]}}],
        ])
        m.add("SOFT_CUE", [
            [{"LOWER": "known"}, {"LOWER": "as"}],
            [{"LOWER": {"IN": ["goes", "go", "going"]}}, {"LOWER": "by"}],
            [{"LOWER": {"IN": ["call", "calls"]}}, {"LOWER": {"IN": ["me", "him", "her", "himself", "herself"]}}],
            [{"LOWER": {"IN": ["this", "it"]}}, {"LOWER": {"IN": ["is", "'s", "’s"]}}],
            [{"LOWER": {"IN": ["regards", "thanks", "cheers", "signed", "love", "sincerely"]}},
             {"ORTH": {"IN": [",", "-", ":"]}, "OP": "?"}],
        ])
        m.add("CALLED", [[{"LOWER": {"IN": ["called", "named", "calld", "caled", "callled"]}}]])
        m.add("REL", [
            [poss, {"IS_DIGIT": True, "OP": "?"}, {"LOWER": {"IN": _REL_MODIFIERS}, "OP": "*"},
             {"LOWER": {"IN": _REL_WORDS}}],
        ])
        m.add("IM", [
            [{"LOWER": "i"}, {"LOWER": {"IN": ["'m", "m", "am", "’m"]}}],
            [{"LOWER": "im"}],
        ])
        m.add("TITLE", [
            [{"LOWER": {"IN": sorted(_TITLES_ANYCASE)}}],
            [{"ORTH": {"IN": sorted(_TITLES_EXACT)}}],
        ])
        self._matcher = m
        self._label = {name: nlp.vocab.strings[name] for name in ("NAME_IS", "SOFT_CUE", "CALLED", "REL", "IM", "TITLE")}

    # ------------------------------------------------------------------ public API
    def redact(self, text: Any) -> RedactionResult:
        """Replace every piece of personal data in ``text`` by its placeholder."""
        if text is None:
            return RedactionResult("", [])
        if not isinstance(text, str):
            text = str(text)
        if not text.strip():
            return RedactionResult(text, [])
        self.load()
        spans = self.find(text)
        if not spans:
            return RedactionResult(text, [])
        parts: List[str] = []
        pos = 0
        for start, end, kind in spans:
            parts.append(text[pos:start])
            parts.append(PLACEHOLDERS[kind])
            pos = end
        parts.append(text[pos:])
        return RedactionResult("".join(parts), spans)

    def find(self, text: str) -> List[Span]:
        """The spans that :meth:`redact` replaces, sorted, without overlaps."""
        self.load()
        # Same-length normalisation (offsets stay valid): no-break and thin spaces, Unicode dashes
        # and curly apostrophes typed or pasted inside numbers and names.
        text = text.translate(_SAME_LENGTH)
        protected = [(m.start(), m.end()) for m in _PLACEHOLDER_RE.finditer(text)]
        candidates: List[Span] = []
        candidates += self._emails(text)
        candidates += self._cards(text)
        candidates += self._ni_numbers(text)
        candidates += self._phones(text)
        candidates += self._postcodes(text)
        candidates += self._vehicles(text)
        candidates += self._dobs(text)
        candidates += self._addresses(text)
        accepted = _resolve(candidates, protected)
        accepted += self._names(text, accepted, protected)
        accepted.sort()
        return accepted

    def is_service_number(self, number: str) -> bool:
        """True if ``number`` (any spacing, +44 allowed) is a service number never redacted."""
        self.load()
        digits = _digits(number)
        if digits in self.service_numbers:
            return True
        nat = _national(digits, number.strip().startswith("+"))
        return nat is not None and nat in self.service_numbers

    # ------------------------------------------------------------------ structured detectors
    def _emails(self, text: str) -> List[Span]:
        out: List[Span] = []
        if "@" in text:
            for m in _EMAIL_RE.finditer(text):
                if m.group().lower() not in self.allow_emails:
                    out.append((m.start(), m.end(), "EMAIL"))
        if "dot" in text.lower() or "@" in text:
            for m in _EMAIL_SPOKEN_RE.finditer(text):
                out.append((m.start(), m.end(), "EMAIL"))
        return out

    def _phones(self, text: str) -> List[Span]:
        out: List[Span] = []
        for run in _PHONE_RUN_RE.finditer(text):
            s = run.group()
            groups = [(g.start(), g.end(), g.group()) for g in _DIGIT_GROUP_RE.finditer(s)]
            plus_run = s.lstrip("(").startswith("+")
            i = 0
            while i < len(groups):
                best: Optional[int] = None
                service_hit = False
                digits = ""
                for k in range(i, min(len(groups), i + 12)):
                    digits += groups[k][2]
                    if len(digits) > 15:
                        break
                    nat = _national(digits, plus_run and i == 0)
                    if nat is None:
                        break
                    if _valid_uk_phone(nat):
                        if nat in self.service_numbers or digits in self.service_numbers:
                            service_hit = True
                            best = k
                        elif not service_hit:
                            best = k
                        else:
                            break
                if best is None:
                    best = self._bare_mobile(text, run.start(), s, groups, i)
                    if best is not None:
                        out.append((run.start() + groups[i][0], run.start() + groups[best][1], "PHONE"))
                        i = best + 1
                    else:
                        i += 1
                    continue
                if not service_hit:
                    start = run.start() + (0 if i == 0 else groups[i][0])
                    end = run.start() + groups[best][1]
                    if i == 0 and s.startswith("(") and ")" not in s[: groups[best][1]]:
                        start += 1  # a lone opening bracket is not part of the number
                    out.append((start, end, "PHONE"))
                i = best + 1
        return out

    @staticmethod
    def _bare_mobile(text: str, run_start: int, s: str, groups, i: int) -> Optional[int]:
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

    def _cards(self, text: str) -> List[Span]:
        out: List[Span] = []
        for run in _CARD_RUN_RE.finditer(text):
            s = run.group()
            if len(s) < 13:
                continue
            groups = [(g.start(), g.end(), g.group()) for g in _DIGIT_GROUP_RE.finditer(s)]
            i = 0
            while i < len(groups):
                found = None
                for k in range(min(len(groups), i + 7) - 1, i - 1, -1):
                    chunk = groups[i : k + 1]
                    digits = "".join(g[2] for g in chunk)
                    if not 13 <= len(digits) <= 19:
                        continue
                    if len(chunk) > 1 and any(len(g[2]) < 3 for g in chunk):
                        continue
                    if digits[0] == "0" or len(set(digits)) == 1 or not luhn_valid(digits):
                        continue
                    found = k
                    break
                if found is None:
                    i += 1
                    continue
                start = run.start() + groups[i][0]
                if not _IMEI_CUE_RE.search(text, max(0, start - 25), start):
                    out.append((start, run.start() + groups[found][1], "CARD"))
                i = found + 1
        return out

    def _ni_numbers(self, text: str) -> List[Span]:
        out: List[Span] = []
        for m in _NI_RE.finditer(text):
            if m.group("prefix").upper() not in _NI_BAD_PREFIXES:
                out.append((m.start(), m.end(), "NI_NUMBER"))
        for m in _NI_CUED_RE.finditer(text):
            if m.group("prefix").upper() not in _NI_BAD_PREFIXES:
                out.append((m.start("ni"), m.end("ni"), "NI_NUMBER"))
        return out

    def _postcodes(self, text: str) -> List[Span]:
        out: List[Span] = []
        for m in _POSTCODE_RE.finditer(text):
            inward = m.group("in")
            if inward[1:].islower() and inward[1:] in ("st", "nd", "rd", "th"):
                continue  # "the m1 1st exit"
            out.append((m.start(), m.end(), "POSTCODE"))
        return out

    def _vehicles(self, text: str) -> List[Span]:
        out: List[Span] = []
        cued: Optional[bool] = None

        def has_cue() -> bool:
            nonlocal cued
            if cued is None:
                cued = bool(_VEHICLE_CUE_RE.search(text))
            return cued

        for m in _VEHICLE_CURRENT_RE.finditer(text):
            a, b, g = m.group("a"), m.group("b"), m.group()
            if a[0].upper() in "IQZ":
                continue
            if m.group("sp1") and not (a.isupper() and b.isupper()):
                continue  # "is 12 men"
            if not g.replace(" ", "").isupper() and (b.lower() in _COMMON3 or a.lower() in _COMMON3):
                continue
            if not g.isupper() and not g.islower() and not has_cue():
                continue  # "Ab12 Cde"-like mixed case needs a vehicle word nearby
            out.append((m.start(), m.end(), "VEHICLE_REG"))
        for rx in (_VEHICLE_PREFIX_RE, _VEHICLE_SUFFIX_RE):
            for m in rx.finditer(text):
                b = m.group("b")
                if b.lower() in _COMMON3:
                    continue
                letters = m.group("a") + b
                if not letters.isupper() and not has_cue():
                    continue
                out.append((m.start(), m.end(), "VEHICLE_REG"))
        for m in _VEHICLE_CUED_RE.finditer(text):
            reg = m.group("reg")
            letters = "".join(c for c in reg if c.isalpha())
            if letters.lower() in _COMMON3 or letters.lower() in ("is", "was", "no", "of", "a", "the", "it"):
                continue
            if not any(c.isdigit() for c in reg) or not letters:
                continue
            out.append((m.start("reg"), m.end("reg"), "VEHICLE_REG"))
        return out

    def _dobs(self, text: str) -> List[Span]:
        out: List[Span] = []
        low = text.lower()
        if not any(cue in low for cue in ("born", "dob", "d.o", "birth", "bday", "b'day")):
            return out
        for m in _DOB_RE.finditer(text):
            out.append((m.start("date"), m.end("date"), "DOB"))
            pos = m.end()
            while True:
                more = _DOB_MORE_RE.match(text, pos)
                if not more:
                    break
                out.append((more.start("date"), more.end("date"), "DOB"))
                pos = more.end()
        for m in _DOB_AFTER_RE.finditer(text):
            out.append((m.start("date"), m.end("date"), "DOB"))
        return out

    def _addresses(self, text: str) -> List[Span]:
        out: List[Span] = []
        for m in _ADDRESS_RE.finditer(text):
            start, end = m.start("addr"), m.end("addr")
            out.append((start, end, "ADDRESS"))
        return out

    # ------------------------------------------------------------------ names
    def _names(self, text: str, taken: Sequence[Span], protected: Sequence[Tuple[int, int]]) -> List[Span]:
        doc = self._nlp.make_doc(text) if len(text) < self._nlp.max_length else self._big_doc(text)
        n = len(doc)
        if n == 0:
            return []
        blocked = bytearray(n)
        for start, end, *_ in list(taken) + [tuple(p) for p in protected]:
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

        # In a Title Case Message Like This (or one in capitals) a capital letter says nothing.
        words = [t.text for t in doc if t.is_alpha and len(t.text) > 1]
        # A placeholder left by an earlier redaction ("[NAME]") stood for a capitalised word; counting
        # it so keeps a second pass over redacted text from finding what the first pass did not.
        placeholders = sum(1 for t in doc if t.text in TYPES and 0 < t.i < n - 1
                           and doc[t.i - 1].text == "[" and doc[t.i + 1].text == "]")
        titled = sum(1 for w in words if _is_titlecase(w)) + placeholders
        self._local.caps = not (len(words) >= 4 and titled / len(words) > 0.6)

        found: List[Tuple[int, int]] = []
        named = bytearray(n)

        def take(i: int, j: int) -> None:
            found.append((i, j))
            for t in range(i, j):
                named[t] = 1

        # 1) cue-based: the cue decides how sure we are about the next word
        L = self._label
        for match_id, s, e in sorted(self._matcher(doc), key=lambda x: (x[1], x[2])):
            if e >= n:
                continue
            if match_id == L["NAME_IS"]:
                i = self._skip_quotes(doc, e)
                if i < n and self._cue_name_ok(doc[i], blocked, strong=True):
                    take(i, self._extend(doc, i, blocked))
            elif match_id == L["CALLED"]:
                i = self._skip_quotes(doc, e)
                sense = self._naming_called(doc, s)
                if i < n and sense and self._cue_name_ok(doc[i], blocked, strong=(sense == "noun")):
                    take(i, self._extend(doc, i, blocked))
            elif match_id == L["SOFT_CUE"]:
                i = self._skip_quotes(doc, e)
                if i < n and self._cue_name_ok(doc[i], blocked, strong=False):
                    take(i, self._extend(doc, i, blocked))
            elif match_id == L["REL"]:
                self._after_relation(doc, e, blocked, take)
            elif match_id == L["IM"]:
                tok = doc[e] if e < n else None
                if tok is not None and not blocked[tok.i] and _is_alpha_word(tok.text):
                    low = _fold(tok.text)
                    if low in self._strong or (_is_titlecase(tok.text) and low in self._all_names):
                        take(e, self._extend(doc, e, blocked))
            elif match_id == L["TITLE"]:
                i = e
                if i < n and doc[i].text == "." and not doc[s].whitespace_:
                    i += 1
                if i < n and doc[i].is_digit and doc[s].text in _POLICE_TITLES:
                    i += 1  # "PC 1234 Smith"
                if i < n and not blocked[i] and _is_alpha_word(doc[i].text):
                    tok = doc[i]
                    low = _fold(tok.text)
                    ok = False
                    if doc[s].text == "miss" and low not in self._all_names:
                        ok = False  # "i miss Spain": the verb, not the title
                    elif _is_titlecase(tok.text) or tok.text.isupper() and len(tok.text) > 1:
                        ok = low not in self._stop and low not in _NOT_NAME and low not in self._places \
                            and low not in _MONTHS and low not in _WEEKDAYS and low not in _TITLES_ANYCASE \
                            and tok.text not in _TITLES_EXACT
                    elif low in self._all_names or low in self._surnames:
                        ok = doc[s].text != "miss" or low in self._strong
                    if ok:
                        take(i, self._extend(doc, i, blocked))

        # 2) gazetteer: known first names anywhere
        for tok in doc:
            i = tok.i
            if blocked[i] or named[i]:
                continue
            text_ = tok.text
            if not _is_alpha_word(text_):
                continue
            low = _fold(tok.text)
            if low not in self._all_names:
                continue
            if self._not_person_context(doc, i):
                continue
            title = self._cap(text_)
            if low in self._strong:
                if _is_titlecase(text_) or text_.isupper() or len(low) >= 3:
                    take(i, self._extend(doc, i, blocked))
                continue
            nxt = doc[i + 1] if i + 1 < n else None
            pair = (
                title and nxt is not None and self._cap(nxt.text) and not blocked[i + 1]
                and self._surname_ok(nxt, capital_only=True)
            )
            if low in self._ambiguous:
                if title and (not self._sentence_start(doc, i) or pair):
                    take(i, self._extend(doc, i, blocked))
            elif pair and nxt.lower_ in self._surnames:  # word-names: "Mark Jones"
                take(i, self._extend(doc, i, blocked))

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

    def _cap(self, text: str) -> bool:
        """Capitalised, and capitals carry meaning in the current message."""
        return _is_titlecase(text) and getattr(self._local, "caps", True)

    def _big_doc(self, text: str):
        self._nlp.max_length = len(text) + 1
        return self._nlp.make_doc(text)

    @staticmethod
    def _skip_quotes(doc, i: int) -> int:
        while i < len(doc) and doc[i].text in {'"', "'", "“", "‘", ":", "-", "–", ",", "("}:
            i += 1
        return i

    @staticmethod
    def _sentence_start(doc, i: int) -> bool:
        j = i - 1
        while j >= 0 and doc[j].text in {'"', "'", "“", "‘", "(", "-", "*"}:
            j -= 1
        if j < 0:
            return True
        prev = doc[j]
        return prev.text in _SENTENCE_END or (prev.is_space and "\n" in prev.text) or "\n" in prev.whitespace_

    def _not_person_context(self, doc, i: int) -> bool:
        """The name is part of a street, school, hospital, law or saint's name."""
        n = len(doc)
        if i > 0 and doc[i - 1].lower_ in ("st", "st.", "saint"):
            return True
        if i + 1 < n:
            nxt = doc[i + 1].lower_
            if nxt in _STREET_SUFFIX_SET or nxt in _INSTITUTIONS:
                # "Sarah Green", "Rebecca Hall" are people; "on Victoria Green" is a place
                if nxt in self._surnames and (i == 0 or doc[i - 1].lower_ not in _PLACE_PREPOSITIONS):
                    return False
                return True
            if nxt in ("'s", "’s", "s") and i + 2 < n and (
                doc[i + 2].lower_ in _INSTITUTIONS or doc[i + 2].lower_ in _STREET_SUFFIX_SET
            ):
                return True
        return False

    def _cue_name_ok(self, tok, blocked, strong: bool) -> bool:
        """Is ``tok`` a name after a cue? strong: "my name is", "a man called"; else "known as"."""
        if blocked[tok.i] or not _is_alpha_word(tok.text):
            return False
        low = _fold(tok.text)
        title = self._cap(tok.text)
        if low in self._strong or low in self._ambiguous:
            return True
        if low in self._wordnames:
            return strong or title
        if low in self._stop or low in _NOT_NAME or low in self._places or low in _MONTHS \
                or low in _WEEKDAYS or low in _PERSON_NOUNS or low in _STREET_SUFFIX_SET \
                or low in _TITLES_ANYCASE or tok.text in _TITLES_EXACT:
            return False
        if title:
            return True
        # a lower-case word we do not know: only after a strong cue, and not a verb or plural
        return strong and not _VERBISH_RE.search(low) and low not in _NOT_NAME_LOWER

    def _naming_called(self, doc, c: int) -> Optional[str]:
        """Is "called"/"named" at token c the naming sense? "noun" for "a lad called X" (any word
        may follow, even lower case), "be" for "he's called X" (a known or capitalised name),
        None for the verb ("I called Tesco", "someone called pretending to be ...")."""
        if c == 0:
            return None
        prev = doc[c - 1].lower_
        if prev in _PERSON_PRONOUNS or prev in ("we", "you", "and", "then", "had", "have", "just", "also"):
            return None
        if prev in _NAMING_NOUNS:
            return "noun"
        if prev in _PERSON_NOUNS or prev in ("somebody", "someone", "one", "name"):
            return "be"
        if prev in _BE_WORDS and c >= 2:
            pp = doc[c - 2].lower_
            if pp in _PERSON_NOUNS or pp in _PERSON_PRONOUNS or pp in ("who", "that"):
                return "be"
            return None
        if prev == "," and c >= 2 and doc[c - 2].lower_ in _PERSON_NOUNS:
            return "be"
        return None

    _BRIDGES_STRONG = (
        ("called",), ("named",), ("is", "called"), ("was", "called"), ("'s", "called"), ("s", "called"),
        ("who", "is", "called"), ("who", "'s", "called"), ("'s", "name", "is"), ("s", "name", "is"),
        ("name", "is"), ("whose", "name", "is"), ("is", "named"), ("was", "named"), (",", "called"),
        ("’s", "name", "is"), ("’s", "called"), ("'s", "name", "'s"), ("names",),
    )
    _BRIDGES_PLAIN = ((",",), ("(",), (":",), ("-",), ())
    _BRIDGES_GAZ = (("is",), ("was",), ("'s",), ("’s",))

    def _after_relation(self, doc, e: int, blocked, take) -> None:
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
                if not _is_alpha_word(tok.text):
                    continue
                low = _fold(tok.text)
                title = self._cap(tok.text)
                ok = False
                if mode == "strong":
                    ok = self._cue_name_ok(tok, blocked, strong=True)
                elif mode == "plain":
                    if low in self._strong or low in self._ambiguous:
                        ok = True
                    elif low in self._wordnames:
                        ok = title
                    elif title and len(low) > 1:
                        ok = self._cue_name_ok(tok, blocked, strong=False)
                else:
                    ok = low in self._strong or (title and low in self._ambiguous)
                if ok and not (mode != "strong" and self._not_person_context(doc, i)):
                    take(i, self._extend(doc, i, blocked))
                    return

    def _surname_ok(self, tok, capital_only: bool = False) -> bool:
        text_ = tok.text
        if not _is_alpha_word(text_):
            return False
        low = _fold(tok.text)
        if low in self._stop or low in _NOT_NAME or low in self._places or low in _MONTHS \
                or low in _WEEKDAYS or low in _STREET_SUFFIX_SET or low in _INSTITUTIONS \
                or low in _PERSON_NOUNS:
            return low in self._surnames and low not in self._stop
        if self._cap(text_):
            return True
        if _is_titlecase(text_) or text_.isupper():
            return low in self._surnames  # capitals say nothing here: only a known surname
        return not capital_only and low in self._surnames and low not in _WORD_SURNAMES

    def _extend(self, doc, i: int, blocked) -> int:
        """End (exclusive) of the name that starts at token i: joins "Mary-Jane" and surnames."""
        n = len(doc)
        j = i + 1
        j = self._hyphen_join(doc, j, blocked)
        added = 0
        while j < n and added < 2 and not blocked[j] and doc[j - 1].whitespace_:
            tok = doc[j]
            if tok.lower_ in ("van", "de", "da", "di", "von", "der", "den", "al", "el", "bin", "ibn") \
                    and j + 1 < n and _is_titlecase(doc[j + 1].text) and not blocked[j + 1]:
                j += 1
                tok = doc[j]
            if not self._surname_ok(tok):
                break
            if self._not_person_context(doc, j) and tok.lower_ not in self._surnames:
                break
            if j + 1 < n and doc[j + 1].lower_ in _STREET_SUFFIX_SET | _INSTITUTIONS:
                break  # "Sarah at Victoria Road" is handled elsewhere; "John Lewis Road" is a street
            j += 1
            added += 1
            j = self._hyphen_join(doc, j, blocked)
        return j

    @staticmethod
    def _hyphen_join(doc, j: int, blocked) -> int:
        n = len(doc)
        while (j + 1 < n and doc[j].text in ("-", "‐") and not doc[j - 1].whitespace_
               and not doc[j].whitespace_ and _is_alpha_word(doc[j + 1].text) and not blocked[j + 1]
               and doc[j + 1].text[:1].isupper()):
            j += 2
        return j


def _resolve(candidates: Iterable[Span], protected: Sequence[Tuple[int, int]]) -> List[Span]:
    """Keep non-overlapping candidates: better rank first, then longer. Placeholders win over all."""
    starts: List[int] = []
    ends: List[int] = []

    def free(start: int, end: int) -> bool:
        k = bisect.bisect_right(starts, start)
        if k > 0 and ends[k - 1] > start:
            return False
        return not (k < len(starts) and starts[k] < end)

    def add(start: int, end: int) -> None:
        k = bisect.bisect_right(starts, start)
        starts.insert(k, start)
        ends.insert(k, end)

    for start, end in protected:
        if free(start, end):
            add(start, end)
    out: List[Span] = []
    for start, end, kind in sorted(set(candidates), key=lambda c: (_RANK[c[2]], -(c[1] - c[0]), c[0])):
        if start < end and free(start, end):
            add(start, end)
            out.append((start, end, kind))
    return out


# ---------------------------------------------------------------------------------------------
# Module-level helpers
# ---------------------------------------------------------------------------------------------

_DEFAULT: Optional[Redactor] = None
_DEFAULT_LOCK = threading.Lock()


def default_redactor() -> Redactor:
    """The shared :class:`Redactor` over the project's data files (created on first call)."""
    global _DEFAULT
    if _DEFAULT is None:
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = Redactor()
    return _DEFAULT


def redact(text: Any) -> RedactionResult:
    """Redact ``text`` with the shared redactor."""
    return default_redactor().redact(text)


def _remap(offset: int, spans: Sequence[Span], is_end: bool) -> int:
    """Map an offset in the original text to the redacted text (inside a span: to its edge)."""
    shift = 0
    for start, end, kind in spans:
        if offset <= start:
            break
        if offset < end:
            return start + shift + (len(PLACEHOLDERS[kind]) if is_end else 0)
        shift += len(PLACEHOLDERS[kind]) - (end - start)
    return offset + shift


def redact_event_data(event: Any, redactor: Optional[Redactor] = None) -> Any:
    """A redacted copy of a Rasa event dict; the input is not changed.

    Redacts ``text``, ``parse_data.text`` and each ``parse_data.entities[*].value`` (and any
    ``text`` in an entity). An entity whose character range overlaps a redacted span gets the
    placeholder(s) as its value, and entity offsets are moved to the redacted text.
    Anything that is not a dict is returned unchanged (copied).
    """
    if not isinstance(event, dict):
        return copy.deepcopy(event)
    r = redactor or default_redactor()
    out = copy.deepcopy(event)
    results: Dict[str, RedactionResult] = {}

    def run(text: str) -> RedactionResult:
        if text not in results:
            results[text] = r.redact(text)
        return results[text]

    if isinstance(out.get("text"), str):
        out["text"] = run(out["text"]).text
    parse = out.get("parse_data")
    if isinstance(parse, dict):
        source = parse.get("text")
        base: Optional[RedactionResult] = None
        if isinstance(source, str):
            base = run(source)
            parse["text"] = base.text
        elif isinstance(event.get("text"), str):
            source = event["text"]
            base = run(source)
        entities = parse.get("entities")
        if isinstance(entities, list):
            for ent in entities:
                if isinstance(ent, dict):
                    _redact_entity(ent, source, base, run)
    return out


def _redact_entity(ent: Dict[str, Any], source: Optional[str], base: Optional[RedactionResult], run) -> None:
    start, end = ent.get("start"), ent.get("end")
    overlapping: List[Span] = []
    if (
        base is not None and source is not None and isinstance(start, int) and isinstance(end, int)
        and not isinstance(start, bool) and 0 <= start <= end <= len(source)
    ):
        overlapping = [sp for sp in base.spans if sp[0] < end and start < sp[1]]
        ent["start"] = _remap(start, base.spans, is_end=False)
        ent["end"] = _remap(end, base.spans, is_end=True)
    value = ent.get("value")
    if overlapping:
        ent["value"] = " ".join(PLACEHOLDERS[k] for _, _, k in overlapping)
    elif isinstance(value, str):
        ent["value"] = run(value).text
    elif isinstance(value, (list, tuple)):
        ent["value"] = [run(v).text if isinstance(v, str) else v for v in value]
    if isinstance(ent.get("text"), str):
        ent["text"] = run(ent["text"]).text
