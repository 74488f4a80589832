"""After the 999 message: the safety advice someone in danger needs, or the item a question about
999 itself asks for ("how do I text 999?")."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.advice import choose_for_turn, send_choice, turn_from_tracker
from actions.base import SafeAction, Services, likeliest_strand, off_loop
from bot.conversation import choosing, replies
from bot.conversation.safety_advice import in_danger_now, safety_item


class ActionEmergencySafetyAdvice(SafeAction):
    """Runs after utter_emergency (which always comes first). Never delays or replaces the 999 reply."""

    def name(self) -> Text:
        return "action_emergency_safety_advice"

    async def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        service = Services.content()
        if not in_danger_now(tracker.latest_message):
            # The classifier heard a question about emergencies, not danger now: answer it.
            turn = turn_from_tracker(tracker, mode=choosing.QUESTION)
            picked = await off_loop(choose_for_turn, service, turn, Services.retrieval_weights())
            if picked.choice is not None and picked.item is not None and picked.choice.kind == choosing.ITEM:
                send_choice(dispatcher, picked, list(turn.shown), topics=False)
                return []
        item, referrals = await off_loop(safety_item, service, likeliest_strand(tracker))
        if item is None:
            return []
        dispatcher.utter_message(text=f"When it is safe to read more:\n**{item.title}**\n{item.summary}",
                                 json_message=replies.content_marker(item))
        cards = replies.referrals_payload(referrals)
        if cards:
            dispatcher.utter_message(text=replies.referrals_as_text(referrals), json_message=cards)
        return []
