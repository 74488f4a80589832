from __future__ import annotations

import asyncio
from datetime import datetime

from actions.fallback import ActionDidYouMean, ActionHandOff, consecutive_fallbacks, hand_off_response
from actions.reporting import ActionHowToReport, ActionOutOfScope
from actions.safety import ActionEmergencySafetyAdvice
from actions.session import ActionSessionStart
from bot.conversation.hand_off import LONDON, live_chat_open
from tests.unit.actions.conftest import run_action, slot_events, tracker_from, user_event


def run(action, tracker):
    return asyncio.run(run_action(action, tracker))


def test_domestic_abuse_emergency_gets_the_safety_plan_and_helplines(content_db) -> None:
    event = user_event("he's hitting me right now", "emergency", confidence=1.0,
                       ranking=[{"name": "emergency", "confidence": 1.0}, {"name": "domestic_abuse", "confidence": 0.3}],
                       safety_net={"fired": True, "rule": "violence_now", "model_intent": "emergency"})
    messages, _ = run(ActionEmergencySafetyAdvice(), tracker_from([event]))
    text = " ".join(m.get("text") or "" for m in messages)
    assert "safety plan" in text.lower()
    cards = [m for m in messages if (m.get("custom") or {}).get("data", {}).get("kind") == "referrals"][0]
    names = " ".join(r["name"] for r in cards["custom"]["data"]["referrals"])
    assert "Compass" in names or "Domestic Abuse Helpline" in names


def test_emergency_without_a_strand_still_gets_safety_while_waiting(content_db) -> None:
    event = user_event("help", "emergency", confidence=1.0, safety_net={"fired": True, "model_intent": "greet"})
    messages, _ = run(ActionEmergencySafetyAdvice(), tracker_from([event]))
    assert messages and messages[0]["custom"]["data"]["strand"] == "emergency"


def test_did_you_mean_offers_the_likeliest_items_and_none_of_these(content_db) -> None:
    event = user_event("not sure what to do about all this", "nlu_fallback", confidence=0.3,
                       ranking=[{"name": "places_asb", "confidence": 0.28}, {"name": "greet", "confidence": 0.2},
                                {"name": "hate_crime", "confidence": 0.15}, {"name": "domestic_abuse", "confidence": 0.1},
                                {"name": "burglary_robbery", "confidence": 0.05}])
    messages, events = run(ActionDidYouMean(), tracker_from([event]))
    buttons = messages[0]["buttons"]
    assert messages[0]["text"].startswith("Sorry, I'm not sure I understood")
    assert len(buttons) == 4 and all(b["payload"].startswith("/choose_topic") for b in buttons[:3])
    assert buttons[-1] == {"title": "None of these", "payload": "/deny"}
    titles = [b["title"] for b in buttons[:3]]
    assert len(set(titles)) == 3
    assert not [e for e in events if e.get("name") == "shown_items"]  # offered, not shown


def test_did_you_mean_shows_a_clear_match_straight_away(content_db) -> None:
    event = user_event("is it true you can press 55 on a 999 call if you cannot talk", "nlu_fallback", confidence=0.3,
                       ranking=[{"name": "emergency", "confidence": 0.3}, {"name": "domestic_abuse", "confidence": 0.2}])
    messages, events = run(ActionDidYouMean(), tracker_from([event]))
    assert messages[0]["custom"]["data"]["item_id"] == "emergency-cannot-speak-silent-solution"
    assert slot_events(events)["shown_items"] == ["emergency-cannot-speak-silent-solution"]


def test_second_miss_in_a_row_hands_off(content_db) -> None:
    events = [user_event("blah", "nlu_fallback", 0.2), {"event": "bot", "text": "Did you mean"},
              user_event("blah blah", "nlu_fallback", 0.2)]
    assert consecutive_fallbacks(tracker_from(events)) == 2
    messages, _ = run(ActionDidYouMean(), tracker_from(events))
    assert [m["response"] for m in messages][0] == "utter_still_not_sure"
    assert messages[1]["response"].startswith("utter_hand_off")


def test_hand_off_route_depends_on_the_time_of_day() -> None:
    assert live_chat_open("08:00-20:00", datetime(2026, 11, 26, 12, 0, tzinfo=LONDON)) is True
    assert live_chat_open("08:00-20:00", datetime(2026, 11, 26, 23, 30, tzinfo=LONDON)) is False
    assert live_chat_open("22:00-06:00", datetime(2026, 11, 26, 23, 30, tzinfo=LONDON)) is True
    assert live_chat_open("", datetime(2026, 11, 26, 12, 0, tzinfo=LONDON)) is None
    assert hand_off_response("") == "utter_hand_off_hours_unknown"


def test_hand_off_action(content_db, monkeypatch) -> None:
    from bot.settings import get_settings

    monkeypatch.setenv("BOT_LIVE_CHAT_HOURS", "00:00-00:01")
    get_settings.cache_clear()
    messages, _ = run(ActionHandOff(), tracker_from([user_event("a real person please", "ask_human")]))
    assert messages[0]["response"] in ("utter_hand_off_live_chat_closed", "utter_hand_off_live_chat_open")


def test_how_to_report_fraud_points_to_report_fraud(content_db) -> None:
    messages, _ = run(ActionHowToReport(), tracker_from([user_event("how do i report it", "how_to_report")],
                                                        slots={"strand": "cybercrime_fraud"}))
    assert "fraud" in messages[0]["text"].lower()
    names = [r["name"] for r in messages[1]["custom"]["data"]["referrals"]]
    assert any("Report Fraud" in n for n in names)


def test_how_to_report_hate_crime_points_to_true_vision(content_db) -> None:
    messages, _ = run(ActionHowToReport(), tracker_from([user_event("how do i report", "how_to_report")],
                                                        slots={"strand": "hate_crime"}))
    names = [r["name"] for r in messages[1]["custom"]["data"]["referrals"]]
    assert any("True Vision" in n for n in names)


def test_out_of_scope_signposts_and_says_what_it_can_do(content_db) -> None:
    messages, _ = run(ActionOutOfScope(), tracker_from([user_event("how do i apply for a firearms licence", "out_of_scope")]))
    assert messages[0]["response"] == "utter_out_of_scope"
    assert "firearm" in messages[1]["text"].lower()
    assert messages[-1]["response"] == "utter_what_i_can_help_with"


def test_session_start_says_automated_privacy_and_999() -> None:
    messages, events = run(ActionSessionStart(), tracker_from([]))
    text = messages[0]["text"]
    assert "automated" in text and "999" in text and "phone numbers" in text
    assert "confidential" not in text.lower()
    assert events[0]["event"] == "session_started"
