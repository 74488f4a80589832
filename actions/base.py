"""Shared plumbing for actions: services from bot/, blocking calls off the event loop, timeouts."""
from __future__ import annotations

import abc
import asyncio
import logging
from typing import Any, Callable, Dict, List, Optional, Text, TypeVar

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.conversation.replies import POSSIBLE_DANGER_MARKER, POSSIBLE_DANGER_TEXT, SAFE_FAILURE_TEXT
from bot.danger.decision import POSSIBLE
from bot.services import Services  # noqa: F401 - re-exported for the action modules
from bot.settings import get_settings

logger = logging.getLogger(__name__)
T = TypeVar("T")


async def off_loop(function: Callable[..., T], *args: Any, timeout: Optional[float] = None) -> T:
    """Run blocking I/O (SQLAlchemy, requests) in a worker thread, with a timeout."""
    limit = timeout if timeout is not None else get_settings().db_timeout_seconds
    return await asyncio.wait_for(asyncio.to_thread(function, *args), timeout=limit)


class SafeAction(Action, abc.ABC):
    """An action that never leaves the resident without a reply: any failure gives the safe message."""

    @abc.abstractmethod
    async def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        ...

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        if possible_danger_line_due(tracker):
            # Tier 2 of the danger-now decision: the 999 line heads whatever this turn answers.
            dispatcher.utter_message(text=POSSIBLE_DANGER_TEXT, json_message=POSSIBLE_DANGER_MARKER)
        try:
            # A deadline inside the action server: Rasa itself would wait five minutes.
            return await asyncio.wait_for(self.respond(dispatcher, tracker, domain),
                                          timeout=get_settings().action_timeout_seconds)
        except Exception:  # noqa: BLE001 - any failure must still give the resident a safe reply
            logger.exception("action %s failed; sending the safe reply", self.name())
            dispatcher.utter_message(text=SAFE_FAILURE_TEXT)
            return []


def possible_danger_line_due(tracker: Tracker) -> bool:
    """The latest message may be danger now (tier "possible") and nothing has answered it yet."""
    net = tracker.latest_message.get("safety_net") or {}
    if net.get("tier") != POSSIBLE:
        return False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return True
        if event.get("event") == "bot":
            return False
    return True


def latest_intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


def model_intent(tracker: Tracker) -> Optional[str]:
    """The classifier's own intent, before the safety net made it `emergency`."""
    net = tracker.latest_message.get("safety_net") or {}
    if net.get("fired") and net.get("model_intent"):
        return net["model_intent"]
    return latest_intent(tracker)


def likeliest_strand(tracker: Tracker, min_confidence: float = 0.05) -> Optional[str]:
    """The strand the message is most about, even when the emergency intent won (for safety advice)."""
    from bot.strands import STRAND_IDS, strand_map

    strands = strand_map()
    candidates = [model_intent(tracker)] + [r.get("name") for r in tracker.latest_message.get("intent_ranking") or []
                                            if (r.get("confidence") or 0) >= min_confidence]
    for intent in candidates:
        strand = strands.strand_for_intent(intent)
        if strand in STRAND_IDS:
            return strand
    # Nothing in this message: the strand the conversation was already about.
    current = tracker.get_slot("strand")
    return current if current in STRAND_IDS else None


def entity(tracker: Tracker, name: str) -> Optional[str]:
    return next(tracker.get_latest_entity_values(name), None)
