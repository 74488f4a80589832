"""How to report a crime, and polite signposting for questions outside crime prevention."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.advice import choose_for_turn, send_choice, turn_from_tracker
from actions.base import SafeAction, Services, off_loop
from bot.conversation import choosing


def _shown_events(turn: choosing.Turn, choice, item) -> List[Dict[Text, Any]]:
    if item is None or choice.kind != choosing.ITEM:
        return []
    return [SlotSet("last_item_id", item.id), SlotSet("content_version", str(item.version)),
            SlotSet("shown_items", ([i for i in turn.shown if i != item.id] + [item.id])[-20:])]


class ActionHowToReport(SafeAction):
    """The reporting item that fits the question (and the strand being discussed)."""

    def name(self) -> Text:
        return "action_how_to_report"

    async def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        turn = turn_from_tracker(tracker, mode=choosing.REPORT)
        picked = await off_loop(choose_for_turn, Services.content(), turn, Services.retrieval_weights())
        if picked.choice is None or picked.item is None:
            dispatcher.utter_message(response="utter_how_to_report")
            return []
        send_choice(dispatcher, picked, list(turn.shown))
        return _shown_events(turn, picked.choice, picked.item)


class ActionOutOfScope(SafeAction):
    """Not crime prevention: say so, show the signposting item that fits, and what I can help with."""

    def name(self) -> Text:
        return "action_out_of_scope"

    async def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        turn = turn_from_tracker(tracker, mode=choosing.OUT_OF_SCOPE)
        picked = await off_loop(choose_for_turn, Services.content(), turn, Services.retrieval_weights())
        choice, item = picked.choice, picked.item
        if item is None or choice.kind != choosing.ITEM or item.strand not in ("out_of_scope", "reporting", "emergency"):
            dispatcher.utter_message(response="utter_out_of_scope")
            dispatcher.utter_message(response="utter_what_i_can_help_with")
            return []
        dispatcher.utter_message(response="utter_out_of_scope")
        send_choice(dispatcher, picked, list(turn.shown), topics=False)
        dispatcher.utter_message(response="utter_what_i_can_help_with")
        return _shown_events(turn, choice, item)
