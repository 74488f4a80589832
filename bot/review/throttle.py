"""Sign-in throttle per client address, and which address a request really comes from.

The per-account lock-out (accounts.authenticate) stops guessing one reviewer's password; this stops
one address guessing many reviewers' passwords (and locking them all out). In memory: the
dashboard runs as one process (one worker); a restart forgets, which only ends a throttle early.
"""
from __future__ import annotations

import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from typing import Deque, Optional

from sanic.request import Request

from bot.http_guard import is_loopback

# Addresses remembered at once; the least recently seen is forgotten first.
MAX_ADDRESSES = 10_000


def client_address(request: Request) -> str:
    """The client's address. The forwarded address (X-Forwarded-For as the proxy sets it,
    PROXIES_COUNT = 1) is believed only when the direct peer is this machine, i.e. the proxy."""
    forwarded = request.remote_addr if is_loopback(request.ip) else ""
    return forwarded or request.ip or ""


@dataclass
class AddressThrottle:
    max_failures: int
    window_seconds: float
    failures: "OrderedDict[str, Deque[float]]" = field(default_factory=OrderedDict)

    def _recent(self, address: str, now: float) -> Deque[float]:
        times = self.failures.get(address)
        if times is None:
            return deque()
        while times and times[0] <= now - self.window_seconds:
            times.popleft()
        return times

    def retry_after(self, address: str, now: Optional[float] = None) -> int:
        """Seconds until `address` may try again; 0 when it may try now."""
        now = time.monotonic() if now is None else now
        times = self._recent(address, now)
        if len(times) < self.max_failures:
            return 0
        return max(1, int(times[0] + self.window_seconds - now + 0.999))

    def failed(self, address: str, now: Optional[float] = None) -> None:
        now = time.monotonic() if now is None else now
        times = self._recent(address, now)
        times.append(now)
        self.failures[address] = times
        self.failures.move_to_end(address)
        while len(self.failures) > MAX_ADDRESSES:
            self.failures.popitem(last=False)
