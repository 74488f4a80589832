"""Micro-measurements behind docs/benchmarks.md: `python -m bench.micro`.

Rasa 3.6's RemoteAction checks every action server response with `jsonschema.validate`, which
first checks the (large) events schema itself against the JSON-Schema meta-schema on every call.
This times that call against a validator built once and against the product's check
(bot/rasa_components/speedups.py: cached, one event kind per event), for a product-sized response (six slots, four
messages with buttons and custom data) and for the stock assistant's one-message response.
"""
from __future__ import annotations

import time


def main() -> int:
    from jsonschema import validate, validators
    from rasa.core.actions.action import RemoteAction

    from bot.rasa_components.speedups import cached_validate

    spec = RemoteAction.action_response_format_spec()
    slots = [("strand", "burglary_robbery"), ("last_item_id", "br-shed"), ("content_version", "3"), ("shown_items", ["br-shed"]),
             ("district", None), ("audience", None)]
    product = {
        "events": [{"event": "slot", "timestamp": None, "name": n, "value": v} for n, v in slots],
        "responses": [
            {"text": "x" * 1200, "custom": {"data": {"kind": "content", "strand": "burglary_robbery", "item_id": "br-shed", "version": 3}}},
            {"text": "Where to get help:\n- a", "custom": {"data": {"kind": "referrals", "referrals": [{"id": "a", "name": "b"}] * 3}}},
            {"text": "Other topics you can look at:", "buttons": [{"title": "t", "payload": '/choose_topic{"item_id": "x"}'}] * 5},
            {"text": "Was this helpful?", "buttons": [{"title": "Yes", "payload": "/feedback_helpful"}] * 2},
        ],
    }
    stock = {"events": [], "responses": [{"text": "Hello World! How are you?"}]}
    prebuilt = validators.validator_for(spec)(spec)
    for name, response in (("product-sized response", product), ("stock response", stock)):
        rounds = 50
        started = time.perf_counter()
        for _ in range(rounds):
            validate(response, spec)
        per_call = (time.perf_counter() - started) / rounds * 1000
        started = time.perf_counter()
        for _ in range(rounds):
            prebuilt.validate(response)
        cached = (time.perf_counter() - started) / rounds * 1000
        cached_validate(response, spec)  # builds its validators once
        started = time.perf_counter()
        for _ in range(rounds):
            cached_validate(response, spec)
        product_check = (time.perf_counter() - started) / rounds * 1000
        print(f"{name}: jsonschema.validate (what Rasa 3.6 does) {per_call:.2f} ms per call; "
              f"validator built once {cached:.2f} ms; the product's check (cached, by event kind) {product_check:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
