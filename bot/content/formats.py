"""The rules for phone numbers and web addresses, each returning a plain-English problem or None.

Phone numbers (fields phone, text_number, textphone) - written in quotes, digits and single spaces:
  1. A UK number: starts with 0 and has 10 or 11 digits in all (0 + 9 or 10), e.g. "0800 555 111",
     "01375 380609", "08 08 16 89 111". Not +44, not 00.
  2. A short number from this list, written without spaces: 999, 112, 101, 111, 159, 55, 7726,
     85258, 18000.
  3. A 116 helpline: 116 and three more digits, e.g. "116 123" (Samaritans), "116 000".
  4. A textphone relay call: 18001, a space, then a number allowed by rules 1-3, e.g. "18001 101".
  5. Childline's short freephone number "0800 1111" (the one UK number with fewer digits).

Web addresses (fields url and source): https:// and a real-looking host name - two or more parts
separated by dots, letters/numbers/hyphens only, ending in a known domain ending (KNOWN_TLDS: .uk,
.org, .com, ...), e.g. www.essex.police.uk; no spaces, no user names, no ports, no IP addresses.
A genuine site with a rarer ending is added to KNOWN_TLDS (a one-line change).
"""
from __future__ import annotations

import re
from typing import Optional
from urllib.parse import urlsplit

SHORT_NUMBERS = {
    "999": "emergency",
    "112": "emergency (works like 999)",
    "101": "police non-emergency",
    "111": "NHS 111",
    "159": "bank call-back",
    "55": "Silent Solution (press 55 on a 999 call)",
    "7726": "report scam texts",
    "85258": "Shout text line",
    "18000": "Relay UK to 999",
}
SHORT_FREEPHONE_EXCEPTIONS = {"08001111": "Childline"}
RELAY_PREFIX = "18001"
_SHAPE = re.compile(r"[0-9]+( [0-9]+)*")
# Endings UK public-service and charity sites use. Catches "https://www.fearless" (missing .org).
KNOWN_TLDS = frozenset(
    "uk com org net info gov edu eu int io co app online scot wales cymru london charity ngo me tv".split()
)
_HOST_LABEL = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?")

PHONE_EXAMPLE = 'for example "0800 555 111", "01375 380609" or "101"'


def _digits_problem(written: str) -> Optional[str]:
    digits = written.replace(" ", "")
    if digits in SHORT_NUMBERS:
        return None if written == digits else f'is a short number: write it without spaces, as "{digits}".'
    if digits in SHORT_FREEPHONE_EXCEPTIONS:
        return None
    if re.fullmatch(r"116\d{3}", digits):
        return None if re.fullmatch(r"116 ?\d{3}", written) else f'is a 116 helpline: write it as "116 {digits[3:]}".'
    if digits.startswith("00"):
        return f"looks like an international number. Write UK numbers starting with a single 0, {PHONE_EXAMPLE}."
    if digits.startswith("0"):
        if 10 <= len(digits) <= 11:
            return None
        return (
            f"has {len(digits)} digits. UK numbers that start with 0 have 10 or 11 digits, {PHONE_EXAMPLE}. "
            "Check for a missing or extra digit."
        )
    return (
        "is not a UK phone number. Use a number that starts with 0 (10 or 11 digits) or a known short number "
        "(999, 112, 101, 111, 159, 55, 7726, 85258, 18000, 116 xxx, 18001 101)."
    )


def phone_problem(value: str) -> Optional[str]:
    """None if `value` follows the phone rule above, else what is wrong with it."""
    if value.startswith("+"):
        return f'starts with "+". Write UK numbers starting with 0 instead of +44, {PHONE_EXAMPLE}.'
    if not _SHAPE.fullmatch(value):
        return f"may contain only digits and single spaces (no dashes, brackets or words), {PHONE_EXAMPLE}."
    digits = value.replace(" ", "")
    if digits.startswith(RELAY_PREFIX) and digits != RELAY_PREFIX:
        if not value.startswith(RELAY_PREFIX + " "):
            return 'is a textphone relay number: put a space after 18001, for example "18001 101".'
        inner = _digits_problem(value[len(RELAY_PREFIX) + 1 :])
        return None if inner is None else f"is 18001 followed by a number that {inner}"
    return _digits_problem(value)


def url_problem(value: str) -> Optional[str]:
    """None if `value` is an https:// address with a real-looking host name, else what is wrong."""
    example = "for example https://www.essex.police.uk"
    if any(ch.isspace() for ch in value):
        return f"must not contain spaces, {example}."
    if value.lower().startswith("http://"):
        return "must start with https:// (the secure address), not http://."
    if not value.startswith("https://"):
        return f"must be a full web address starting with https://, {example}."
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return f"is not a valid web address, {example}."
    host = parts.hostname or ""
    if parts.username or parts.password or port is not None:
        return f"must not include a user name, password or port number, {example}."
    labels = host.split(".")
    if len(labels) < 2 or not all(_HOST_LABEL.fullmatch(label) for label in labels):
        return f"does not have a real-looking site name after https:// ('{host}'), {example}."
    if labels[-1] not in KNOWN_TLDS:
        return (
            f"ends in '.{labels[-1]}', which is not a web address ending we know (such as .uk, .org or .com). "
            "Check for a missing part, e.g. https://www.fearless.org. If the address is right, ask for the ending to be added."
        )
    return None
