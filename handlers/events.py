"""Mentions: answered in the mention's thread."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from slack_bolt import App, BoltContext

from bot.container import Container
from bot.reading.phones import strip_slack_markup
from bot.reading.slack_message import message_texts
from bot.reading.watch_command import is_watch_command
from handlers.common import audited, now
from handlers.delivery import Delivery
from handlers.exports import export, with_export_note


def _answer_in_conversation(
    deps: Container, out: Delivery, context: BoltContext, event: dict[str, Any], surface: str, thread_ts: str | None
) -> None:
    """Answer a message's question in its conversation (in `thread_ts` when given) and audit it."""
    started = now()
    # An alert a monitoring bot posts with a mention carries its text in attachments; a person's blocks repeat `text`.
    text = message_texts(event, with_blocks=False)
    command = strip_slack_markup(text).strip()
    if deps.watches is not None and is_watch_command(command):  # "@numbers watch linked billing desk"
        reply = deps.watches.command(command, channel=event.get("channel"), user=event.get("user"))
    else:
        reply = deps.numbers.reply(text, public=True)
    done = audited(surface, context, reply, started)
    message = with_export_note(reply.message, reply.export)
    out.post_message(event["channel"], context.user_id, message, done, thread_ts=thread_ts)
    if reply.export is not None and context.user_id:  # "@numbers changes today csv": the file in the same thread
        user = context.user_id
        tell = partial(out.post_ephemeral, event["channel"], user)
        export(deps.numbers, out, reply.export, channel=event["channel"], user=user, tell=tell, thread_ts=thread_ts)


def make_mention_handler(deps: Container, out: Delivery) -> Callable[..., None]:
    """The listener for `app_mention`: answered in the mention's thread."""

    def handle_mention(event: dict[str, Any], context: BoltContext) -> None:
        thread_ts = event.get("thread_ts") or event.get("ts")
        answer = partial(_answer_in_conversation, deps, out, context, event, "mention", thread_ts)
        deps.answer_later(answer, context.user_id)

    return handle_mention


def is_person_writing_in_dm(event: dict[str, Any]) -> bool:
    """A new message from a person in a DM with the bot: not an edit, a deletion, or a bot's message."""
    return (
        event.get("channel_type") == "im"
        and not event.get("subtype")
        and not event.get("bot_id")
        and bool(event.get("user"))
        and bool(event.get("channel"))
    )


def make_direct_message_handler(deps: Container, out: Delivery) -> Callable[..., None]:
    """The listener for `message` events: a DM is answered like a mention, in the DM."""

    def handle_message(event: dict[str, Any], context: BoltContext) -> None:
        if is_person_writing_in_dm(event):
            thread_ts = event.get("thread_ts")
            answer = partial(_answer_in_conversation, deps, out, context, event, "dm", thread_ts)
            deps.answer_later(answer, context.user_id)

    return handle_message


def register(app: App, deps: Container, out: Delivery) -> None:
    """Register the event listeners."""
    app.event("app_mention")(make_mention_handler(deps, out))
    # Every message event is taken (and most ignored) so Slack gets no 404 for edits and bot messages.
    app.event("message")(make_direct_message_handler(deps, out))
