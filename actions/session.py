"""Session start: say it is automated, the one-line privacy notice, and 999 - before anything else."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted
from rasa_sdk.executor import CollectingDispatcher

from bot.conversation.replies import GREETING


class ActionSessionStart(Action):
    def name(self) -> Text:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(text=GREETING)
        # Slots are not carried over (session_config), so a new session starts clean.
        return [SessionStarted(), ActionExecuted("action_listen")]
