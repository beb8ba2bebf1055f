"""The message shortcut "Look up numbers": every phone number in a message, with its status on the account."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.container import Container
from bot.reading.slack_message import message_texts
from handlers.common import audit, now, send

LOOKUP_CALLBACK_ID = "lookup_numbers"


def make_lookup_shortcut(deps: Container) -> Callable[..., None]:
    """The listener for the `lookup_numbers` message shortcut."""

    def handle_lookup_shortcut(ack: Ack, shortcut: dict[str, Any], respond: Respond, context: BoltContext) -> None:
        started = now()
        ack()
        message = shortcut.get("message")
        text = message_texts(message) if isinstance(message, dict) else ""

        def answer() -> None:
            reply = deps.numbers.numbers_in_text(text)
            delivered = send(respond, reply.message, response_type="ephemeral", replace_original=False)
            audit("shortcut", context, reply, started, delivered)

        deps.answer_later(answer)

    return handle_lookup_shortcut


def register(app: App, deps: Container) -> None:
    """Register the message shortcut."""
    app.shortcut(LOOKUP_CALLBACK_ID)(make_lookup_shortcut(deps))
