"""'Was this helpful?': stored with the conversation, the strand and the content item and version."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import SafeAction, Services, latest_intent, off_loop

HELPFUL_INTENTS = {"feedback_helpful", "affirm"}


class ActionRecordFeedback(SafeAction):
    def name(self) -> Text:
        return "action_record_feedback"

    async def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        helpful = latest_intent(tracker) in HELPFUL_INTENTS
        version = tracker.get_slot("content_version")
        feedback_id = await off_loop(
            Services.feedback().record, tracker.sender_id, helpful, tracker.get_slot("strand"),
            tracker.get_slot("last_item_id"), int(version) if version else None,
        )
        if helpful:
            dispatcher.utter_message(response="utter_thanks_for_feedback")
        return [SlotSet("feedback_id", str(feedback_id))]


class ActionSaveFeedbackComment(SafeAction):
    def name(self) -> Text:
        return "action_save_feedback_comment"

    async def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        comment = tracker.get_slot("feedback_comment")
        feedback_id = tracker.get_slot("feedback_id")
        if comment and feedback_id and str(feedback_id).isdigit():
            # Only this conversation's own feedback (bot/feedback.py).
            await off_loop(Services.feedback().add_comment, int(feedback_id), comment, tracker.sender_id)
        dispatcher.utter_message(response="utter_thanks_for_feedback")
        return [SlotSet("feedback_comment", None), SlotSet("feedback_id", None)]
