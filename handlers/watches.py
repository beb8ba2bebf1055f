"""Watches in Slack: posting what they detect in their channels, and the Remove button of `/numbers watches`."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.answers.watches import Post
from bot.container import Container
from bot.ops.audit import AuditEntry, record
from bot.replies.views import render_error
from bot.replies.watch_views import WatchAction
from handlers.common import audit, now, send

log = logging.getLogger(__name__)


def make_delivery(client: WebClient) -> Callable[[Post], None]:
    """Post a watch's message in its channel; a channel the bot cannot post in is logged, never raised."""

    def deliver(post: Post) -> None:
        outcome = "ok"
        try:
            client.chat_postMessage(channel=post.channel, **post.message.as_kwargs())
        except SlackApiError as exc:
            # not_in_channel: a private channel (or no chat:write.public): invite the bot, says the README.
            error = exc.response.get("error", "unknown error")
            log.warning("watch %d could not post in %s: %s", post.watch_id, post.channel, error)
            outcome = "undelivered"
        # GET /metrics counts these (numbers_watch_posts_total by outcome).
        record(AuditEntry("watch_delivery", None, post.channel, f"watch {post.watch_id}", outcome))

    return deliver


def make_remove_action(deps: Container) -> Callable[..., None]:
    """The listener for a watch's Remove button: removes it from the channel the list was shown in."""

    def handle_remove(ack: Ack, action: dict[str, Any], respond: Respond, context: BoltContext) -> None:
        started = now()
        ack()
        value = str(action.get("value") or "")
        if deps.watches is None or not value.isdigit() or len(value) > 12:
            send(respond, render_error("That button no longer works; run `/numbers watches` again."))
            return
        channel = context.channel_id or ""
        reply = deps.watches.remove(channel, int(value), context.user_id)
        if reply.ok:  # the list it was clicked in, without the removed watch
            listing = deps.watches.command("watches", channel=channel, user=context.user_id).message
            delivered = send(respond, listing, replace_original=True)
        else:
            delivered = send(respond, reply.message, response_type="ephemeral", replace_original=False)
        audit("action:unwatch", context, reply, started, delivered)

    return handle_remove


def register(app: App, deps: Container) -> None:
    """Let the watches post through the app's Web API client, and register the Remove button."""
    if deps.history is not None:
        deps.history.deliver = make_delivery(app.client)
    app.action(WatchAction.REMOVE.value)(make_remove_action(deps))
