"""What-if patches for `python -m bench --what-if ...` (experiments only; the product is not changed).

The benchmark puts this folder on PYTHONPATH of chosen product processes only, with BENCH_WHATIF
naming the patches, so a recommended change can be measured before anyone writes it properly:

  cached-validator   jsonschema.validate keeps one checked validator per schema instead of checking
                     the schema against the meta-schema on every call (Rasa's RemoteAction calls it
                     for every action server response).
  tracker-wal        every SQLite connection of the process uses journal_mode=WAL and
                     synchronous=NORMAL (Rasa's SQL tracker store commits once per message).
  no-tf              TensorFlow cannot be imported (spaCy's thinc then skips it): for the action
                     server, which never needs it.
"""
import os
import sys

_WHATIF = {w.strip() for w in os.environ.get("BENCH_WHATIF", "").split(",") if w.strip()}

if "no-tf" in _WHATIF:
    sys.modules["tensorflow"] = None  # type: ignore[assignment]

if "cached-validator" in _WHATIF:
    import json

    import jsonschema
    from jsonschema import exceptions as _exceptions
    from jsonschema import validators as _validators

    _original_validate = jsonschema.validate
    _cache = {}

    def _validate(instance, schema, cls=None, *args, **kwargs):
        if args or kwargs:
            return _original_validate(instance, schema, cls, *args, **kwargs)
        key = (cls, json.dumps(schema, sort_keys=True, default=repr))
        validator = _cache.get(key)
        if validator is None:
            klass = cls or _validators.validator_for(schema)
            klass.check_schema(schema)
            validator = _cache[key] = klass(schema)
        error = _exceptions.best_match(validator.iter_errors(instance))
        if error is not None:
            raise error

    jsonschema.validate = _validate

if "tracker-wal" in _WHATIF:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    @event.listens_for(Engine, "connect")
    def _wal(dbapi_connection, _record):
        if type(dbapi_connection).__module__.startswith("sqlite3"):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()
