"""The real Rasa server and action server, over the REST channel."""
from __future__ import annotations

import os
import signal
import time

import requests

from bot.conversation.replies import GREETING

EMERGENCY_START = "If you or someone else is in danger right now, call 999"


def say(stack, sender: str, text: str):
    response = requests.post(f"{stack.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=30)
    assert response.status_code == 200
    return response.json()


def kinds(messages, kind):
    return [m["custom"]["data"] for m in messages if (m.get("custom") or {}).get("data", {}).get("kind") == kind]


def test_http_api_needs_the_token(running_stack) -> None:
    assert requests.get(f"{running_stack.rasa_url}/status", timeout=10).status_code == 401
    # The token goes in a header, never in the URL (tests/security/test_rasa_edge.py).
    auth = {"Authorization": f"Bearer {running_stack.token}"}
    ok = requests.get(f"{running_stack.rasa_url}/status", headers=auth, timeout=10)
    assert ok.status_code == 200
    parse = requests.post(f"{running_stack.rasa_url}/model/parse", headers=auth,
                          json={"text": "he's got a knife and he's outside"}, timeout=10).json()
    assert parse["intent"]["name"] == "emergency"
    assert parse["safety_net"]["fired"] is True


def test_conversation_burglary_follow_up_feedback(running_stack) -> None:
    first = say(running_stack, "e2e-1", "how do I stop my shed being broken into")
    assert first[0]["text"] == GREETING
    shown = kinds(first, "content")
    assert shown[0]["strand"] == "burglary_robbery" and shown[0]["version"] >= 1
    assert kinds(first, "referrals")
    assert first[-1]["text"] == "Was this helpful?"
    follow = say(running_stack, "e2e-1", "what about my car")
    assert kinds(follow, "content")[0]["item_id"] != shown[0]["item_id"]
    thanks = say(running_stack, "e2e-1", "/feedback_helpful")
    assert "Thank you" in thanks[0]["text"]


def test_conversation_emergency_in_the_middle_comes_first(running_stack) -> None:
    say(running_stack, "e2e-2", "my partner checks my phone and wont let me see my friends")
    danger = say(running_stack, "e2e-2", "he's kicking the door in and says he will kill me")
    assert danger[0]["text"].startswith(EMERGENCY_START)
    assert "55" in danger[0]["text"] and "18000" in danger[0]["text"]
    safety = kinds(danger, "content")
    assert safety and safety[0]["strand"] == "domestic_abuse"
    names = " ".join(r["name"] for r in kinds(danger, "referrals")[0]["referrals"])
    assert "Compass" in names or "Domestic Abuse" in names


def test_conversation_report_bot_challenge_hand_off_out_of_scope(running_stack) -> None:
    fraud = say(running_stack, "e2e-3", "i got a text saying my parcel is held and to pay a fee")
    assert kinds(fraud, "content")[0]["strand"] == "cybercrime_fraud"
    report = say(running_stack, "e2e-3", "how do i report a crime")
    assert any("Report Fraud" in r["name"] for r in kinds(report, "referrals")[0]["referrals"])
    bot = say(running_stack, "e2e-3", "am i talking to a real person")
    assert "automated" in bot[0]["text"].lower()
    person = say(running_stack, "e2e-3", "can i speak to an actual human")
    assert "101" in person[0]["text"]
    oos = say(running_stack, "e2e-3", "where do i pay a parking fine")
    assert oos[0]["text"].startswith("Sorry, I can't help with that here")


def test_action_server_down_gives_a_safe_reply_then_recovers(running_stack) -> None:
    action_server = next(p for p in running_stack.processes if p.name == "action server")
    os.killpg(action_server.process.pid, signal.SIGKILL)
    action_server.process.wait(timeout=10)
    try:
        reply = say(running_stack, "fault-1", "how do I protect my home from burglars")
        text = " ".join(m.get("text") or "" for m in reply)
        assert "999" in text and "101" in text
        danger = say(running_stack, "fault-1", "someone is breaking in right now")
        assert danger[0]["text"].startswith(EMERGENCY_START)
    finally:
        action_server.start()
        deadline = time.monotonic() + 60
        while not action_server.healthy() and time.monotonic() < deadline:
            time.sleep(0.5)
    again = say(running_stack, "fault-1", "how do I protect my home from burglars")
    assert kinds(again, "content")


def test_publishing_new_content_is_served_without_restart(running_stack, tmp_path) -> None:
    import shutil

    import yaml

    from bot.content.store import publish, rollback
    from bot.db import make_engine

    content = tmp_path / "content"
    shutil.copytree(running_stack.settings.content_dir, content)
    path = content / "advice" / "knife_crime.yml"
    data = yaml.safe_load(path.read_text())
    for item in data["items"]:
        item["summary"] = item["summary"].rstrip() + " This text was just published."
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    engine = make_engine(running_stack.settings.content_db_url)
    before = publish(engine, running_stack.settings.content_dir, published_by="test")
    result = publish(engine, content, published_by="integration test")
    try:
        deadline = time.monotonic() + 15
        while True:
            reply = say(running_stack, f"publish-{time.monotonic()}", "how do i stop my son carrying a knife")
            marker = kinds(reply, "content")[0]
            if marker["version"] == result.version:
                break
            assert time.monotonic() < deadline, "the running action server never served the new version"
            time.sleep(1)
        assert any("This text was just published." in (m.get("text") or "") for m in reply)
    finally:
        rollback(engine, before.version, rolled_back_by="integration test")
        engine.dispose()


def test_frozen_action_server_still_gets_a_safe_reply_in_time(running_stack) -> None:
    """A hung action server (SIGSTOP): the channel's reply deadline sends the safe reply."""
    action_server = next(p for p in running_stack.processes if p.name == "action server")
    os.killpg(action_server.process.pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        reply = say(running_stack, "frozen-1", "how do I protect my home from burglars")
        waited = time.monotonic() - started
    finally:
        os.killpg(action_server.process.pid, signal.SIGCONT)
    text = " ".join(m.get("text") or "" for m in reply)
    assert "999" in text and "101" in text
    assert waited < running_stack.settings.reply_timeout_seconds + 5
