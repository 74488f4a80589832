"""Two Rasa replicas behind a load balancer, sharing a PostgreSQL tracker store and a Redis lock
store, with one action server: a conversation whose messages alternate replicas keeps its state and order."""
from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from tests.integration.scale_out.round_robin import RoundRobinBalancer
from bot.local_services import Redis, free_port, start_postgres


@pytest.fixture(scope="module")
def replicas(tmp_path_factory, project_root: Path, trained_model: Path):
    from bot.launcher import ManagedProcess, Stack, prepare_content_store
    from bot.settings import Settings

    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is not installed: `make test` installs the Debian packages first")
    postgres = start_postgres()
    if postgres is None:
        pytest.fail("PostgreSQL is not installed: `make test` installs the Debian packages first")
    redis = Redis(port=free_port())
    redis.start()
    var_dir = tmp_path_factory.mktemp("scale-var")
    action_port = free_port()
    common = {**os.environ, "BOT_PROJECT_ROOT": str(project_root), "BOT_VAR_DIR": str(var_dir),
              "BOT_ACTION_PORT": str(action_port), "RASA_AUTH_TOKEN": "scale-token",
              "BOT_ENDPOINTS_FILE": "deploy/endpoints.scale-out.yml", "BOT_TRACKER_DB_URL": postgres.url,
              "BOT_REDIS_PORT": str(redis.port), "BOT_WIDGET_PORT": str(free_port()),
              "BOT_REVIEW_PORT": str(free_port()),
              # Queued messages of one conversation wait for the lock; on a busy CI machine the
              # default 10 s reply deadline is about the queue, not what this test checks.
              "BOT_REPLY_TIMEOUT": "45",
              # All six concurrent messages of one conversation must queue on the lock, not be
              # turned away by the per-conversation cap (default 4 per replica).
              "BOT_MAX_TURNS_PER_CONVERSATION": "8"}
    first = Settings.from_env({**common, "BOT_RASA_PORT": str(free_port())})
    second = Settings.from_env({**common, "BOT_RASA_PORT": str(free_port())})
    prepare_content_store(first)
    stack = Stack(first, model_path=trained_model)
    stack.build()
    replica_b = Stack(second, model_path=trained_model)
    replica_b.build()
    rasa_b: ManagedProcess = next(p for p in replica_b.processes if p.name == "Rasa server")
    rasa_b.log_path = var_dir / "logs" / "rasa-b.log"
    stack.processes = [p for p in stack.processes if p.name in ("action server", "Rasa server")] + [rasa_b]
    balancer = None
    try:
        stack.start()
        balancer = RoundRobinBalancer([(first.rasa_host, first.rasa_port), (second.rasa_host, second.rasa_port)]).start()
        yield balancer, postgres
    finally:
        if balancer:
            balancer.stop()
        stack.stop()
        redis.stop()
        postgres.stop()


def say(balancer, sender, text):
    # A new connection per request, so the balancer alternates replicas.
    response = requests.post(f"http://127.0.0.1:{balancer.port}/webhooks/rest/webhook",
                             json={"sender": sender, "message": text}, timeout=60, headers={"Connection": "close"})
    assert response.status_code == 200
    return response.json()


def events(postgres, sender):
    engine = sa.create_engine(postgres.url)
    with engine.connect() as connection:
        rows = connection.execute(sa.text("select type_name, data from events where sender_id = :s order by id"), {"s": sender}).all()
    engine.dispose()
    return [(t, json.loads(d)) for t, d in rows]


def content_marker(replies):
    return next(m["custom"]["data"] for m in replies if (m.get("custom") or {}).get("data", {}).get("kind") == "content")


def test_conversation_alternating_replicas_keeps_state_and_order(replicas) -> None:
    balancer, postgres = replicas
    before = dict(balancer.connections)
    first = content_marker(say(balancer, "scale-1", "how do i protect my home from burglars"))
    follow = content_marker(say(balancer, "scale-1", "what about my car"))
    assert follow["strand"] == "burglary_robbery" and follow["item_id"] != first["item_id"]
    assert "Thank you" in say(balancer, "scale-1", "/feedback_helpful")[0]["text"]
    assert "automated" in say(balancer, "scale-1", "are you a bot")[0]["text"]
    used = {k: balancer.connections[k] - before.get(k, 0) for k in balancer.connections}
    assert used.get(0, 0) >= 2 and used.get(1, 0) >= 2, used
    stored = events(postgres, "scale-1")
    user_texts = [d.get("text") for t, d in stored if t == "user"]
    assert user_texts == ["how do i protect my home from burglars", "what about my car", "/feedback_helpful", "are you a bot"]


def test_concurrent_messages_of_one_conversation_are_serialised(replicas) -> None:
    balancer, postgres = replicas
    say(balancer, "scale-2", "hello")
    messages = [f"thanks {i}" for i in range(6)]
    failures = []

    def send(text):
        try:
            say(balancer, "scale-2", text)
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(f"{text}: {exc!r}")

    threads = [threading.Thread(target=send, args=(m,)) for m in messages]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    assert failures == []
    stored = events(postgres, "scale-2")
    users = [d["text"] for t, d in stored if t == "user"]
    assert sorted(users[1:]) == sorted(messages)
    # With the Redis lock, each message is fully handled before the next starts: every user
    # event after the first is preceded by the action_listen that ended the previous turn.
    for index, (type_name, data) in enumerate(stored):
        if type_name == "user" and index > 0:
            previous = [d for t, d in stored[:index] if t == "action"]
            assert previous[-1]["name"] == "action_listen"
