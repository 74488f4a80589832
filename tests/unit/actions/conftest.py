"""Action tests: real content store (fresh SQLite per test, real content published), trackers built from events."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher


@pytest.fixture()
def content_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, project_root: Path):
    """A fresh database with the real content/ published, and the actions' settings pointing at it."""
    from actions.base import Services
    from bot.db import make_engine, upgrade
    from bot.content.store import publish
    from bot.settings import get_settings

    url = f"sqlite:///{tmp_path / 'content.db'}"
    monkeypatch.setenv("BOT_CONTENT_DB_URL", url)
    monkeypatch.setenv("BOT_PROJECT_ROOT", str(project_root))
    get_settings.cache_clear()
    Services.reset()
    upgrade(url)
    engine = make_engine(url)
    publish(engine, project_root / "content", published_by="test")
    yield engine
    engine.dispose()
    Services.reset()
    get_settings.cache_clear()


def user_event(text: str, intent: str, confidence: float = 0.9, entities: Optional[List[Dict[str, Any]]] = None,
               ranking: Optional[List[Dict[str, Any]]] = None, safety_net: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    parse = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": entities or [],
             "intent_ranking": ranking or [{"name": intent, "confidence": confidence}]}
    if safety_net is not None:
        parse["safety_net"] = safety_net
    return {"event": "user", "text": text, "parse_data": parse}


def tracker_from(events: List[Dict[str, Any]], slots: Optional[Dict[str, Any]] = None, sender: str = "test-conversation") -> Tracker:
    latest = next((e["parse_data"] for e in reversed(events) if e.get("event") == "user"), {})
    return Tracker(sender_id=sender, slots=slots or {}, latest_message=latest, events=events, paused=False,
                   followup_action=None, active_loop={}, latest_action_name=None)


async def run_action(action, tracker: Tracker):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, {})
    return dispatcher.messages, events


def slot_events(events) -> Dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
