"""The REST channel, guarded so that it never leaves a resident without a reply.

When the action server is down, slow or failing, Rasa logs the error and carries on silently (and
waits up to five minutes for an action). These channels wrap message handling with a deadline and,
if nothing but the session greeting was sent for a message, send the safe reply: 999 / 101 / online.
Turns in flight are capped per conversation and overall, and a turn that runs far past the
deadline is cancelled (bot/rasa_components/turn_limits.py). Configured in credentials.yml in place
of Rasa's own `rest` channel (same URL). There is no Socket.IO channel: see credentials.yml.
"""
from __future__ import annotations

import asyncio
import logging
import re
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint

from bot.conversation.replies import (EMERGENCY_TEXT, EMPTY_MESSAGE_TEXT, GREETING, MAX_MESSAGE_CHARS, SAFE_FAILURE_TEXT,
                                      TOO_LONG_TEXT, is_emergency_message)

logger = logging.getLogger(__name__)


class CountingOutput(OutputChannel):
    """Passes every bot message on to the real output channel and counts the real replies.

    999 really first: the session greeting is held back until the first real reply. If that reply
    is the 999 message (the conversation's first message was danger now), the 999 message goes
    first and the greeting ("I'm an automated assistant...") follows it.
    """

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.replies = 0
        self._held_greeting: Optional[Dict[Text, Any]] = None
        self._recipient: Optional[Text] = None

    @classmethod
    def name(cls) -> Text:
        return "counting"

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        if message.get("text") == GREETING and self.replies == 0 and self._held_greeting is None:
            self._held_greeting, self._recipient = message, recipient_id
            return
        self.replies += 1
        if self._held_greeting is not None and not is_emergency_message(message):
            await self.flush()
        await self.inner.send_response(recipient_id, message)
        await self.flush()

    async def flush(self) -> None:
        """Send the held greeting, if any (after the 999 message, or before any other reply)."""
        held, self._held_greeting = self._held_greeting, None
        if held is not None:
            await self.inner.send_response(self._recipient, held)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self.inner.send_text_message(recipient_id, text, **kwargs)


def reply_deadline_seconds() -> float:
    from bot.settings import get_settings

    return get_settings().reply_timeout_seconds


# The longest the danger-now patterns may take on an over-long message (measured worst case on
# 16 KB of adversarial text: about 25 ms).
PATTERN_BUDGET_SECONDS = 1.0

# Control characters other than tab and newline carry no meaning in a chat message.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


async def refuse_unusable_input(message: UserMessage) -> bool:
    """Empty and over-long messages get a clear reply without reaching the NLU. Returns True if handled."""
    text = _CONTROL.sub("", message.text or "")
    message.text = text
    out = message.output_channel
    if not text.strip():
        await out.send_response(message.sender_id, {"text": EMPTY_MESSAGE_TEXT})
        return True
    if len(text) > MAX_MESSAGE_CHARS:
        from bot.danger.judge import patterns_verdict
        from bot.safety_net import load_safety_net

        # Even a message that is too long is checked for danger now first (its first few thousand
        # characters, sentence by sentence), in a worker thread under a time budget so that no
        # message can hold the event loop. When in doubt - the budget ran out - 999 first.
        try:
            verdict = await asyncio.wait_for(asyncio.to_thread(patterns_verdict, load_safety_net(), text),
                                             timeout=PATTERN_BUDGET_SECONDS)
            danger = verdict.fired
        except asyncio.TimeoutError:
            danger = True
        if danger:
            await out.send_response(message.sender_id, {"text": EMERGENCY_TEXT})
        await out.send_response(message.sender_id, {"text": TOO_LONG_TEXT})
        return True
    return False


def guarded(on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Callable[[UserMessage], Awaitable[None]]:
    from bot.rasa_components.turn_limits import cancel_later, hard_deadline_seconds, limiter

    async def handle(message: UserMessage) -> None:
        if await refuse_unusable_input(message):
            return
        turns, sender = limiter(), message.sender_id
        if not turns.try_enter(sender):
            logger.warning("too many messages in flight (%d in all); sending the safe reply", turns.in_flight)
            await message.output_channel.send_response(sender, {"text": SAFE_FAILURE_TEXT})
            return
        counting = CountingOutput(message.output_channel)
        message.output_channel = counting
        handling = asyncio.ensure_future(on_new_message(message))
        handling.add_done_callback(lambda _: turns.leave(sender))
        cancel_later(handling, hard_deadline_seconds())
        try:
            # Shielded: past the deadline the resident gets the safe reply now, but the message is
            # still processed and stored (cancelling it would lose it from the conversation) -
            # until the hard deadline above.
            await asyncio.wait_for(asyncio.shield(handling), timeout=reply_deadline_seconds())
        except asyncio.TimeoutError:
            logger.error("no reply within %.0f s for a message; sending the safe reply", reply_deadline_seconds())
        except Exception:  # noqa: BLE001 - whatever failed, the resident still gets a safe reply
            logger.exception("handling a message failed; sending the safe reply")
        await counting.flush()
        if counting.replies == 0:
            await counting.inner.send_response(message.sender_id, {"text": SAFE_FAILURE_TEXT})

    return handle


class GuardedRestInput(RestInput):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from bot.rasa_components.speedups import install
        from bot.rasa_components.turn_limits import apply_action_wait

        install()
        apply_action_wait()

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return super().blueprint(guarded(on_new_message))

