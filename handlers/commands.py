"""The `/numbers` slash command: ack at once, answer through the command's response_url."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.container import Container
from bot.reading.watch_command import is_watch_command
from bot.replies.export_views import notice
from handlers.common import audited, now
from handlers.delivery import Delivery
from handlers.exports import export, with_export_note

COMMAND = "/numbers"


def make_numbers_command(deps: Container, out: Delivery) -> Callable[..., None]:
    """The listener for `/numbers`."""

    def handle_numbers_command(ack: Ack, command: dict[str, Any], respond: Respond, context: BoltContext) -> None:
        started = now()
        ack()

        def answer() -> None:
            text = str(command.get("text") or "")
            if deps.watches is not None and is_watch_command(text):
                reply = deps.watches.command(text, channel=command.get("channel_id"), user=command.get("user_id"))
            else:
                reply = deps.numbers.reply(text)
            done = audited("command", context, reply, started)
            message = with_export_note(reply.message, reply.export)
            out.respond(respond.response_url, context.user_id, message, done, response_type="ephemeral")
            if reply.export is not None:  # "changes today csv": the file follows the answer, in this channel

                def tell(text: str) -> None:
                    out.respond(respond.response_url, context.user_id, notice(text), response_type="ephemeral")

                channel = command.get("channel_id")
                export(deps.numbers, out, reply.export, channel=channel, user=context.user_id, tell=tell)

        deps.answer_later(answer, context.user_id)

    return handle_numbers_command


def register(app: App, deps: Container, out: Delivery) -> None:
    """Register the slash command."""
    app.command(COMMAND)(make_numbers_command(deps, out))
