from __future__ import annotations

import asyncio

from actions.advice import ActionGiveAdvice, ActionSomethingElse
from tests.unit.actions.conftest import run_action, slot_events, tracker_from, user_event


def run(action, tracker):
    return asyncio.run(run_action(action, tracker))


def test_strand_question_gets_vetted_advice_with_referrals_buttons_and_content_version(content_db) -> None:
    tracker = tracker_from([user_event("how do i stop my shed being broken into", "burglary_robbery")])
    messages, events = run(ActionGiveAdvice(), tracker)
    advice = messages[0]
    assert advice["text"].startswith("**")
    assert "Source: https://" in advice["text"] and "last checked" in advice["text"]
    marker = advice["custom"]["data"]
    assert marker["kind"] == "content" and marker["strand"] == "burglary_robbery" and marker["version"] == 1
    referrals = [m for m in messages if (m.get("custom") or {}).get("data", {}).get("kind") == "referrals"]
    assert referrals and referrals[0]["custom"]["data"]["referrals"][0]["name"]
    topics = next(m for m in messages if m.get("text") == "Other topics you can look at:")
    assert topics["buttons"][-1]["title"] == "Something else"
    assert all(b["payload"].startswith("/choose_topic") for b in topics["buttons"][:-1])
    feedback = messages[-1]
    assert feedback["text"] == "Was this helpful?" and len(feedback["buttons"]) == 2
    slots = slot_events(events)
    assert slots["strand"] == "burglary_robbery"
    assert slots["last_item_id"] == marker["item_id"]
    assert slots["content_version"] == "1"


def test_advice_text_comes_from_the_content_store(content_db) -> None:
    from bot.content.service import ContentService

    tracker = tracker_from([user_event("scam text", "cybercrime_fraud")])
    messages, events = run(ActionGiveAdvice(), tracker)
    item = ContentService(content_db).item(slot_events(events)["last_item_id"])
    assert item.summary in messages[0]["text"]
    for step in item.steps:
        assert step in messages[0]["text"]


def test_follow_up_narrows_to_the_matching_item(content_db) -> None:
    first = tracker_from([user_event("how do i protect my home", "burglary_robbery")])
    _, events = run(ActionGiveAdvice(), first)
    slots = slot_events(events)
    follow = tracker_from([user_event("what about my car", "follow_up")], slots=slots)
    messages, events2 = run(ActionGiveAdvice(), follow)
    assert "car" in messages[0]["text"].lower()
    assert slot_events(events2)["last_item_id"] != slots["last_item_id"]


def test_already_did_that_moves_on_instead_of_repeating(content_db) -> None:
    first = tracker_from([user_event("how do i protect my home", "burglary_robbery")])
    _, events = run(ActionGiveAdvice(), first)
    slots = slot_events(events)
    again = tracker_from([user_event("i already did that", "follow_up")], slots=slots)
    _, events2 = run(ActionGiveAdvice(), again)
    assert slot_events(events2)["last_item_id"] != slots["last_item_id"]
    assert slot_events(events2)["shown_items"][:1] == [slots["last_item_id"]]


def test_audience_and_topic_button(content_db) -> None:
    tracker = tracker_from([user_event("choose", "choose_topic", entities=[{"entity": "item_id", "value": "domestic-clares-law"}])],
                           slots={"strand": "domestic_abuse"})
    messages, events = run(ActionGiveAdvice(), tracker)
    assert messages[0]["custom"]["data"]["item_id"] == "domestic-clares-law"


def test_named_district_puts_local_services_first(content_db) -> None:
    tracker = tracker_from([user_event("my mum in southend is worried about her child being abused", "child_abuse_cse",
                                       entities=[{"entity": "location", "value": "southend"}])])
    _, events = run(ActionGiveAdvice(), tracker)
    assert slot_events(events)["district"] == "southend"


def test_follow_up_without_a_strand_asks_what_they_need(content_db) -> None:
    messages, events = run(ActionGiveAdvice(), tracker_from([user_event("what about my shed", "follow_up")]))
    assert messages[0]["response"] == "utter_what_can_i_help_with"
    assert events == []


def test_something_else_clears_the_strand(content_db) -> None:
    messages, events = run(ActionSomethingElse(), tracker_from([user_event("something else", "something_else")],
                                                                slots={"strand": "knife_crime"}))
    assert slot_events(events)["strand"] is None


def test_database_failure_gives_the_safe_reply(tmp_path, monkeypatch, project_root) -> None:
    from actions.base import Services
    from bot.settings import get_settings

    monkeypatch.setenv("BOT_CONTENT_DB_URL", f"sqlite:///{tmp_path / 'missing' / 'nothing.db'}")
    get_settings.cache_clear()
    Services.reset()
    try:
        messages, events = run(ActionGiveAdvice(), tracker_from([user_event("burgled", "burglary_robbery")]))
    finally:
        Services.reset()
        get_settings.cache_clear()
    assert "999" in messages[0]["text"] and "101" in messages[0]["text"]
