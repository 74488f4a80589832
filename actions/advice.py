"""Actions that answer a strand question."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.strands import strand_map


class ActionStrandSignpost(Action):
    """Names the strand the question belongs to and gives the safe reporting routes."""

    def name(self) -> Text:
        return "action_strand_signpost"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        strands = strand_map()
        strand = strands.strand_for_intent(intent)
        if strand is None or strand == "out_of_scope":
            dispatcher.utter_message(response="utter_default")
            return []
        dispatcher.utter_message(
            text=f"It sounds like your question is about {strands.title(strand).lower()}.\n"
            "To report it, call 101 or go to essex.police.uk. If anyone is in danger now, call 999.",
            json_message=None,
        )
        return []
