"""Mentions: answered in the mention's thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.container import Container
from bot.reading.phones import strip_slack_markup
from bot.reading.slack_message import message_texts
from bot.reading.watch_command import is_watch_command
from handlers.common import audit, now

log = logging.getLogger(__name__)


def _answer_in_conversation(
    deps: Container, client: WebClient, context: BoltContext, event: dict[str, Any], surface: str, thread_ts: str | None
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
    delivered = True
    try:
        client.chat_postMessage(channel=event["channel"], thread_ts=thread_ts, **reply.message.as_kwargs())
    except SlackApiError as exc:
        delivered = False
        log.warning("could not post the %s's answer: %s", surface, exc.response.get("error", "unknown error"))
    audit(surface, context, reply, started, delivered)


def make_mention_handler(deps: Container) -> Callable[..., None]:
    """The listener for `app_mention`: answered in the mention's thread."""

    def handle_mention(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        thread_ts = event.get("thread_ts") or event.get("ts")
        deps.answer_later(lambda: _answer_in_conversation(deps, client, context, event, "mention", thread_ts))

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


def make_direct_message_handler(deps: Container) -> Callable[..., None]:
    """The listener for `message` events: a DM is answered like a mention, in the DM."""

    def handle_message(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        if is_person_writing_in_dm(event):
            thread_ts = event.get("thread_ts")
            deps.answer_later(lambda: _answer_in_conversation(deps, client, context, event, "dm", thread_ts))

    return handle_message


def register(app: App, deps: Container) -> None:
    """Register the event listeners."""
    app.event("app_mention")(make_mention_handler(deps))
    # Every message event is taken (and most ignored) so Slack gets no 404 for edits and bot messages.
    app.event("message")(make_direct_message_handler(deps))
