"""IP_ADDRESS: IPv4 ("81.2.69.160") and IPv6 ("2001:db8::ff00:42:8329") addresses.

An address a resident's router or a scammer's session shows can identify a household. Candidates
are checked with :mod:`ipaddress`, so version numbers with three parts ("iOS 17.1.2"), dates
("12.03.2024"), times ("10:30:45") and prices are kept; so is a four-part number right after a
version or numbering word or an app's name ("version 4.2.1.3", "section 4.1.2.3", "WhatsApp 2.24.6.77"). Loopback and unspecified addresses (127.0.0.1, 0.0.0.0,
::1) identify nobody and are kept.
"""
from __future__ import annotations

import ipaddress
import re
from typing import List, Sequence, Tuple

from bot.redaction.base import Recognizer, Span, has_context

_IPV4_RE = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)")
_IPV6_RE = re.compile(r"(?<![\w:])(?=[0-9A-Fa-f:]*:[0-9A-Fa-f:]*:)[0-9A-Fa-f:]{2,39}(?:%\w+)?(?:(?<=:)(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])")
_VERSION_CUE_RE = re.compile(
    r"\b(?:version|ver|v|ios|android|update|firmware|build|release|section|sect|para|paragraph|clause|"
    r"rule|step|chapter|part|app|apk|whatsapp|chrome|firefox|safari|edge|windows|macos|teams|zoom|"
    r"snapchat|instagram|tiktok|facebook|messenger|signal|telegram|outlook|office|minecraft|roblox)\b\W*$",
    re.I,
)


class IpAddressRecognizer(Recognizer):
    """IPv4 and IPv6 addresses."""

    kind = "IP_ADDRESS"

    def analyze(self, text: str, taken: Sequence[Tuple[int, int]] = ()) -> List[Span]:
        out: List[Span] = []
        if "." in text:
            for m in _IPV4_RE.finditer(text):
                if _worth_redacting(m.group()) and not has_context(text, m.start(), _VERSION_CUE_RE, 15):
                    out.append((m.start(), m.end(), self.kind))
        if "::" in text or text.count(":") >= 7:
            for m in _IPV6_RE.finditer(text):
                if _worth_redacting(m.group()):
                    out.append((m.start(), m.end(), self.kind))
        return out


def _worth_redacting(candidate: str) -> bool:
    try:
        ip = ipaddress.ip_address(candidate.split("%", 1)[0])
    except ValueError:
        return False
    return not (ip.is_loopback or ip.is_unspecified)
