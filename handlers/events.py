"""Mentions: answered in the mention's thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.container import Container
from handlers.common import audit, now

log = logging.getLogger(__name__)


def make_mention_handler(deps: Container) -> Callable[..., None]:
    """The listener for `app_mention`."""

    def handle_mention(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        started = now()
        reply = deps.numbers.reply(str(event.get("text") or ""), public=True)
        delivered = True
        try:
            client.chat_postMessage(
                channel=event["channel"],
                thread_ts=event.get("thread_ts") or event.get("ts"),
                **reply.message.as_kwargs(),
            )
        except SlackApiError as exc:
            delivered = False
            log.warning("could not post the mention's answer: %s", exc.response.get("error", "unknown error"))
        audit("mention", context, reply, started, delivered)

    return handle_mention


def register(app: App, deps: Container) -> None:
    """Register the event listeners."""
    app.event("app_mention")(make_mention_handler(deps))
