"""The shared action base: a slow or failing action still gives the resident the safe reply."""
from __future__ import annotations

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.base import SafeAction
from bot.conversation.replies import SAFE_FAILURE_TEXT
from tests.unit.actions.conftest import tracker_from, user_event


class _SlowAction(SafeAction):
    def name(self) -> str:
        return "action_test_slow"

    async def respond(self, dispatcher, tracker, domain):
        await asyncio.sleep(5)
        dispatcher.utter_message(text="too late")
        return []


class _BrokenAction(SafeAction):
    def name(self) -> str:
        return "action_test_broken"

    async def respond(self, dispatcher, tracker, domain):
        raise RuntimeError("database exploded")


def _run(action):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_from([user_event("hi", "greet")]), {}))
    return dispatcher.messages, events


def test_slow_action_times_out_with_the_safe_reply(monkeypatch) -> None:
    from bot.settings import get_settings

    monkeypatch.setenv("BOT_ACTION_TIMEOUT", "0.2")
    get_settings.cache_clear()
    try:
        messages, events = _run(_SlowAction())
    finally:
        get_settings.cache_clear()
    assert [m["text"] for m in messages] == [SAFE_FAILURE_TEXT]
    assert events == []


def test_failing_action_gives_the_safe_reply() -> None:
    messages, _ = _run(_BrokenAction())
    assert messages[0]["text"] == SAFE_FAILURE_TEXT
    assert "999" in SAFE_FAILURE_TEXT and "101" in SAFE_FAILURE_TEXT
