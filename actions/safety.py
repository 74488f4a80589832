"""After the 999 message: the matching strand's safety advice, where it helps."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import SafeAction, Services, likeliest_strand, off_loop
from bot.conversation import replies
from bot.strands import STRAND_IDS

# Topic words that find an item about staying safe in the moment (a safety plan, the silent
# 999 call, leaving safely), in whichever strand the danger belongs to.
SAFETY_TOPICS = "safety plan leaving escape silent call 55 danger emergency"


def _safety_item(service, strand: Optional[str]):
    item = None
    if strand in STRAND_IDS:
        matches = service.advice_for_strand(strand, topic=SAFETY_TOPICS)
        item = matches[0] if matches else None
    if item is None:
        waiting = service.advice_for_strand("emergency", topic="waiting stay safe")
        item = waiting[0] if waiting else None
    return item, (service.referrals_for(item) if item else [])


class ActionEmergencySafetyAdvice(SafeAction):
    """Runs after utter_emergency (which always comes first). Never delays or replaces the 999 reply."""

    def name(self) -> Text:
        return "action_emergency_safety_advice"

    async def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        strand = likeliest_strand(tracker)
        item, referrals = await off_loop(_safety_item, Services.content(), strand)
        if item is None:
            return []
        dispatcher.utter_message(text=f"When it is safe to read more:\n**{item.title}**\n{item.summary}",
                                 json_message=replies.content_marker(item))
        cards = replies.referrals_payload(referrals)
        if cards:
            dispatcher.utter_message(text=replies.referrals_as_text(referrals), json_message=cards)
        return []
