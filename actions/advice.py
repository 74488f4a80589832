"""Answering a strand question with vetted advice from the content store, and its follow-ups.

The choice itself (which item, steps of an item already shown, or nothing new) is made in
bot.conversation.choosing; this module reads the tracker, calls it off the event loop and sends
what it chose.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import SafeAction, Services, entity, latest_intent, off_loop
from bot.content.retriever import Weights
from bot.conversation import choosing, context, replies
from bot.strands import STRAND_IDS, strand_map


def _weights() -> Weights:
    return Services.retrieval_weights()


def turn_from_tracker(tracker: Tracker, mode: Optional[str] = None) -> choosing.Turn:
    """What the choice needs to know about this turn and the conversation so far."""
    text = tracker.latest_message.get("text") or ""
    settings = Services.settings()
    place = entity(tracker, "location")
    district = (context.district_for_place(place, settings.districts_file) or context.district_in_text(text, settings.districts_file)
                or tracker.get_slot("district"))
    intent = latest_intent(tracker)
    mode = mode or choosing.mode_for_intent(intent)
    audience = context.audience_in_text(text) or (tracker.get_slot("audience") if mode == choosing.FOLLOW_UP else None)
    return choosing.Turn(
        text=text,
        ranking=choosing.content_ranking(tracker.latest_message, strand_map().label_for_intent),
        mode=mode,
        current_strand=tracker.get_slot("strand"),
        last_item_id=tracker.get_slot("last_item_id"),
        shown=tuple(tracker.get_slot("shown_items") or ()),
        audience=audience,
        district=district,
        already_done=context.says_already_done(text),
        context=strand_map().title(tracker.get_slot("strand")) if tracker.get_slot("strand") in STRAND_IDS else "",
    )


@dataclass(frozen=True)
class Picked:
    """What a turn shows, with every item it names already read (in the worker thread)."""

    choice: Optional[choosing.Choice]  # None: nothing is published
    item: Any = None  # the item shown, or whose steps are shown
    all_items: List[Any] = field(default_factory=list)  # the strand's items, for the topic buttons
    referrals: List[Any] = field(default_factory=list)
    alternatives: List[Any] = field(default_factory=list)  # close calls, as items
    best_few: List[Any] = field(default_factory=list)  # the best items of the ranking ("did you mean")


OFFERED = 3  # items offered as buttons when the NLU is unsure


def choose_for_turn(service, turn: choosing.Turn, weights: Weights, chosen_id: Optional[str] = None) -> Picked:
    """Choose, then read everything the reply needs. Runs in a worker thread (database, encoder)."""
    index = service.live_index()
    if index is None:
        return Picked(None)
    if chosen_id and service.item(chosen_id) is not None:
        choice = choosing.Choice(choosing.ITEM, chosen_id, 1.0)
    else:
        choice = choosing.choose(index, service.encode_message(choosing.query_text(turn)), turn, weights)
    item = service.item(choice.item_id) if choice.item_id else None
    strand = item.strand if item is not None else turn.current_strand

    def items(ids: List[str]) -> List[Any]:
        return [found for found in (service.item(i) for i in ids) if found is not None]

    return Picked(
        choice=choice,
        item=item,
        all_items=service.advice_for_strand(strand, district=turn.district) if strand else [],
        referrals=service.referrals_for(item, district=turn.district) if item is not None and choice.kind == choosing.ITEM else [],
        alternatives=items(choice.alternatives),
        best_few=items(choice.ranked[:OFFERED]),
    )


def send_choice(dispatcher: CollectingDispatcher, picked: Picked, shown: List[str], topics: bool = True) -> None:
    """The reply for a choice: the item in full, the step(s) that answer, or nothing new."""
    choice, item = picked.choice, picked.item
    if choice.kind == choosing.ITEM:
        dispatcher.utter_message(text=replies.advice_text(item), json_message=replies.content_marker(item, choice.as_marker()))
        cards = replies.referrals_payload(picked.referrals)
        if cards:
            dispatcher.utter_message(text="Where to get help:\n" + replies.referrals_as_text(picked.referrals), json_message=cards)
        if picked.alternatives:
            dispatcher.utter_message(text=replies.ALTERNATIVES_TEXT, buttons=replies.alternative_buttons(picked.alternatives))
    elif choice.kind == choosing.STEPS:
        dispatcher.utter_message(text=replies.steps_text(item, choice.steps), json_message=replies.content_marker(item, choice.as_marker()))
    else:
        dispatcher.utter_message(text=replies.NOTHING_NEW_TEXT, json_message=replies.nothing_new_marker(choice.as_marker()))
    current = item.id if item is not None and choice.kind == choosing.ITEM else None
    all_items = picked.all_items if topics else []
    others = [i for i in all_items if i.id != current and i.id not in choice.alternatives and i.id not in shown]
    others = others or [i for i in all_items if i.id != current]
    if others:
        dispatcher.utter_message(text="Other topics you can look at:", buttons=replies.topic_buttons(others, current))
    if choice.kind != choosing.NOTHING_NEW:
        dispatcher.utter_message(text="Was this helpful?", buttons=replies.FEEDBACK_BUTTONS)


class ActionGiveAdvice(SafeAction):
    """The advice that answers the question (summary, steps, when to call, referrals, source and
    date), or the part of advice already shown that answers a follow-up; then other topics."""

    def name(self) -> Text:
        return "action_give_advice"

    async def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        turn = turn_from_tracker(tracker)
        intent = latest_intent(tracker)
        if not turn.ranking and turn.current_strand not in STRAND_IDS:
            dispatcher.utter_message(response="utter_what_can_i_help_with")
            return []
        chosen_id = entity(tracker, "item_id") if intent == "choose_topic" else None
        picked = await off_loop(choose_for_turn, Services.content(), turn, _weights(), chosen_id)
        choice, item = picked.choice, picked.item
        if choice is None or (item is None and choice.kind != choosing.NOTHING_NEW):
            # Nothing vetted is published for this: never improvise advice.
            strand = strand_map().strand_for_intent(intent) or turn.current_strand
            title = strand_map().title(strand) if strand in STRAND_IDS else "this"
            dispatcher.utter_message(response="utter_no_advice_available", strand_title=title)
            return [SlotSet("strand", strand if strand in STRAND_IDS else None)]
        shown = list(turn.shown)
        send_choice(dispatcher, picked, shown)
        events: List[Dict[Text, Any]] = [SlotSet("district", turn.district), SlotSet("audience", turn.audience)]
        if item is not None:
            events += [SlotSet("strand", item.strand if item.strand in STRAND_IDS else turn.current_strand),
                       SlotSet("last_item_id", item.id), SlotSet("content_version", str(item.version))]
            if choice.kind == choosing.ITEM:
                events.append(SlotSet("shown_items", ([i for i in shown if i != item.id] + [item.id])[-20:]))
        return events


class ActionSomethingElse(SafeAction):
    """The resident wants a different subject: forget the strand and ask what they need."""

    def name(self) -> Text:
        return "action_something_else"

    async def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_what_can_i_help_with")
        return [SlotSet("strand", None), SlotSet("shown_items", [])]
