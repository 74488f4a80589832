"""Answering a strand question with vetted advice from the content store, and its follow-ups."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import SafeAction, Services, entity, latest_intent, off_loop
from bot.conversation import context, replies
from bot.strands import STRAND_IDS, strand_map

FOLLOW_UP_INTENTS = {"follow_up", "choose_topic"}


def _pick(service, strand: str, text: str, audience: Optional[str], district: Optional[str],
          shown: List[str], chosen_id: Optional[str]):
    """Choose the advice item, all of the strand's items (for topic buttons) and its referrals.

    Runs in a worker thread: everything here may touch the database.
    """
    all_items = service.advice_for_strand(strand, district=district)
    item = service.item(chosen_id) if chosen_id else None
    if item is None:
        topic = context.topic_words(text)
        candidates: List[Any] = []
        if topic:
            candidates = service.advice_for_strand(strand, topic=topic, audience=audience, district=district)
        if not candidates and audience:
            candidates = service.advice_for_strand(strand, audience=audience, district=district)
        candidates = candidates or all_items
        if context.says_already_done(text) or (candidates and candidates[0].id in shown and len(candidates) > 1):
            # "I already did that": move on to advice not yet shown rather than repeat it.
            item = context.first_unseen(candidates, shown) or context.first_unseen(all_items, shown)
        item = item or (candidates[0] if candidates else None)
    referrals = service.referrals_for(item, district=district) if item else []
    return item, all_items, referrals


class ActionGiveAdvice(SafeAction):
    """Summary, steps, when to call, referrals, source and date; then other topics and feedback."""

    def name(self) -> Text:
        return "action_give_advice"

    async def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        intent = latest_intent(tracker)
        strand = strand_map().strand_for_intent(intent)
        if strand not in STRAND_IDS:
            # A follow-up ("what about my shed?") continues the strand already being discussed.
            strand = tracker.get_slot("strand") if intent in FOLLOW_UP_INTENTS else None
        if strand not in STRAND_IDS:
            dispatcher.utter_message(response="utter_what_can_i_help_with")
            return []

        text = tracker.latest_message.get("text") or ""
        settings = Services.settings()
        place = entity(tracker, "location")
        district = (context.district_for_place(place, settings.districts_file) or context.district_in_text(text, settings.districts_file)
                    or tracker.get_slot("district"))
        audience = context.audience_in_text(text) or (tracker.get_slot("audience") if intent in FOLLOW_UP_INTENTS else None)
        same_strand = tracker.get_slot("strand") == strand
        shown = list(tracker.get_slot("shown_items") or []) if same_strand else []
        chosen_id = entity(tracker, "item_id") if intent == "choose_topic" else None

        item, all_items, referrals = await off_loop(_pick, Services.content(), strand, text, audience, district, shown, chosen_id)
        if item is None:
            # Nothing vetted is published for this strand: never improvise advice.
            dispatcher.utter_message(response="utter_no_advice_available", strand_title=strand_map().title(strand))
            return [SlotSet("strand", strand)]

        dispatcher.utter_message(text=replies.advice_text(item), json_message=replies.content_marker(item))
        cards = replies.referrals_payload(referrals)
        if cards:
            dispatcher.utter_message(text="Where to get help:\n" + replies.referrals_as_text(referrals), json_message=cards)
        dispatcher.utter_message(text="Other topics you can look at:", buttons=replies.topic_buttons(all_items, item.id))
        dispatcher.utter_message(text="Was this helpful?", buttons=replies.FEEDBACK_BUTTONS)
        return [
            SlotSet("strand", strand),
            SlotSet("last_item_id", item.id),
            SlotSet("content_version", str(item.version)),
            SlotSet("shown_items", (shown + [item.id])[-20:]),
            SlotSet("district", district),
            SlotSet("audience", audience),
        ]


class ActionSomethingElse(SafeAction):
    """The resident wants a different subject: forget the strand and ask what they need."""

    def name(self) -> Text:
        return "action_something_else"

    async def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_what_can_i_help_with")
        return [SlotSet("strand", None), SlotSet("shown_items", [])]
