"""EMAIL: plain addresses and the obfuscated ways residents type them.

Obfuscated forms: "jo dot smith at gmail dot com", "sam[at]example.co.uk", "name (at) domain (dot)
com", "garyb at gmail dot com". A plain " at " is also an ordinary word ("I was at Tesco.com"), so
it counts only with a spoken " dot " in the domain or a known mail provider; a bracketed "(at)" /
"[at]" is never ordinary English and counts before any domain with a real top-level domain.
Service addresses the assistant gives out (allow list, referral directory) are kept.
"""
from __future__ import annotations

import re
from typing import FrozenSet, List, Sequence, Tuple

from bot.redaction.base import Recognizer, Span
from bot.redaction.resources import Resources

EMAIL_RE = re.compile(
    r"(?<![\w.+'-])[A-Za-z0-9][A-Za-z0-9._%+'-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"
)

_PROVIDERS = (
    "gmail|googlemail|hotmail|yahoo|outlook|live|icloud|btinternet|btopenworld|aol|sky|virginmedia|"
    "protonmail|proton|me|mail|ymail|msn|talktalk|ntlworld|gmx|zoho|yandex|mac|blueyonder|tiscali"
)
_DOT = r"(?:\.|\s*[\(\[\{<]\s*dot\s*[\)\]\}>]\s*|\s+dot\s+)"
_AT = r"(?P<at>\s*[\(\[\{<]\s*at\s*[\)\]\}>]\s*|\s+at\s+|\s*@\s*)"
_TLD = r"(?:com|net|org|co" + _DOT + r"uk|org" + _DOT + r"uk|ac" + _DOT + r"uk|uk|me|io|eu|info|biz|ie|pl|ro|lt|de|fr|es)"
_LOCAL = r"(?P<local>[A-Za-z0-9][\w+'-]*(?:" + _DOT + r"[A-Za-z0-9][\w+'-]*|_[A-Za-z0-9][\w+'-]*){0,4})"
_DOMAIN = r"(?P<domain>(?:[A-Za-z0-9][A-Za-z0-9-]*" + _DOT + r"){1,3}" + _TLD + r")"
SPOKEN_RE = re.compile(r"(?<![\w.@])" + _LOCAL + _AT + _DOMAIN + r"\b", re.I)
_PROVIDER_RE = re.compile(r"^(?:" + _PROVIDERS + r")\b", re.I)
_SPOKEN_DOT_RE = re.compile(r"[\(\[\{<]\s*dot|\sdot\s", re.I)


class EmailRecognizer(Recognizer):
    """E-mail addresses, written normally or spelled out to dodge filters."""

    kind = "EMAIL"

    def load(self, resources: Resources) -> None:
        self._allow: FrozenSet[str] = resources.allow_emails
        self._stop: FrozenSet[str] = resources.stop_words

    def analyze(self, text: str, taken: Sequence[Tuple[int, int]] = ()) -> List[Span]:
        out: List[Span] = []
        if "@" in text:
            for m in EMAIL_RE.finditer(text):
                if m.group().lower() not in self._allow:
                    out.append((m.start(), m.end(), self.kind))
        if "at" not in text.lower() and " @" not in text and "@ " not in text:
            return out
        for m in SPOKEN_RE.finditer(text):
            if m.group("at") == "@":
                continue  # a plain address, found above
            if self._obfuscated_ok(m):
                out.append((m.start(), m.end(), self.kind))
        return out

    def _obfuscated_ok(self, m: "re.Match[str]") -> bool:
        """Bracketed "(at)" or a spaced "@" always; a plain " at " is also an ordinary word, so it
        needs a spoken dot or a mail provider, and a local part that is not a stop word."""
        if any(c in m.group("at") for c in "([{<@"):
            return True
        local, domain = m.group("local"), m.group("domain")
        provider = re.split(r"\W", domain, maxsplit=1)[0].lower()
        if local.lower() in self._stop or provider in self._stop:
            return False  # "i was at tesco.com", "look at this dot com"
        return bool(_SPOKEN_DOT_RE.search(domain) or _PROVIDER_RE.match(domain))
