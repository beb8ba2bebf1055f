"""The `/numbers` slash command: ack at once, answer through the command's response_url."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.container import Container
from handlers.common import audit, now, send

COMMAND = "/numbers"


def make_numbers_command(deps: Container) -> Callable[..., None]:
    """The listener for `/numbers`."""

    def handle_numbers_command(ack: Ack, command: dict[str, Any], respond: Respond, context: BoltContext) -> None:
        started = now()
        ack()

        def answer() -> None:
            reply = deps.numbers.reply(str(command.get("text") or ""))
            delivered = send(respond, reply.message, response_type="ephemeral")
            audit("command", context, reply, started, delivered)

        deps.answer_later(answer)

    return handle_numbers_command


def register(app: App, deps: Container) -> None:
    """Register the slash command."""
    app.command(COMMAND)(make_numbers_command(deps))
