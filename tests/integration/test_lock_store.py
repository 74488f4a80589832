"""The atomic Redis lock store on a real redis-server: replicas never serve one conversation at once."""
from __future__ import annotations

import asyncio
import shutil
import threading
import time

import pytest
from rasa.utils.endpoints import EndpointConfig

from bot.local_services import Redis, free_port
from bot.rasa_components.lock_store import AtomicRedisLockStore

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server (make test installs it)")


@pytest.fixture(scope="module")
def redis_port():
    server = Redis(port=free_port())
    server.start()
    yield server.port
    server.stop()


def replica(port: int) -> AtomicRedisLockStore:
    # As Rasa builds it from endpoints.yml (`type: bot.rasa_components.lock_store.AtomicRedisLockStore`).
    return AtomicRedisLockStore(endpoint_config=EndpointConfig(url="127.0.0.1", port=port, db=0, key_prefix="test",
                                                               type="bot.rasa_components.lock_store.AtomicRedisLockStore"))


def test_replicas_take_turns_on_one_conversation(redis_port) -> None:
    inside, overlaps, served, errors = [0], [], [], []
    guard = threading.Lock()

    def one_replica(name: str) -> None:
        store = replica(redis_port)  # its own connection, as a separate replica has

        async def messages() -> None:
            for n in range(15):
                async with store.lock("conversation-1", wait_time_in_seconds=0.005):
                    with guard:
                        inside[0] += 1
                        if inside[0] > 1:
                            overlaps.append((name, n))
                    time.sleep(0.002)  # handling the message; releases the GIL like real I/O
                    served.append((name, n))
                    with guard:
                        inside[0] -= 1

        try:
            asyncio.run(messages())
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))

    threads = [threading.Thread(target=one_replica, args=(f"replica-{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert overlaps == []
    assert len(served) == 4 * 15
    assert replica(redis_port).get_lock("conversation-1") is None  # the last message deleted the lock


def test_tickets_are_unique_and_served_in_order(redis_port) -> None:
    stores = [replica(redis_port) for _ in range(3)]
    tickets = [stores[i % 3].issue_ticket("conversation-2") for i in range(9)]
    assert tickets == list(range(9))
    lock = stores[0].get_lock("conversation-2")
    assert lock.now_serving == 0 and not lock.is_locked(0) and lock.is_locked(1)
    for number in tickets:
        stores[number % 3].cleanup("conversation-2", number)
    assert stores[0].get_lock("conversation-2") is None
