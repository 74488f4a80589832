"""Danger now through the real Rasa server and action server (REST channel)."""
from __future__ import annotations

import requests

from bot.conversation.replies import GREETING, POSSIBLE_DANGER_TEXT

EMERGENCY_START = "If you or someone else is in danger right now, call 999"


def say(stack, sender: str, text: str):
    response = requests.post(f"{stack.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=30)
    assert response.status_code == 200
    return response.json()


def parse(stack, text: str):
    auth = {"Authorization": f"Bearer {stack.token}"}
    return requests.post(f"{stack.rasa_url}/model/parse", headers=auth, json={"text": text}, timeout=10).json()


def test_a_first_message_of_danger_now_gets_999_before_the_greeting(running_stack) -> None:
    reply = say(running_stack, "danger-first-1", "there is a man I don't know in my kitchen and he won't leave")
    texts = [m.get("text") or "" for m in reply]
    assert texts[0].startswith(EMERGENCY_START)
    assert GREETING in texts and texts.index(GREETING) > 0  # the automated-assistant line follows


def test_an_ordinary_first_message_still_starts_with_the_greeting(running_stack) -> None:
    reply = say(running_stack, "danger-first-2", "how do I stop my bike being stolen")
    assert reply[0]["text"] == GREETING


def test_the_verdict_says_tier_and_source_and_never_the_words(running_stack) -> None:
    text = "Sarah Jones here, 12 High Street, he is kicking my door in right now"
    net = parse(running_stack, text)["safety_net"]
    assert net["fired"] is True and net["tier"] == "certain" and "patterns" in net["source"]
    stored_strings = [v for v in net.values() if isinstance(v, str)]
    assert not any(word in s for s in stored_strings for word in ("Sarah", "High Street", "kicking"))


def test_a_long_message_with_one_sentence_of_danger_is_caught(running_stack) -> None:
    text = ("I wanted to ask about the bins in our road in Witham because they have not been collected for two weeks "
            "and the foxes keep getting into them. We moved here in 2019 and it used to be fine. "
            "My stepdad has just pushed my mum down the stairs and she isn't moving. "
            "Also is there a number for the council about the street lights.")
    reply = say(running_stack, "danger-long-1", text)
    assert reply[0]["text"].startswith(EMERGENCY_START) or reply[1]["text"].startswith(EMERGENCY_START)


def test_possible_danger_puts_the_999_line_first_then_advice(running_stack) -> None:
    # Messages that read as possibly happening now; at least one must land in tier 2 (not 1).
    candidates = [
        "my ex has been sat in his car across the road for a while and i dont know what he wants",
        "the lads who robbed my phone earlier are hanging round by the shop again",
        "he's been drinking all day and keeps going on about what he'll do to me",
        "i think someone might be in the garden, the security light keeps going on",
        "my daughter hasn't come home and her phone is off, she's 15, it's past midnight",
    ]
    possible = [t for t in candidates if parse(running_stack, t)["safety_net"].get("tier") == "possible"]
    assert possible, [parse(running_stack, t)["safety_net"] for t in candidates]
    reply = say(running_stack, "danger-possible-1", "hello")
    reply = say(running_stack, "danger-possible-1", possible[0])
    assert reply[0]["text"] == POSSIBLE_DANGER_TEXT
    texts = [m.get("text") or "" for m in reply[1:]]
    assert not any(t.startswith(EMERGENCY_START) for t in texts)  # tier 2: not the full 999 message
    shown = [m["custom"]["data"] for m in reply if (m.get("custom") or {}).get("data", {}).get("kind") == "content"]
    assert shown, reply  # and then the strand's advice
