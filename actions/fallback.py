"""Low confidence -> "Did you mean ...?"; a second miss or "none of these" -> a person. Never a dead end."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from rasa_sdk.events import SlotSet

from actions.advice import choose_for_turn, send_choice, turn_from_tracker
from actions.base import SafeAction, Services, off_loop
from bot.conversation import choosing, replies
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
    """The NLU is unsure: the retriever's best item if it is a clear match, otherwise the best few
    items (or strands) as buttons. A second miss in a row goes to a person."""

    def name(self) -> Text:
        return "action_did_you_mean"

    async def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        if consecutive_fallbacks(tracker) >= 2:
            dispatcher.utter_message(response="utter_still_not_sure")
            dispatcher.utter_message(response=hand_off_response(Services.settings().live_chat_hours))
            return []
        turn = turn_from_tracker(tracker, mode=choosing.QUESTION)
        weights = Services.retrieval_weights()
        picked = await off_loop(choose_for_turn, Services.content(), turn, weights)
        choice, item = picked.choice, picked.item
        if choice is not None and item is not None and choice.kind == choosing.ITEM and choice.score >= weights.fallback_min:
            send_choice(dispatcher, picked, list(turn.shown))
            return [SlotSet("last_item_id", item.id), SlotSet("content_version", str(item.version)),
                    SlotSet("shown_items", ([i for i in turn.shown if i != item.id] + [item.id])[-20:])]
        if picked.best_few:
            # The same ranking the choice came from: nothing is embedded or ranked twice.
            buttons = replies.alternative_buttons(picked.best_few) + [{"title": "None of these", "payload": "/deny"}]
            dispatcher.utter_message(text="Sorry, I'm not sure I understood. Were you asking about one of these?", buttons=buttons)
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
