"""BANK_ACCOUNT: UK sort codes and account numbers given as bank details, and IBANs.

Residents paste bank details when reporting fraud ("they took £900 from sort code 20-45-77 acc
41223344"). Six and eight digit runs are everywhere (order numbers, crime references, prices), so
a sort code or account number counts only with a bank cue close before it, or right beside its
partner ("20-45-77 41223344"). An IBAN of a common country needs no cue: its mod-97 check digits
make a chance match about one in a hundred, and the country length rule does the rest; any other
country of the IBAN registry counts when written in fours or after a bank or IBAN cue. A bare
six-digit run counts as a sort code beside an account number after a bank cue ("my bank details
are 309634 41726583").

A UK bank's name is a sort-code cue ("Santander 09-06-66", "paid into Monzo 04-00-04"), and a sort
code may be written with dots ("sort code 20.32.06") when a sort-code cue stands before it (dotted
pairs alone are dates). Every EU and EEA country, Switzerland and the UK's other neighbours count
as common IBAN countries ("send it on to AT61 1904 ..."), and a payment cue ("transfer it to",
"paid into") counts as an IBAN cue for any country.
"""
from __future__ import annotations

import re
from typing import List, Optional, Sequence, Tuple

from bot.redaction.base import Recognizer, Span, has_context

_SORT_CODE_RE = re.compile(r"(?<![\d/\-.£$€])(?P<sc>\d{2}[\-– ]\d{2}[\-– ]\d{2}|\d{6})(?![\d/\-]|\.\d)")
# Not the second half of a card number written in fours ("4929 1234 5678 9012"); a six-digit sort
# code before it ("309634 41726583") is fine.
_ACCOUNT_RE = re.compile(r"(?<![\d/\-.£$€])(?<!(?<!\d)\d{4} )(?P<acc>\d{8}|\d{4} \d{4})(?![\d/\-]|\.\d| \d)")
_SORT_CUE_RE = re.compile(
    r"\b(?:sort\s*code|sortcode|sort|s/c|s\.c\.?|sc)(?!\w)", re.I)
# UK banks and building societies: a cue for a sort code written in pairs ("Santander 09-06-66"),
# not for a bare six-digit run ("Lloyds case 302211")
_BANK_NAME_RE = re.compile(
    r"\b(?:santander|barclays|lloyds|natwest|nat\s+west|hsbc|halifax|nationwide|monzo|starling|revolut|tsb|"
    r"metro\s+bank|co-?op(?:erative)?\s+bank|rbs|royal\s+bank(?:\s+of\s+scotland)?|bank\s+of\s+scotland|"
    r"first\s+direct|virgin\s+money|tide|chase|yorkshire\s+building\s+society|coventry\s+building\s+society|"
    r"skipton|ulster\s+bank|clydesdale|danske|kroo|zopa|atom\s+bank)(?!\w)",
    re.I,
)
# "sort code 20.32.06": dots only after a sort-code word (dotted pairs alone are dates)
_DOTTED_SORT_RE = re.compile(
    r"\b(?:sort\s*code|sortcode|sort|s/c)(?:\s+(?:is|was|no\.?|number|:|-))*\s*[:\-]?\s*"
    r"(?P<sc>\d{2}\.\d{2}\.\d{2})(?![\d.]\d)",
    re.I,
)
_ACCOUNT_CUE_RE = re.compile(
    r"\b(?:account|acc|acct|a/c|bank\s+details|sort\s*code|sortcode|s/c|payee|beneficiary)(?!\w)", re.I
)
_CUE_WINDOW = 45
_MAX_WORDS_BETWEEN = 4  # "account ending 4821, full number 90817263"
_SENTENCE_BREAK_RE = re.compile(r"[.!?](?:\s|$)")
_ABBREVIATION_RE = re.compile(r"\b(?:no|num|acc|acct|nr)\.", re.I)  # "account no. 10293847"
_PAIR_GAP_RE = re.compile(r"^[\s,;:/&\-]*(?:and|acc(?:ount)?(?:\s+(?:no|number))?|a/c)?[\s,;:.\-]*$", re.I)

# Written compact or in groups of four ("GB29 NWBK 6016 1331 9268 19"), in one case throughout.
_IBAN_RE = re.compile(
    r"\b(?P<iban>[A-Z]{2}\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?)"
    r"|[a-z]{2}\d{2}(?:[a-z0-9]{11,30}|(?: [a-z0-9]{4}){2,7}(?: [a-z0-9]{1,3})?))\b"
)
_IBAN_CUE_RE = re.compile(
    r"\biban\b|\b(?:send|sent|sending|transfer|transferred|transferring|pay|paid|paying|forward|move|wire)"
    r"\w*\s+(?:it|them|the\s+money|money|the\s+rest|funds)?\s*(?:on\s+)?(?:to|into)\b",
    re.I,
)
# Lengths of the IBANs residents here are likely to have (UK and the EU countries most common in
# Essex): these count anywhere.
_IBAN_LENGTHS = {"GB": 22, "IE": 22, "DE": 22, "PL": 28, "RO": 24, "LT": 20, "LV": 21, "BG": 22,
                 "FR": 27, "ES": 24, "IT": 27, "PT": 25, "NL": 18, "BE": 16, "SK": 24, "CZ": 24,
                 "HU": 28, "GR": 27, "TR": 26, "AL": 28, "UA": 29,
                 # the rest of the EU, Switzerland and the Balkans (Norway's 15 characters are too
                 # short to count without a cue)
                 "AT": 20, "CH": 21, "DK": 18, "FI": 18, "SE": 24, "IS": 26, "EE": 20,
                 "SI": 19, "HR": 21, "LU": 20, "MT": 31, "CY": 28, "LI": 21, "RS": 22, "BA": 20,
                 "MK": 19, "ME": 22, "XK": 20, "MD": 24, "GI": 23}
