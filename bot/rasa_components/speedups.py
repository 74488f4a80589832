"""Performance fix for Rasa 3.6: validate action server responses with a cached, faster validator.

Rasa's RemoteAction checks every action server response with `jsonschema.validate(result, spec)`.
`jsonschema.validate` first checks the schema itself against the JSON Schema meta-schema - on
every call. Profiling this product under load (docs/benchmarks.md) showed that check taking about
40% of the Rasa server's CPU. This installs a drop-in `validate` that checks each distinct schema
once and keeps its validator: the same result and the same error for every instance.

Rasa's event schema then tries each event against all ~20 event kinds (`oneOf`), still about 8% of
the server's CPU. Every kind is told apart by its `event` constant, so an event is valid exactly
when it is valid against the one kind its `event` names; the fast path checks just that, and any
doubt (an unknown kind, a failure) goes to the full validator, which gives jsonschema's own error.
Rasa also finds an event's class by walking every subclass of Event, for each event of every
tracker it loads (about 5% of the server's CPU); `resolve_event_type` remembers what that walk
found for each type name, and still walks (so also raises) for a name it has not found before.

Installed when the guarded channels start (bot/rasa_components/channels.py), not at import.
"""
from __future__ import annotations

import json
import threading
from typing import Any, Dict, Optional, Tuple

_lock = threading.Lock()
_validators: Dict[Tuple[Any, str], Tuple[Any, Optional["_EventsByKind"]]] = {}


class _EventsByKind:
    """Accepts an object whose `events` list each match the `oneOf` branch their `event` names."""

    def __init__(self, schema: Dict[str, Any], klass: type) -> None:
        events = schema["properties"]["events"]
        items = events["items"]
        self.outer = klass({**schema, "properties": {**schema["properties"], "events": {"type": "array", "maxItems": 0}}})
        self.by_kind: Dict[str, Any] = {}
        for branch in items["oneOf"]:
            kind = branch["properties"]["event"]["const"]
            item_schema = {key: value for key, value in items.items() if key != "oneOf"}
            self.by_kind[kind] = klass({**item_schema, "allOf": [branch]})

    @classmethod
    def for_schema(cls, schema: Any, klass: type) -> Optional["_EventsByKind"]:
        try:
            events = schema["properties"]["events"]
            branches = events["items"]["oneOf"]
            kinds = [branch["properties"]["event"]["const"] for branch in branches]
        except (KeyError, TypeError):
            return None
        if events.get("type") != "array" or set(events) - {"type", "items"}:
            return None
        if not all(isinstance(kind, str) for kind in kinds) or len(set(kinds)) != len(kinds):
            return None  # two branches could both match: only the full oneOf check is right
        return cls(schema, klass)

    def is_valid(self, instance: Any) -> bool:
        if not isinstance(instance, dict):
            return False
        events = instance.get("events", [])
        if not isinstance(events, list) or not self.outer.is_valid({**instance, "events": []}):
            return False
        for event in events:
            kind = event.get("event") if isinstance(event, dict) else None
            validator = self.by_kind.get(kind) if isinstance(kind, str) else None
            if validator is None or not validator.is_valid(event):
                return False
        return True


def cached_validate(instance: Any, schema: Any, cls: Optional[type] = None, *args: Any, **kwargs: Any) -> None:
    from jsonschema import exceptions, validators

    if args or kwargs:
        return _original_validate(instance, schema, cls, *args, **kwargs)
    key = (cls, json.dumps(schema, sort_keys=True, default=repr))
    with _lock:
        entry = _validators.get(key)
    if entry is None:
        klass = cls or validators.validator_for(schema)
        klass.check_schema(schema)  # once per distinct schema, as jsonschema.validate would
        entry = (klass(schema), _EventsByKind.for_schema(schema, klass))
        with _lock:
            _validators[key] = entry
    validator, fast = entry
    if fast is not None and fast.is_valid(instance):
        return
    error = exceptions.best_match(validator.iter_errors(instance))
    if error is not None:
        raise error


_original_validate = None
_original_resolve_by_type = None
_event_classes: Dict[str, type] = {}


def resolve_event_type(type_name: str, default: Optional[type] = None) -> Optional[type]:
    cls = _event_classes.get(type_name)
    if cls is not None:
        return cls
    found = _original_resolve_by_type(type_name, default)
    if found is not None and getattr(found, "type_name", None) == type_name:
        _event_classes[type_name] = found
    return found


def install() -> None:
    global _original_validate, _original_resolve_by_type
    import jsonschema
    from rasa.shared.core.events import Event

    if getattr(jsonschema.validate, "__name__", "") != "cached_validate":
        _original_validate = jsonschema.validate
        jsonschema.validate = cached_validate
    if _original_resolve_by_type is None:
        _original_resolve_by_type = Event.resolve_by_type
        Event.resolve_by_type = staticmethod(resolve_event_type)
