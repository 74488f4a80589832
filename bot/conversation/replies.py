"""Turn vetted content into messages. Every advice sentence here comes from the content store;
this module only arranges it (and adds the fixed safety lines)."""
from __future__ import annotations

import json
from typing import Any, Dict, Iterable, List, Optional, Sequence

GREETING = ("Hello. I'm an automated assistant from Essex Police, not a person. I can give crime-prevention "
            "advice and tell you where to get help.\n"
            "Please don't type names, addresses or phone numbers.\n"
            "If you are in danger now, call 999.")

NO_CONFIDENTIALITY = ("I'm an automated assistant. What you type here is kept for a while so staff can check "
                      "and improve the advice; it is not a report to the police.")


# Opening hours an editor has not confirmed are left out rather than shown as a placeholder.
_UNKNOWN_HOURS = {"not confirmed yet", "check the website", "check your council's website", ""}


def known_hours(hours: Optional[str]) -> Optional[str]:
    return None if (hours or "").strip().lower() in _UNKNOWN_HOURS else hours


def advice_text(item: Any) -> str:
    # Single line breaks only: channels split a message into separate bubbles at blank lines.
    steps = "\n".join(f"- {step}" for step in item.steps)
    lines = [f"**{item.title}**", item.summary, "What you can do:", steps]
    calls = " ".join(part for part in (item.when_to_call_emergency, item.when_to_call_non_emergency) if part)
    if calls:
        lines.append(calls)
    lines.append(f"Source: {item.source} (last checked {item.reviewed_on:%d %B %Y})")
    return "\n".join(lines)


def referral_card(referral: Any) -> Dict[str, Any]:
    return {
        "id": referral.id,
        "name": referral.name,
        "phone": referral.phone,
        "textphone": referral.textphone,
        "text_number": referral.text_number,
        "url": referral.url,
        "hours": known_hours(referral.hours),
        "for_whom": referral.for_whom,
    }


def referrals_payload(referrals: Iterable[Any]) -> Optional[Dict[str, Any]]:
    cards = [referral_card(r) for r in referrals]
    return {"data": {"kind": "referrals", "referrals": cards}} if cards else None


def referrals_as_text(referrals: Iterable[Any]) -> str:
    """The same referrals as plain lines, for channels that only show text (rasa shell, SMS)."""
    lines = []
    for r in referrals:
        contact = ", ".join(p for p in (r.phone and f"call {r.phone}", r.text_number and f"text {r.text_number}",
                                        r.textphone and f"textphone {r.textphone}", r.url) if p)
        hours = known_hours(r.hours)
        when = f" ({hours})" if hours else ""
        lines.append(f"- {r.name}: {contact}{when}" if contact else f"- {r.name}{when}")
    return "\n".join(lines)


def content_marker(item: Any, choice: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    """Which item and version a resident was shown (and, when chosen by the retriever, its score
    and the runner-up), for the log and the review dashboard."""
    data = {"kind": "content", "strand": item.strand, "item_id": item.id, "version": item.version}
    return {"data": {**data, **(choice or {})}}


ALTERNATIVES_TEXT = "Or were you asking about:"
NOTHING_NEW_TEXT = ("I don't have more advice on that than what I've shown you. You can pick another topic below, "
                    "or call 101 to talk it through with Essex Police. If you are in danger now, call 999.")


def nothing_new_marker(choice: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    return {"data": {"kind": "nothing_new", **(choice or {})}}


def steps_text(item: Any, step_indexes: Sequence[int]) -> str:
    """The step(s) of an item already shown that answer a follow-up (never the whole item again)."""
    steps = [item.steps[i] for i in step_indexes if 0 <= i < len(item.steps)]
    lines = [f"From the advice above ({item.title}):"] + [f"- {step}" for step in steps]
    calls = " ".join(part for part in (item.when_to_call_emergency, item.when_to_call_non_emergency) if part)
    if calls:
        lines.append(calls)
    return "\n".join(lines)


def alternative_buttons(items: Sequence[Any]) -> List[Dict[str, str]]:
    return [{"title": item.title, "payload": choose_topic_payload(item.id)} for item in items]


def choose_topic_payload(item_id: str) -> str:
    return "/choose_topic" + json.dumps({"item_id": item_id})


def topic_buttons(items: Sequence[Any], current_id: Optional[str], limit: int = 4) -> List[Dict[str, str]]:
    buttons = [{"title": item.title, "payload": choose_topic_payload(item.id)} for item in items if item.id != current_id][:limit]
    buttons.append({"title": "Something else", "payload": "/something_else"})
    return buttons


FEEDBACK_BUTTONS = [
    {"title": "Yes, it helped", "payload": "/feedback_helpful"},
    {"title": "No", "payload": "/feedback_not_helpful"},
]

SAFE_FAILURE_TEXT = ("Sorry, I can't show the advice right now. If you are in danger, call 999. "
                     "Otherwise call 101 or report online at essex.police.uk.")

# The 999 message. The same text is the domain's utter_emergency (a test keeps them identical); the
# channels send it themselves when a message never reaches the dialogue (for example, too long).
EMERGENCY_TEXT = (
    "If you or someone else is in danger right now, call 999 now.\n"
    "- Can't speak? Call 999, listen, then press 55 when asked (the Silent Solution). Cough or tap if you can.\n"
    "- Deaf, hard of hearing or speech-impaired: call 18000 (Relay UK), or text 999 if you have registered (text \"register\" to 999).\n"
    "- Not an emergency: call 101 or report online at essex.police.uk."
)
# Tier 2 ("possible danger now"): one line that heads the ordinary reply.
POSSIBLE_DANGER_TEXT = "If this is happening now, call 999 - or 999 then 55 if you can't speak."
POSSIBLE_DANGER_MARKER = {"data": {"kind": "possible_danger"}}


def is_emergency_message(message: Dict[str, Any]) -> bool:
    """The 999 message as a channel sees it (the domain's utter_emergency, or the channel's own)."""
    custom = message.get("custom") if isinstance(message.get("custom"), dict) else {}
    data = custom.get("data") if isinstance(custom.get("data"), dict) else {}
    return data.get("kind") == "emergency" or message.get("text") == EMERGENCY_TEXT


MAX_MESSAGE_CHARS = 2000
EMPTY_MESSAGE_TEXT = "Your message looks empty. Please type your question. If you are in danger now, call 999."
TOO_LONG_TEXT = (f"Sorry, that message is too long for me (the limit is {MAX_MESSAGE_CHARS:,} characters). Please send a shorter "
                 "message. If you are in danger now, call 999. Otherwise call 101 or report online at essex.police.uk.")
