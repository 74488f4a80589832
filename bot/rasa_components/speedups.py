"""Performance fix for Rasa 3.6: validate action server responses with a cached validator.

Rasa's RemoteAction checks every action server response with `jsonschema.validate(result, spec)`.
`jsonschema.validate` first checks the schema itself against the JSON Schema meta-schema - on
every call. Profiling this product under load (docs/benchmarks.md) showed that check taking about
40% of the Rasa server's CPU. This installs a drop-in `validate` that checks each distinct schema
once and keeps its validator: the same result and the same error for every instance.
Installed when the guarded channels start (bot/rasa_components/channels.py), not at import.
"""
from __future__ import annotations

import json
import threading
from typing import Any, Dict, Optional, Tuple

_lock = threading.Lock()
_validators: Dict[Tuple[Any, str], Any] = {}


def cached_validate(instance: Any, schema: Any, cls: Optional[type] = None, *args: Any, **kwargs: Any) -> None:
    from jsonschema import exceptions, validators

    if args or kwargs:
        return _original_validate(instance, schema, cls, *args, **kwargs)
    key = (cls, json.dumps(schema, sort_keys=True, default=repr))
    with _lock:
        validator = _validators.get(key)
    if validator is None:
        klass = cls or validators.validator_for(schema)
        klass.check_schema(schema)  # once per distinct schema, as jsonschema.validate would
        validator = klass(schema)
        with _lock:
            _validators[key] = validator
    error = exceptions.best_match(validator.iter_errors(instance))
    if error is not None:
        raise error


_original_validate = None


def install() -> None:
    global _original_validate
    import jsonschema

    if getattr(jsonschema.validate, "__name__", "") == "cached_validate":
        return
    _original_validate = jsonschema.validate
    jsonschema.validate = cached_validate
