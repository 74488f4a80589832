"""Choosing advice by meaning, through the real Rasa server and action server (REST channel):
the follow-ups of issue 15 never repeat the item just shown, and a close call offers buttons."""
from __future__ import annotations

import requests

FROM_ABOVE = "From the advice above"


def say(stack, sender: str, text: str):
    response = requests.post(f"{stack.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=30)
    assert response.status_code == 200
    return response.json()


def advice_titles(reply) -> list:
    return [m["text"].split("\n", 1)[0] for m in reply if (m.get("text") or "").startswith("**")]


def test_bike_after_shed_advice_gets_the_step_not_the_item_again(running_stack) -> None:
    first = say(running_stack, "follow-1", "how do i stop my shed being broken into")
    assert "**Secure your doors, windows and shed**" in advice_titles(first)
    reply = say(running_stack, "follow-1", "what about my bike?")
    texts = [m.get("text") or "" for m in reply]
    assert "**Secure your doors, windows and shed**" not in advice_titles(reply)
    assert any(t.startswith(FROM_ABOVE) and "bikes" in t for t in texts)


def test_already_did_that_after_shed_advice_moves_on_but_not_to_after_a_burglary(running_stack) -> None:
    say(running_stack, "follow-2", "how do i stop my shed being broken into")
    reply = say(running_stack, "follow-2", "I already did that")
    titles = advice_titles(reply)
    assert "**Secure your doors, windows and shed**" not in titles
    assert "**What to do after a burglary**" not in titles


def test_follow_ups_after_stalking_and_scam_advice_never_repeat_the_item(running_stack) -> None:
    for sender, question, follow_up in (
        ("follow-3", "my ex keeps turning up at my work and messaging me all day", "what if he turns up tonight?"),
        ("follow-4", "my mum got a text from her bank asking her to click a link", "what about the money she lost?"),
    ):
        first = advice_titles(say(running_stack, sender, question))
        assert first, question
        reply = say(running_stack, sender, follow_up)
        assert first[0] not in advice_titles(reply), (follow_up, reply)
        assert reply, follow_up


def test_a_deaf_resident_asking_how_to_reach_the_police_gets_relay_uk(running_stack) -> None:
    reply = say(running_stack, "follow-5", "I'm deaf, how can I contact the police in an emergency?")
    shown = [((m.get("custom") or {}).get("data") or {}).get("item_id") for m in reply]
    assert "emergency-deaf-relay-uk-18000" in shown, reply
