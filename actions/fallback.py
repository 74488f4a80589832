"""Low confidence -> "Did you mean ...?"; a second miss or "none of these" -> a person. Never a dead end."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import SafeAction, Services
from bot.conversation.hand_off import live_chat_open
from bot.strands import STRAND_IDS, strand_map

FALLBACK = "nlu_fallback"


def consecutive_fallbacks(tracker: Tracker) -> int:
    """How many of the resident's latest messages in a row the NLU was unsure about."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if intent != FALLBACK:
            break
        count += 1
    return count


def hand_off_response(hours: str) -> str:
    open_now = live_chat_open(hours)
    if open_now:
        return "utter_hand_off_live_chat_open"
    if open_now is False:
        return "utter_hand_off_live_chat_closed"
    return "utter_hand_off_hours_unknown"


class ActionHandOff(SafeAction):
    def name(self) -> Text:
        return "action_hand_off"

    async def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response=hand_off_response(Services.settings().live_chat_hours))
        return []


class ActionDidYouMean(SafeAction):
    def name(self) -> Text:
        return "action_did_you_mean"

    async def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        if consecutive_fallbacks(tracker) >= 2:
            dispatcher.utter_message(response="utter_still_not_sure")
            dispatcher.utter_message(response=hand_off_response(Services.settings().live_chat_hours))
            return []
        strands = strand_map()
        ranking = tracker.latest_message.get("intent_ranking") or []
        guesses = [r["name"] for r in ranking if strands.strand_for_intent(r.get("name")) in STRAND_IDS][:3]
        if not guesses:
            dispatcher.utter_message(response="utter_default")
            return []
        buttons = [{"title": strands.title(strands.strand_for_intent(intent)), "payload": f"/{intent}"} for intent in guesses]
        buttons.append({"title": "None of these", "payload": "/deny"})
        dispatcher.utter_message(text="Sorry, I'm not sure I understood. Did you mean one of these?", buttons=buttons)
        return []
