"""Caps on the messages (turns) the Rasa server handles at once, and on how long one may run.

Why: the guarded channel answers a resident within the reply deadline, but the turn itself goes on
(so the message is stored). With the action server stalled, every message held a task for Rasa's
five-minute action timeout, so a stream of messages piled up tasks without bound. Now:
- at most `per_conversation` turns of one conversation and `overall` turns in all are in flight;
  a message over either cap gets the safe reply at once and is not processed;
- a turn still running `hard_deadline_seconds` after it started is cancelled;
- Rasa waits at most `action_wait_seconds` for one action server call.
"""
from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional


@dataclass
class TurnLimiter:
    per_conversation: int
    overall: int
    counts: Counter = field(default_factory=Counter)
    in_flight: int = 0

    def try_enter(self, conversation_id: str) -> bool:
        """Take a place for one turn; False when a cap is reached."""
        if self.in_flight >= self.overall or self.counts[conversation_id] >= self.per_conversation:
            return False
        self.counts[conversation_id] += 1
        self.in_flight += 1
        return True

    def leave(self, conversation_id: str) -> None:
        self.counts[conversation_id] -= 1
        if self.counts[conversation_id] <= 0:
            del self.counts[conversation_id]
        self.in_flight -= 1


_limiter: Optional[TurnLimiter] = None


def limiter() -> TurnLimiter:
    """The process-wide limiter (one event loop per Rasa server process), from settings on first use."""
    global _limiter
    if _limiter is None:
        from bot.settings import get_settings

        settings = get_settings()
        _limiter = TurnLimiter(settings.max_turns_per_conversation, settings.max_turns_in_flight)
    return _limiter


def hard_deadline_seconds() -> float:
    """A turn may make a few action calls; past this it is cancelled (its message may be lost from
    the stored conversation, which is better than holding a task for minutes)."""
    from bot.settings import get_settings

    settings = get_settings()
    return max(settings.reply_timeout_seconds + 5, 2 * settings.action_wait_seconds + 5)


def apply_action_wait() -> None:
    """Rasa 3.6 waits DEFAULT_REQUEST_TIMEOUT (five minutes) for every action server call and reads
    it as a module global of rasa.core.actions.action at call time; set it to BOT_ACTION_WAIT."""
    import rasa.core.actions.action as rasa_action

    from bot.settings import get_settings

    rasa_action.DEFAULT_REQUEST_TIMEOUT = max(1, int(round(get_settings().action_wait_seconds)))


def cancel_later(task: "asyncio.Future[object]", seconds: float) -> None:
    """Cancel `task` if it is still running after `seconds`."""
    handle = asyncio.get_running_loop().call_later(max(0.0, seconds), task.cancel)
    task.add_done_callback(lambda _: handle.cancel())

