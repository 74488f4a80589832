"""Tier 2 of the danger-now decision: the 999 line heads the ordinary reply, once per turn."""
from __future__ import annotations

import asyncio

from actions.advice import ActionGiveAdvice
from actions.base import possible_danger_line_due
from bot.conversation.replies import POSSIBLE_DANGER_TEXT
from tests.unit.actions.conftest import run_action, tracker_from, user_event

POSSIBLE = {"fired": True, "tier": "possible", "rule": "detector_possible", "source": "detector", "probability": 0.4}


def test_the_line_comes_first_then_the_advice(content_db) -> None:
    tracker = tracker_from([user_event("my ex is parked at the end of my road again", "domestic_abuse",
                                       safety_net=POSSIBLE)])
    messages, _ = asyncio.run(run_action(ActionGiveAdvice(), tracker))
    assert messages[0]["text"] == POSSIBLE_DANGER_TEXT
    assert "999" in messages[0]["text"] and "55" in messages[0]["text"]
    assert messages[0]["custom"] == {"data": {"kind": "possible_danger"}}
    assert any((m.get("custom") or {}).get("data", {}).get("kind") == "content" for m in messages[1:])


def test_once_per_turn_and_only_for_the_possible_tier() -> None:
    event = user_event("text", "domestic_abuse", safety_net=POSSIBLE)
    assert possible_danger_line_due(tracker_from([event]))
    assert not possible_danger_line_due(tracker_from([event, {"event": "bot", "text": POSSIBLE_DANGER_TEXT}]))
    certain = user_event("text", "emergency", safety_net={**POSSIBLE, "tier": "certain"})
    assert not possible_danger_line_due(tracker_from([certain]))
    assert not possible_danger_line_due(tracker_from([user_event("text", "domestic_abuse")]))
