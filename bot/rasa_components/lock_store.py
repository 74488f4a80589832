"""Rasa's Redis lock store with every change to a lock made atomically, for more than one replica.

Rasa 3.6's RedisLockStore reads a conversation's lock, changes it in Python and writes it back. With
two replicas those steps interleave: a ticket one replica issues is overwritten by the other's
write, or the lock is deleted just after another replica queued on it (Rasa issue #9213). Then two
messages of one conversation are handled at once - events interleave - or a message fails with
"Could not acquire lock". Here each read-change-write runs in a Redis transaction (WATCH / MULTI /
EXEC), retried when another replica changed the lock in between, and the lock is deleted in the same
transaction that removes its last ticket. Configured in deploy/endpoints.scale-out.yml.
"""
from __future__ import annotations

import json
import logging
from typing import Any, Callable, Optional, Text, Tuple

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

_UNCHANGED = object()


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any) -> None:
        # Rasa builds custom lock stores as `cls(endpoint_config=...)`; the settings are the redis type's.
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url, **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)

    def _change(self, conversation_id: Text, change: Callable[[Optional[TicketLock]], Tuple[Any, Any]]) -> Any:
        """Apply `change(lock) -> (new lock | None to delete | _UNCHANGED, result)` atomically."""
        import redis

        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    serialised = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(serialised)) if serialised else None
                    new_lock, result = change(lock)
                    if new_lock is _UNCHANGED:
                        pipe.unwatch()
                        return result
                    pipe.multi()
                    if new_lock is None:
                        pipe.delete(key)
                    else:
                        pipe.set(key, new_lock.dumps())
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue  # another replica changed this lock between our read and write: again

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def issue(lock: Optional[TicketLock]) -> Tuple[TicketLock, int]:
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._change(conversation_id, issue)
        except Exception as error:  # noqa: BLE001 - Rasa's contract: any failure here is a LockError
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: Text) -> None:
        def drop_expired(lock: Optional[TicketLock]) -> Tuple[Any, None]:
            if lock is None:
                return _UNCHANGED, None
            lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, drop_expired)

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        self._change(conversation_id, lambda lock: self._without_ticket(lock, ticket_number, delete_if_empty=False))

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        # Rasa removes the ticket, then deletes the lock if nobody waits, in two steps; here it is one.
        self._change(conversation_id, lambda lock: self._without_ticket(lock, ticket_number, delete_if_empty=True))

    @staticmethod
    def _without_ticket(lock: Optional[TicketLock], ticket_number: int, delete_if_empty: bool) -> Tuple[Any, None]:
        if lock is None:
            return _UNCHANGED, None
        lock.remove_ticket_for(ticket_number)
        if delete_if_empty and not lock.is_someone_waiting():
            return None, None
        return lock, None
