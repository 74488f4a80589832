"""The cached validator gives exactly jsonschema.validate's answers for Rasa's action response schema."""
from __future__ import annotations

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from bot.rasa_components.speedups import cached_validate

SPEC = RemoteAction.action_response_format_spec()

VALID = [
    {"events": [{"event": "slot", "name": "strand", "value": "burglary_robbery"}],
     "responses": [{"text": "hello", "buttons": [{"title": "Yes", "payload": "/affirm"}], "custom": {"data": {"kind": "content"}}}]},
    {"events": [], "responses": []},
    {"responses": []},
    {"events": [{"event": "user", "text": "hi", "parse_data": {"intent": {"name": "greet", "confidence": 0.9}}},
                {"event": "action", "name": "action_listen", "policy": None, "confidence": None, "timestamp": 1.5},
                {"event": "bot", "text": "Hello", "data": {"buttons": []}, "metadata": {}},
                {"event": "followup", "name": "action_give_advice"}, {"event": "restart"},
                {"event": "active_loop", "name": None}, {"event": "slot", "name": "x", "value": None}], "responses": []},
]
INVALID = [
    {"events": [{"event": "no_such_event"}], "responses": []},
    {"events": "not a list", "responses": []},
    {"events": [{"event": "slot", "name": "strand"}], "responses": []},  # a known kind missing a field
    {"events": [{"event": "slot", "name": "s", "value": 1}, {"event": "user", "text": 5}], "responses": []},
    {"events": [{"event": "action", "name": "a", "timestamp": "yesterday"}], "responses": []},
    {"events": [{"name": "no kind"}], "responses": []},
    {"events": ["not an object"], "responses": []},
    {"events": [], "responses": ["not an object"]},
    {"events": [{"event": 7}], "responses": []},
    "not an object",
]


@pytest.mark.parametrize("result", VALID)
def test_accepts_what_jsonschema_accepts(result) -> None:
    jsonschema.validators.validator_for(SPEC)(SPEC).validate(result)
    cached_validate(result, SPEC)
    cached_validate(result, SPEC)  # the second call uses the cached validator


@pytest.mark.parametrize("result", INVALID)
def test_rejects_what_jsonschema_rejects_with_the_same_error(result) -> None:
    with pytest.raises(jsonschema.ValidationError) as ours:
        cached_validate(result, SPEC)
    with pytest.raises(jsonschema.ValidationError) as theirs:
        jsonschema.validators.validator_for(SPEC).check_schema(SPEC)
        error = jsonschema.exceptions.best_match(jsonschema.validators.validator_for(SPEC)(SPEC).iter_errors(result))
        raise error
    assert ours.value.message == theirs.value.message


def test_every_rasa_event_kind_has_a_fast_check() -> None:
    from jsonschema import validators

    from bot.rasa_components.speedups import _EventsByKind

    fast = _EventsByKind.for_schema(SPEC, validators.validator_for(SPEC))
    assert fast is not None
    assert {"user", "bot", "action", "slot", "followup", "session_started"} <= set(fast.by_kind)


def test_event_classes_resolve_as_rasa_resolves_them() -> None:
    from rasa.shared.core import events

    from bot.rasa_components import speedups

    original = speedups._original_resolve_by_type or events.Event.resolve_by_type
    speedups.install()
    names = ["user", "bot", "action", "slot", "session_started", "followup", "restart", "active_loop", "entities"]
    for _ in range(2):  # the second round is answered from what the first found
        for name in names:
            assert events.Event.resolve_by_type(name) is original(name)
    assert events.Event.resolve_by_type("no_such_event", default=events.SlotSet) is events.SlotSet
    assert events.Event.resolve_by_type("topic") is None
    with pytest.raises(ValueError, match="Unknown event name"):
        events.Event.resolve_by_type("no_such_event")
    dumped = [events.UserUttered("hi").as_dict(), events.SlotSet("strand", "knife_crime").as_dict()]
    assert [type(e) for e in events.deserialise_events(dumped)] == [events.UserUttered, events.SlotSet]
