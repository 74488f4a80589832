"""After the 999 message for someone in danger now: the strand's advice about staying safe.

Chosen by topic words on purpose, not by the retriever: what a person in danger needs next is the
safety plan / silent call / leaving safely item, not the item most like their words.
"""
from __future__ import annotations

from typing import Any, List, Optional, Tuple

from bot.strands import STRAND_IDS

# Topic words that find an item about staying safe in the moment (a safety plan, the silent
# 999 call, leaving safely), in whichever strand the danger belongs to.
SAFETY_TOPICS = "safety plan leaving escape silent call 55 danger emergency"


def safety_item(service, strand: Optional[str]) -> Tuple[Any, List[Any]]:
    """(item, its referrals) or (None, [])."""
    item = None
    if strand in STRAND_IDS:
        matches = service.advice_for_strand(strand, topic=SAFETY_TOPICS)
        item = matches[0] if matches else None
    if item is None:
        waiting = service.advice_for_strand("emergency", topic="waiting stay safe")
        item = waiting[0] if waiting else None
    return item, (service.referrals_for(item) if item else [])


def in_danger_now(parse: dict) -> bool:
    """The danger-now decision was certain (tier 1), not only the classifier's emergency intent."""
    net = parse.get("safety_net") or {}
    return bool(net.get("fired")) and net.get("tier", "certain") == "certain"
