"""REST and Socket.IO channels that never leave a resident without a reply.

When the action server is down, slow or failing, Rasa logs the error and carries on silently (and
waits up to five minutes for an action). These channels wrap message handling with a deadline and,
if nothing but the session greeting was sent for a message, send the safe reply: 999 / 101 / online.
Configured in credentials.yml in place of Rasa's own `rest` and `socketio` channels (same URLs).
"""
from __future__ import annotations

import asyncio
import logging
import re
from typing import Any, Awaitable, Callable, Dict, Text

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

from bot.conversation.replies import (EMERGENCY_TEXT, EMPTY_MESSAGE_TEXT, GREETING, MAX_MESSAGE_CHARS, SAFE_FAILURE_TEXT,
                                      TOO_LONG_TEXT)

logger = logging.getLogger(__name__)


class CountingOutput(OutputChannel):
    """Passes every bot message on to the real output channel and counts the real replies."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.replies = 0

    @classmethod
    def name(cls) -> Text:
        return "counting"

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        if message.get("text") != GREETING:
            self.replies += 1
        await self.inner.send_response(recipient_id, message)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self.inner.send_text_message(recipient_id, text, **kwargs)


def reply_deadline_seconds() -> float:
    from bot.settings import get_settings

    return get_settings().reply_timeout_seconds


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
        from bot.safety_net import load_safety_net

        # Even a message that is too long is checked for danger now first.
        if load_safety_net().check(text).fired:
            await out.send_response(message.sender_id, {"text": EMERGENCY_TEXT})
        await out.send_response(message.sender_id, {"text": TOO_LONG_TEXT})
        return True
    return False


def guarded(on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Callable[[UserMessage], Awaitable[None]]:
    async def handle(message: UserMessage) -> None:
        if await refuse_unusable_input(message):
            return
        counting = CountingOutput(message.output_channel)
        message.output_channel = counting
        handling = asyncio.ensure_future(on_new_message(message))
        try:
            # Shielded: past the deadline the resident gets the safe reply now, but the message is
            # still processed and stored (cancelling it would lose it from the conversation).
            await asyncio.wait_for(asyncio.shield(handling), timeout=reply_deadline_seconds())
        except asyncio.TimeoutError:
            logger.error("no reply within %.0f s for a message; sending the safe reply", reply_deadline_seconds())
        except Exception:  # noqa: BLE001 - whatever failed, the resident still gets a safe reply
            logger.exception("handling a message failed; sending the safe reply")
        if counting.replies == 0:
            await counting.inner.send_response(message.sender_id, {"text": SAFE_FAILURE_TEXT})

    return handle


class GuardedRestInput(RestInput):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from bot.rasa_components.speedups import install

        install()

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return super().blueprint(guarded(on_new_message))


class GuardedSocketIOInput(SocketIOInput):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from bot.rasa_components.speedups import install

        install()

    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return super().blueprint(guarded(on_new_message))
