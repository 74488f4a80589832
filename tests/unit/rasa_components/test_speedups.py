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
]
INVALID = [
    {"events": [{"event": "no_such_event"}], "responses": []},
    {"events": "not a list", "responses": []},
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
