"""Word lists the name recognizer's rules are made of (not personal data, not worth data files).

The gazetteers of first names and surnames, and the allow lists, are data files under
``data/redaction/``; these lists are grammar: titles, relationship words, person nouns and the
words that are never a name even when capitalised.
"""
from __future__ import annotations

import re

# Words after a first name that show it is a street, school, hospital, law or scheme, not a person.
INSTITUTIONS = frozenset(
    "hospital hospice school academy college primary secondary station church centre center house "
    "surgery practice hall hotel pub arms inn library university uni ward trust foundation law laws "
    "scheme app line helpline street road avenue lane close drive estate"
    .split()
)

# Words that can never be the words of a street name between a house number and "Road" etc.:

TITLES_ANYCASE = frozenset("mr mr. mrs mrs. ms ms. miss mx mx. dr dr. prof prof. sir dame".split())
TITLES_EXACT = frozenset(
    "PC DC DS DI DCI Sgt Sgt. Insp Insp. Det Det. Officer Constable Sergeant Inspector Detective "
    "Cllr Councillor Lady Lord Rev Reverend Father Sister Nurse Uncle Auntie Aunty Aunt".split()
)
POLICE_TITLES = frozenset("PC DC DS DI DCI Sgt Sgt. Officer Constable Sergeant".split())

POSSESSIVES = ["my", "our", "his", "her", "their", "your", "me", "mi", "ma"]
REL_WORDS = (
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
REL_MODIFIERS = (
    "ex x - step best former old new current late eldest youngest oldest older younger little big "
    "baby year years yr yo teenage teen adult twin other half in law 's s"
).split()
PERSON_NOUNS = frozenset(
    REL_WORDS
    + "man woman lad lads guy guys girl boy bloke person someone somebody kid child fella fellow lady "
    "chap geezer youth teen teenager gentleman gent dude one he she they who i im".split()
)
# Nouns after which "called"/"named" can only be the naming sense: "a lad called shaz".
NAMING_NOUNS = frozenset(
    REL_WORDS
    + "man woman lad guy girl boy bloke person kid child fella fellow lady chap geezer youth teen "
    "teenager gentleman gent dude".split()
)
VERBISH_RE = re.compile(r"(?:ing|ed|ly|in')$")
NOT_NAME_LOWER = frozenset(
    "names name things stuff everything something nothing slurs words police back round out over "
    "again loads lots racist homophobic names".split()
)
PERSON_PRONOUNS = frozenset("he she i they who we you".split())
BE_WORDS = frozenset("is was are were 's s am 'm m be been being ’s ’m".split())

MONTHS = frozenset(
    "january february march april may june july august september october november december jan feb "
    "mar apr jun jul aug sep sept oct nov dec".split()
)
WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri "
    "sat sun".split()
)
# Capitalised words that are never a name even after a relationship word or title.
NOT_NAME = frozenset(
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
    "drunk high mental crazy nuts violent aggressive abusive nasty rude horrible lovely nice anon gay lesbian "
    "bisexual bi trans transgender disabled autistic deaf blind pregnant homeless vulnerable elderly single "
    "married divorced widowed new desperate alone lost stuck here home back".split()
)

PLACE_PREPOSITIONS = frozenset("on in along down up off via opposite near the at".split())

# Surnames that are also everyday words: appended to a name only when capitalised
# ("Dave Young"), never in lower case ("i told dave young people were ...").
WORD_SURNAMES = frozenset(
    "rose king young white black green day hill bell bird fox hunt cook banks mills wood woods west "
    "stone grant price hall lane park house church chase croft field fields hart ward wells webb "
    "bond booth brown gray grey golding may little long short rich sharp swift well wise".split()
)

SENTENCE_END = frozenset({".", "!", "?", "…", "...", "!!", "??", "?!", "!?"})

def is_alpha_word(text: str) -> bool:
    return bool(ALPHA_WORD_RE.match(text))


ALPHA_WORD_RE = re.compile(r"^[^\W\d_]+(?:['’][^\W\d_]+)*$")


def is_titlecase(text: str) -> bool:
    """'Dave', 'McDonald', "O'Brien": capital first letter and lower-case letters after."""
    return len(text) > 1 and text[0].isupper() and any(c.islower() for c in text[1:])