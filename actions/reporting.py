"""How to report a crime, and polite signposting for questions outside crime prevention."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import SafeAction, Services, off_loop
from bot.conversation import context, replies

# Reporting routes that depend on the strand being discussed.
REPORTING_TOPIC_FOR_STRAND = {
    "cybercrime_fraud": "fraud scam report fraud",
    "hate_crime": "hate crime true vision",
}


def _best(service, strand: str, topic: str):
    items = service.advice_for_strand(strand, topic=topic) if topic else []
    items = items or service.advice_for_strand(strand)
    item = items[0] if items else None
    return item, (service.referrals_for(item) if item else [])


def _send(dispatcher: CollectingDispatcher, item, referrals) -> None:
    dispatcher.utter_message(text=f"**{item.title}**\n{item.summary}\n" + "\n".join(f"- {s}" for s in item.steps),
                             json_message=replies.content_marker(item))
    cards = replies.referrals_payload(referrals)
    if cards:
        dispatcher.utter_message(text=replies.referrals_as_text(referrals), json_message=cards)


class ActionHowToReport(SafeAction):
    def name(self) -> Text:
        return "action_how_to_report"

    async def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        strand: Optional[str] = tracker.get_slot("strand")
        words = context.topic_words(tracker.latest_message.get("text") or "")
        topic = REPORTING_TOPIC_FOR_STRAND.get(strand or "", "") or words
        item, referrals = await off_loop(_best, Services.content(), "reporting", topic)
        if item is None:
            dispatcher.utter_message(response="utter_how_to_report")
            return []
        _send(dispatcher, item, referrals)
        return []


class ActionOutOfScope(SafeAction):
    def name(self) -> Text:
        return "action_out_of_scope"

    async def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        words = context.topic_words(tracker.latest_message.get("text") or "")
        item, referrals = await off_loop(_best, Services.content(), "out_of_scope", words)
        dispatcher.utter_message(response="utter_out_of_scope")
        if item is not None:
            _send(dispatcher, item, referrals)
        dispatcher.utter_message(response="utter_what_i_can_help_with")
        return []