# Every other country of the SWIFT IBAN registry, at its exact length, counts when the IBAN is
# written in groups of four ("CH93 0076 2011 6238 5295 7") or after an IBAN or bank cue ("Swiss
# account CH93...", "iban NO93..."): a compact run of capitals and digits alone may be a reference.
_IBAN_REGISTRY_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27,
    "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25,
    "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18,
    "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33,
    "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}


def iban_valid(iban: str, any_country: bool = False) -> bool:
    """ISO 13616 mod-97 check of an IBAN written without spaces (any case); the country's length
    must match, and a country outside the table counts only with ``any_country``."""
    iban = iban.upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", iban):
        return False
    expected = _IBAN_LENGTHS.get(iban[:2])
    if expected is None and any_country:
        expected = _IBAN_REGISTRY_LENGTHS.get(iban[:2], len(iban) if 15 <= len(iban) <= 34 else None)
    if expected is None or len(iban) != expected:
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


class BankAccountRecognizer(Recognizer):
    """Sort codes, account numbers and IBANs."""

    kind = "BANK_ACCOUNT"

    def analyze(self, text: str, taken: Sequence[Tuple[int, int]] = ()) -> List[Span]:
        out: List[Span] = []
        sort_codes = list(_SORT_CODE_RE.finditer(text))
        accounts = list(_ACCOUNT_RE.finditer(text))
        # a bare six-digit run is too common to count by being beside a number; "20-45-77" is not
        paired = [m for m in sort_codes if not m.group().isdigit()]
        for m in sort_codes:
            if _cued(text, m.start(), _SORT_CUE_RE) or (m in paired and _beside(text, m, accounts)) \
                    or (m in paired and _cued(text, m.start(), _BANK_NAME_RE)):
                out.append((m.start(), m.end(), self.kind))
            elif _beside(text, m, accounts) and (
                _cued(text, m.start(), _ACCOUNT_CUE_RE) or _cued(text, m.start(), _SORT_CUE_RE)
            ):
                # a bare six-digit run beside an account number, after a bank cue: "my bank
                # details are 309634 41726583", "account: 401122 90817263"
                out.append((m.start(), m.end(), self.kind))
        for m in _DOTTED_SORT_RE.finditer(text):
            out.append((m.start("sc"), m.end("sc"), self.kind))
        cued_sorts = [m for m in sort_codes if (m.start(), m.end(), self.kind) in out]
        for m in accounts:
            if _cued(text, m.start(), _ACCOUNT_CUE_RE) or _beside(text, m, paired) or _beside(text, m, cued_sorts):
                out.append((m.start(), m.end(), self.kind))
        if any(c.isdigit() for c in text):
            for m in _IBAN_RE.finditer(text):
                iban = m.group("iban")
                any_country = " " in iban or has_context(text, m.start(), _IBAN_CUE_RE, 20) \
                    or _cued(text, m.start(), _ACCOUNT_CUE_RE)
                end = _iban_end(iban, any_country)
                if end is not None:
                    out.append((m.start(), m.start() + end, self.kind))
        return out


def _cued(text: str, start: int, cue: "re.Pattern[str]") -> bool:
    """A cue shortly before ``start``, in the same sentence, at most a few words away."""
    window_start = max(0, start - _CUE_WINDOW)
    for m in cue.finditer(text, window_start, start):
        between = _ABBREVIATION_RE.sub("", text[m.end():start])
        if not _SENTENCE_BREAK_RE.search(between) and len(between.split()) <= _MAX_WORDS_BETWEEN:
            return True
    return False


def _beside(text: str, m: "re.Match[str]", others: Sequence["re.Match[str]"]) -> bool:
    """Is a partner (sort code beside account number) separated from ``m`` only by a connector?"""
    for o in others:
        if o.start() >= m.end():
            gap = text[m.end():o.start()]
        elif o.end() <= m.start():
            gap = text[o.end():m.start()]
        else:
            continue
        if len(gap) <= 20 and _PAIR_GAP_RE.match(gap):
            return True
    return False


def _iban_end(candidate: str, any_country: bool) -> Optional[int]:
    """Length of the longest prefix of ``candidate`` (cut at a character) that is a valid IBAN."""
    compact = ""
    best: Optional[int] = None
    for i, ch in enumerate(candidate):
        if ch == " ":
            continue
        compact += ch
        if len(compact) >= 15 and iban_valid(compact, any_country):
            best = i + 1
    return best
