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
    tracker_store_by_conversation_length()
    return 0


def tracker_store_by_conversation_length(turns=(1, 5, 10, 20, 50, 100), rounds: int = 10) -> None:
    """One turn's tracker-store work (read the conversation, add a turn, save) by conversation length,
    for Rasa's SQLTrackerStore and the product's RedactingSQLTrackerStore, on a fresh SQLite file each."""
    import asyncio
    import tempfile
    from pathlib import Path

    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.rasa_components import speedups
    from bot.rasa_components.redacting_tracker_store import RedactingSQLTrackerStore

    domain = Domain.load(str(Path(__file__).resolve().parent.parent / "domain.yml"))
    advice = "Fit a closed-shackle padlock and a shed alarm; mark your tools with your postcode. " * 12

    def turn(n: int, at: float) -> list:
        return [UserUttered(f"what about my shed, question {n}", {"name": "burglary_robbery", "confidence": 0.93},
                            timestamp=at),
                ActionExecuted("action_give_advice", timestamp=at + 0.01), SlotSet("strand", "burglary_robbery", timestamp=at + 0.01),
                BotUttered(advice, {"custom": {"data": {"kind": "content", "item_id": "br-shed"}}}, timestamp=at + 0.02),
                ActionExecuted("action_listen", timestamp=at + 0.03)]

    def one_store(store, sender: str, length: int) -> float:
        events = [ActionExecuted("action_session_start", timestamp=1.0), SessionStarted(timestamp=1.0),
                  ActionExecuted("action_listen", timestamp=1.0)]
        for n in range(length - 1):
            events += turn(n, 2.0 + n)
        asyncio.run(store.save(DialogueStateTracker.from_events(sender, events, domain.slots)))

        async def measure() -> float:
            started = time.perf_counter()
            for r in range(rounds):
                tracker = await store.retrieve(sender)
                for event in turn(1000 + r, 5000.0 + r):
                    tracker.update(event)
                await store.save(tracker)
            return (time.perf_counter() - started) / rounds * 1000

        # Later rounds read a slightly longer conversation (each adds a turn), as in real use.
        return asyncio.run(measure())

    print("\ntracker store, one turn (read, add a turn of 5 events, save), ms, by turns already in the conversation:")
    print("turns | Rasa SQLTrackerStore | product RedactingSQLTrackerStore (with the event-type lookup)")
    with tempfile.TemporaryDirectory() as folder:
        rasa_store = SQLTrackerStore(domain=domain, dialect="sqlite", db=str(Path(folder) / "rasa.db"))
        product_store = RedactingSQLTrackerStore(domain=domain, dialect="sqlite", db=str(Path(folder) / "product.db"))
        rasa_times = {length: one_store(rasa_store, f"rasa-{length}", length) for length in turns}
        speedups.install()
        product_times = {length: one_store(product_store, f"product-{length}", length) for length in turns}
        for length in turns:
            print(f"{length:5d} | {rasa_times[length]:20.2f} | {product_times[length]:8.2f}")


if __name__ == "__main__":
    raise SystemExit(main())
