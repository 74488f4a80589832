"""The data every recognizer shares, read once: allow lists, service numbers, places, domains.

Allow lists live in data files (``data/redaction/``) so a new service or scheme needs no code
change. The referral directory (``content/referrals.yml``) adds its phone numbers, e-mail
addresses, service names and web domains at load time, so whatever the assistant gives out is
never redacted when a resident types it back.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, FrozenSet, Iterator, List, Optional, Set, Tuple
from urllib.parse import urlsplit

from bot.redaction.base import digits_of, fold, read_list

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data" / "redaction"
REFERRALS_PATH = PROJECT_ROOT / "content" / "referrals.yml"
LOCATIONS_PATH = PROJECT_ROOT / "data" / "lookups" / "locations.yml"

_EMAIL_IN_TEXT_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+'-]*@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_NUMBER_IN_TEXT_RE = re.compile(r"(?<![\w.])\+?\d[\d \-]*\d(?![\w])")


@dataclass
class Resources:
    """Everything read from disk for one redactor; recognizers take what they need from it."""

    data_dir: Path
    first_names: FrozenSet[str] = frozenset()
    ambiguous_names: FrozenSet[str] = frozenset()
    word_names: FrozenSet[str] = frozenset()
    surnames: FrozenSet[str] = frozenset()
    stop_words: FrozenSet[str] = frozenset()
    service_numbers: FrozenSet[str] = frozenset()
    allow_emails: FrozenSet[str] = frozenset()
    allow_phrases: List[str] = field(default_factory=list)
    places: FrozenSet[str] = frozenset()
    public_domains: FrozenSet[str] = frozenset()
    social_hosts: FrozenSet[str] = frozenset()
    private_link_hosts: FrozenSet[str] = frozenset()
    allow_handles: FrozenSet[str] = frozenset()
    public_figures: List[str] = field(default_factory=list)
    # vehicle makes ("bmw", "land rover") and, per make, its models ("x5", "3 series"), folded
    vehicle_makes: FrozenSet[str] = frozenset()
    vehicle_models: Dict[str, FrozenSet[str]] = field(default_factory=dict)
    all_vehicle_models: FrozenSet[str] = frozenset()

    @classmethod
    def load(cls, data_dir: Path, referrals_path: Optional[Path], locations_path: Optional[Path]) -> "Resources":
        """Read the data files; a missing ``data_dir`` raises FileNotFoundError."""
        from spacy.lang.en.stop_words import STOP_WORDS

        d = data_dir
        res = cls(data_dir=d)
        res.first_names = frozenset(fold(n) for n in read_list(d / "first_names.txt"))
        res.ambiguous_names = frozenset(fold(n) for n in read_list(d / "ambiguous_names.txt"))
        res.word_names = frozenset(fold(n) for n in read_list(d / "word_names.txt"))
        res.surnames = frozenset(fold(n) for n in read_list(d / "surnames.txt"))
        res.stop_words = frozenset(STOP_WORDS) | {"im", "ive", "id", "u", "ur", "r", "ya", "yeah", "dont"}
        res.social_hosts = frozenset(h.lower() for h in read_list(d / "social_hosts.txt"))
        private = d / "private_link_hosts.txt"
        res.private_link_hosts = frozenset(h.lower() for h in read_list(private)) if private.exists() else frozenset()
        res.allow_handles = frozenset(h.lower().lstrip("@") for h in read_list(d / "allow_handles.txt"))

        figures = d / "public_figures.txt"
        res.public_figures = read_list(figures) if figures.exists() else []
        vehicles = d / "vehicle_models.txt"
        if vehicles.exists():
            models: Dict[str, FrozenSet[str]] = {}
            for line in read_list(vehicles):
                make, _, rest = line.partition(":")
                make = fold(make.strip())
                models[make] = frozenset(fold(m.strip()) for m in rest.split(",") if m.strip()) | models.get(make, frozenset())
            res.vehicle_makes = frozenset(models)
            res.vehicle_models = models
            res.all_vehicle_models = frozenset(m for ms in models.values() for m in ms)

        service = {digits_of(line) for line in read_list(d / "service_numbers.txt")}
        phrases = read_list(d / "allow_list.txt")
        emails = {p.lower() for p in phrases if "@" in p}
        phrases = [p for p in phrases if "@" not in p]
        domains = {h.lower() for h in read_list(d / "public_domains.txt")}
        if referrals_path is not None and referrals_path.exists():
            _add_referrals(referrals_path, service, emails, phrases, domains)
        # Both the dialled form and the national form (in case a list gives +44 ...).
        expanded = set(service)
        for s in service:
            if s.startswith("44") and len(s) >= 11:
                expanded.add("0" + s[2:])
        res.service_numbers = frozenset(x for x in expanded if x)
        res.allow_emails = frozenset(emails)
        res.allow_phrases = phrases
        res.public_domains = frozenset(domains)
        res.places = frozenset(p.lower() for p in _read_places(locations_path))
        return res

    def is_service_number(self, number: str) -> bool:
        """True if ``number`` (any spacing, +44 / 0044 allowed) is a number never redacted."""
        digits = digits_of(number)
        if digits in self.service_numbers:
            return True
        national = uk_national(digits, number.strip().startswith("+"))
        return national is not None and national in self.service_numbers

    def is_public_domain(self, host: str) -> bool:
        """``host`` or one of its parent domains is a public service site (gov.uk, police.uk ...)."""
        host = host.lower().rstrip(".")
        if host.startswith("www."):
            host = host[4:]
        parts = host.split(".")
        return any(".".join(parts[i:]) in self.public_domains for i in range(len(parts) - 1))


def uk_national(digits: str, plus: bool) -> Optional[str]:
    """UK national form ('0' + 9 or 10 digits) of a dialled number, or None if not UK."""
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


def _walk_strings(node: Any, key: Optional[str] = None) -> Iterator[Tuple[Optional[str], str]]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _walk_strings(v, str(k))
    elif isinstance(node, list):
        for v in node:
            yield from _walk_strings(v, key)
    elif isinstance(node, (str, int)) and not isinstance(node, bool):
        yield key, str(node)


def _add_referrals(path: Path, service: Set[str], emails: Set[str], phrases: List[str], domains: Set[str]) -> None:
    import yaml

    with open(path, encoding="utf-8") as fh:
        referrals = yaml.safe_load(fh) or {}
    for key, value in _walk_strings(referrals):
        if key in ("phone", "text_number", "textphone") and digits_of(value):
            service.add(digits_of(value))
        for m in _NUMBER_IN_TEXT_RE.finditer(value):
            digits = digits_of(m.group())
            if len(digits) >= 3:
                service.add(digits)
        for m in _EMAIL_IN_TEXT_RE.finditer(value):
            emails.add(m.group().lower())
        if key in ("url", "source") and value.startswith("http"):
            host = (urlsplit(value).hostname or "").lower()
            domains.add(host[4:] if host.startswith("www.") else host)
        if key == "name":
            head, _, rest = value.partition(" (")
            phrases.append(head.strip())
            if rest:
                phrases.append(rest.rstrip(")").strip())


def _read_places(path: Optional[Path]) -> List[str]:
    if path is None or not path.exists():
        return []
    import yaml

    with open(path, encoding="utf-8") as fh:
        locs = yaml.safe_load(fh) or {}
    places: List[str] = []
    for item in locs.get("nlu", []) or []:
        if isinstance(item, dict) and "lookup" in item:
            for line in str(item.get("examples", "")).splitlines():
                line = line.strip().lstrip("-").strip()
                if line:
                    places.append(line)
    return places
