"""Flagged messages as question suggestions for editors (bot.review.reviews.question_suggestions_yaml)
and the "close call" of the content shown (bot.review.conversations.ContentShown)."""
from __future__ import annotations

from datetime import datetime, timezone

import yaml

from bot.review.conversations import ContentShown, content_shown
from bot.review.reviews import FlagRecord, question_suggestions_yaml

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)
NOTE = "flagged by a reviewer on 2026-11-26; check it belongs to this item before adding it to questions:"


def flag(conversation, event_id, text):
    return FlagRecord(conversation, event_id, text, "burglary_robbery", None, "rex", NOW)


def item(item_id, **keys):
    return ContentShown("burglary_robbery", item_id, 1, **keys)


def test_each_flagged_message_goes_with_the_item_shown_in_its_turn():
    flags = [
        flag("c1", 1, "my shed got done over: what now?"),
        flag("c1", 5, "is it “safe” to leave my bike\nin the \"garden\" # really"),
        flag("c2", 3, "asdf"),  # nothing shown in that turn
        flag("c3", 9, "what about my bike"),  # "nothing new"
        flag("c4", 2, "my shed got done over: what now?"),  # same text, same item: once
        flag("c5", 7, "a strange id"),
        flag("gone", 1, "conversation deleted since"),  # not in content_by_turn at all
    ]
    shown = {("c1", 1): [item("burglary-shed-security")], ("c1", 5): [item("bike-theft"), item("burglary-shed-security")],
             ("c2", 3): [], ("c3", 9): [content_shown({"kind": "nothing_new", "score": 0.4, "choice": "nothing_new"})],
             ("c4", 2): [item("burglary-shed-security")], ("c5", 7): [item("null")]}
    text = question_suggestions_yaml(flags, shown, generated_at=NOW)
    data = yaml.safe_load(text)
    assert data["suggestions"] == [
        {"item": "bike-theft", "question": "is it “safe” to leave my bike in the \"garden\" # really", "note": NOTE},
        {"item": "burglary-shed-security", "question": "my shed got done over: what now?", "note": NOTE},
        {"item": "null", "question": "a strange id", "note": NOTE},
    ]
    assert [e["question"] for e in data["no_item"]] == ["asdf", "what about my bike", "conversation deleted since"]
    assert f'  note: "{NOTE}"' in text and "- item: bike-theft\n" in text and '- item: "null"\n' in text


def test_nothing_flagged():
    data = yaml.safe_load(question_suggestions_yaml([], {}, generated_at=NOW))
    assert data == {"suggestions": [], "no_item": []}


def test_close_call_and_defensive_parsing():
    assert item("a", score=0.71, runner_up="b", runner_up_score=0.69).close_call
    assert not item("a", score=0.71, runner_up="b", runner_up_score=0.68).close_call
    assert not item("a", score=0.71).close_call and not item("a").close_call
    parsed = content_shown({"kind": "content", "item_id": "a", "version": "x", "score": 0.5, "runner_up": 3,
                            "runner_up_score": float("nan"), "choice": "item"})
    assert (parsed.version, parsed.score, parsed.runner_up, parsed.runner_up_score) == (None, 0.5, None, None)
    for bad in (True, "0.5", "high", [1], {"x": 1}, float("inf")):
        assert content_shown({"kind": "content", "item_id": "a", "score": bad, "runner_up_score": bad}).score is None
    nothing = content_shown({"kind": "nothing_new", "item_id": "ignored", "score": 0.3, "runner_up": "a", "runner_up_score": 0.3})
    assert nothing.item_id is None and nothing.choice == "nothing_new" and not nothing.close_call
