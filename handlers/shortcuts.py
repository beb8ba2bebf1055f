"""The message shortcut "Look up numbers": every phone number in a message, with its status on the account."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.container import Container
from bot.reading.slack_message import message_texts
from handlers.common import audited, now
from handlers.delivery import Delivery

LOOKUP_CALLBACK_ID = "lookup_numbers"


def make_lookup_shortcut(deps: Container, out: Delivery) -> Callable[..., None]:
    """The listener for the `lookup_numbers` message shortcut."""

    def handle_lookup_shortcut(ack: Ack, shortcut: dict[str, Any], respond: Respond, context: BoltContext) -> None:
        started = now()
        ack()
        message = shortcut.get("message")
        text = message_texts(message) if isinstance(message, dict) else ""

        def answer() -> None:
            reply = deps.numbers.numbers_in_text(text)
            done = audited("shortcut", context, reply, started)
            options = {"response_type": "ephemeral", "replace_original": False}
            out.respond(respond.response_url, context.user_id, reply.message, done, **options)

        deps.answer_later(answer, context.user_id)

    return handle_lookup_shortcut


def register(app: App, deps: Container, out: Delivery) -> None:
    """Register the message shortcut."""
    app.shortcut(LOOKUP_CALLBACK_ID)(make_lookup_shortcut(deps, out))
