"""Checked content, ready to publish: the plain records the store keeps, and their fingerprint."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Dict, Tuple

from bot.content.models import AdviceItem, Referral


def referral_record(referral: Referral) -> Dict[str, Any]:
    return json.loads(referral.json())


def item_record(strand: str, item: AdviceItem) -> Dict[str, Any]:
    # The strand comes from the file, but a stored item must be complete on its own.
    return {"strand": strand, **json.loads(item.json())}


@dataclass(frozen=True)
class BundledItem:
    strand: str
    item: AdviceItem
    source_file: str  # e.g. advice/burglary_robbery.yml, for people tracing where an item came from
    position: int  # order across all files (files sorted by name): the order editors wrote

    @property
    def record(self) -> Dict[str, Any]:
        return item_record(self.strand, self.item)


@dataclass(frozen=True)
class ContentBundle:
    referrals: Tuple[Referral, ...]
    items: Tuple[BundledItem, ...]

    def content_hash(self) -> str:
        """Fingerprint of what residents could be shown. Comments, spacing and which file an item
        sits in do not count; the order of items does (it decides what is offered first)."""
        canonical = {
            "referrals": sorted((referral_record(r) for r in self.referrals), key=lambda r: r["id"]),
            "items": [b.record for b in sorted(self.items, key=lambda b: b.position)],
        }
        encoded = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()
