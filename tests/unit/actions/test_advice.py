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


def _shown(text: str, intent: str):
    _, events = run(ActionGiveAdvice(), tracker_from([user_event(text, intent)]))
    return slot_events(events)


def _follow(slots, text: str, intent: str = "follow_up"):
    return run(ActionGiveAdvice(), tracker_from([user_event(text, intent)], slots=slots))


def test_follow_up_to_a_new_topic_shows_that_item(content_db) -> None:
    slots = _shown("how do i stop my shed being broken into", "burglary_robbery")
    assert slots["last_item_id"] == "burglary-secure-doors-windows-sheds"
    messages, events = _follow(slots, "what about when we go away in august")
    assert messages[0]["custom"]["data"]["item_id"] == "burglary-going-on-holiday"
    assert slot_events(events)["shown_items"] == ["burglary-secure-doors-windows-sheds", "burglary-going-on-holiday"]


def test_follow_up_answered_by_the_item_shown_gives_the_step_not_the_item_again(content_db) -> None:
    slots = _shown("how do i stop my shed being broken into", "burglary_robbery")
    messages, events = _follow(slots, "what about my bike?")
    text = messages[0]["text"]
    assert text.startswith("From the advice above (Secure your doors, windows and shed):")
    assert "bikes" in text
    assert "Most burglars look for an easy way in" not in text  # not the whole item again
    assert messages[0]["custom"]["data"]["choice"] == "steps"
    assert "shown_items" not in slot_events(events)


def test_follow_up_with_nothing_new_says_so_in_a_line_and_offers_other_topics(content_db) -> None:
    slots = _shown("someone i used to go out with keeps following me and messaging", "domestic_abuse")
    item = slots["last_item_id"]
    messages, events = _follow(slots, "what about my kids")
    assert all(item not in str((m.get("custom") or {}).get("data", {}).get("item_id")) for m in messages)
    if messages[0]["custom"]["data"]["kind"] == "nothing_new":
        assert "don't have more advice on that" in messages[0]["text"] and "999" in messages[0]["text"]
        assert any(m.get("text") == "Other topics you can look at:" for m in messages)


def test_already_did_that_moves_on_to_a_neighbour_not_to_after_a_burglary(content_db) -> None:
    slots = _shown("how do i stop my shed being broken into", "burglary_robbery")
    _, events = _follow(slots, "i already did that")
    after = slot_events(events)
    assert after["last_item_id"] not in (slots["last_item_id"], "burglary-after-a-burglary")
    assert after["shown_items"][:1] == [slots["last_item_id"]]


def test_a_question_already_answered_is_not_repeated_in_full(content_db) -> None:
    slots = _shown("how do i stop my shed being broken into", "burglary_robbery")
    messages, _ = _follow(slots, "how do i stop my shed being broken into", intent="burglary_robbery")
    assert not messages[0]["text"].startswith("**Secure your doors, windows and shed**")


def test_close_calls_offer_the_runner_up(content_db) -> None:
    from bot.content.retriever import Weights
    from bot.services import Services

    Services._weights = Weights(close_margin=10.0)  # every runner-up counts as close
    messages, _ = run(ActionGiveAdvice(), tracker_from([user_event("scam text", "cybercrime_fraud")]))
    offer = next(m for m in messages if m.get("text") == "Or were you asking about:")
    assert len(offer["buttons"]) == 2 and all(b["payload"].startswith("/choose_topic") for b in offer["buttons"])
    assert offer["buttons"][0]["payload"] != messages[0]["custom"]["data"]["item_id"]
    marker = messages[0]["custom"]["data"]
    assert marker["runner_up"] and marker["score"] >= marker["runner_up_score"]


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


def test_follow_up_without_a_strand_or_any_ranking_asks_what_they_need(content_db) -> None:
    messages, events = run(ActionGiveAdvice(), tracker_from([user_event("what about it", "follow_up")]))
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
