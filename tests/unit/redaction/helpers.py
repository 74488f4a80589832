"""Small helpers shared by the redaction tests."""
from __future__ import annotations

from pathlib import Path
from typing import List, Set

import yaml

from bot.redaction import PLACEHOLDERS, TYPES, RedactionResult, Redactor

PROJECT_ROOT = Path(__file__).resolve().parents[3]


def red(r: Redactor, text: str) -> str:
    return r.redact(text).text


def found(r: Redactor, text: str, kind: str) -> List[str]:
    """The original values redacted as ``kind``."""
    return [text[s:e] for s, e, k in r.redact(text).spans if k == kind]


def check_consistent(text: str, res: RedactionResult) -> None:
    """Spans are sorted, inside the text, and rebuilding the text from them gives ``res.text``."""
    last = 0
    rebuilt = []
    for s, e, kind in res.spans:
        assert 0 <= last <= s < e <= len(text)
        assert kind in TYPES
        rebuilt.append(text[last:s])
        rebuilt.append(PLACEHOLDERS[kind])
        last = e
    rebuilt.append(text[last:])
    assert "".join(rebuilt) == res.text


def referral_numbers() -> List[str]:
    """Every phone number in the referral directory: the phone fields and numbers in the notes
    ("You can also dial 112", "call or text 116 000"), read from the file itself."""
    import re

    data = yaml.safe_load((PROJECT_ROOT / "content" / "referrals.yml").read_text(encoding="utf-8"))
    out: Set[str] = set()
    for ref in data["referrals"]:
        for key in ("phone", "text_number", "textphone"):
            if ref.get(key):
                out.add(str(ref[key]))
        for m in re.finditer(r"\b(?:dial|call|text|to|on)\s+(\d{2,}(?: \d{2,})*)", str(ref.get("notes") or "")):
            out.add(m.group(1))
    return sorted(out)
