"""redact_event_data: a Rasa event is redacted in text, parse data and entities."""
from __future__ import annotations

import copy

from bot.redaction import redact_event_data


def _event():
    text = "my name is Sarah, call 07700 900123 in Chelmsford"
    return {
        "event": "user",
        "timestamp": 1.0,
        "text": text,
        "parse_data": {
            "text": text,
            "intent": {"name": "contact", "confidence": 0.9},
            "entities": [
                {"entity": "person", "start": 11, "end": 16, "value": "Sarah"},
                {"entity": "location", "start": 39, "end": 49, "value": "Chelmsford"},
                {"entity": "phone", "value": "07700 900123"},
            ],
        },
        "metadata": {},
    }


def test_redact_event_data(r):
    event = _event()
    before = copy.deepcopy(event)
    out = redact_event_data(event, redactor=r)
    assert event == before  # input untouched
    assert out is not event
    assert out["text"] == "my name is [NAME], call [PHONE] in Chelmsford"
    assert out["parse_data"]["text"] == out["text"]
    person, location, phone = out["parse_data"]["entities"]
    assert person["value"] == "[NAME]"
    assert out["text"][person["start"]:person["end"]] == "[NAME]"
    assert location["value"] == "Chelmsford"
    assert out["text"][location["start"]:location["end"]] == "Chelmsford"
    assert phone["value"] == "[PHONE]"
    assert out["parse_data"]["intent"] == event["parse_data"]["intent"]


def test_redact_event_data_odd_shapes(r):
    assert redact_event_data({"event": "action", "name": "action_listen"}, redactor=r) == {
        "event": "action", "name": "action_listen"}
    assert redact_event_data(None, redactor=r) is None
    assert redact_event_data("text", redactor=r) == "text"
    out = redact_event_data({"event": "user", "text": None, "parse_data": {"entities": [{"value": 3}, "x"]}},
                            redactor=r)
    assert out["parse_data"]["entities"] == [{"value": 3}, "x"]
    out = redact_event_data({"event": "user", "text": "dave", "parse_data": {"text": "I'm dave",
                             "entities": [{"start": 99, "end": 120, "value": "dave"}]}}, redactor=r)
    assert out["text"] == "[NAME]" and out["parse_data"]["text"] == "I'm [NAME]"
    assert out["parse_data"]["entities"][0]["value"] == "[NAME]"


def test_redact_event_data_bot_event_keeps_service_numbers(r):
    bot = {"event": "bot", "text": "Call Crimestoppers on 0800 555 111, or 999 in an emergency."}
    assert redact_event_data(bot, redactor=r) == bot
