"""Mentions: answered in the mention's thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.container import Container


def make_mention_handler(deps: Container) -> Callable[..., None]:
    """The listener for `app_mention`."""

    def handle_mention(event: dict[str, Any], client: WebClient) -> None:
        reply = deps.numbers.reply(str(event.get("text") or ""), public=True)
        client.chat_postMessage(
            channel=event["channel"],
            thread_ts=event.get("thread_ts") or event.get("ts"),
            **reply.message.as_kwargs(),
        )

    return handle_mention


def register(app: App, deps: Container) -> None:
    """Register the event listeners."""
    app.event("app_mention")(make_mention_handler(deps))
