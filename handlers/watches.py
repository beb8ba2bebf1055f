"""Watches in Slack: posting what they detect in their channels, and the Remove button of `/numbers watches`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.container import Container
from bot.i18n import _
from bot.replies.views import render_error
from bot.replies.watch_views import WatchAction
from handlers.common import audited, now
from handlers.delivery import Delivery
from handlers.outbox import OutboxSender
from handlers.pacing import ChannelPacer

APOLOGY = {"response_type": "ephemeral", "replace_original": False}


def make_remove_action(deps: Container, out: Delivery) -> Callable[..., None]:
    """The listener for a watch's Remove button: removes it from the channel the list was shown in."""

    def handle_remove(ack: Ack, action: dict[str, Any], respond: Respond, context: BoltContext) -> None:
        started = now()
        ack()
        value = str(action.get("value") or "")
        if deps.watches is None or not value.isdigit() or len(value) > 12:
            apology = render_error(_("That button no longer works; run `/numbers watches` again."))
            out.respond(respond.response_url, context.user_id, apology, **APOLOGY)
            return
        watches, channel = deps.watches, context.channel_id or ""

        def answer() -> None:
            reply = watches.remove(channel, int(value), context.user_id)
            done = audited("action:unwatch", context, reply, started)
            if reply.ok:  # the list it was clicked in, without the removed watch
                listing = watches.command("watches", channel=channel, user=context.user_id).message
                out.respond(respond.response_url, context.user_id, listing, done, replace_original=True)
            else:
                out.respond(respond.response_url, context.user_id, reply.message, done, **APOLOGY)

        deps.answer_later(answer, context.user_id)

    return handle_remove


def register(app: App, deps: Container, out: Delivery) -> None:
    """Let the watches post through the outbox (stored, then sent by the delivery workers), and register the
    Remove button."""
    if deps.history is not None and deps.watches is not None:
        sender = OutboxSender(deps.history.store, ChannelPacer(out), deps.watches)
        deps.history.outbox_ready = sender.wake
        deps.outbox = sender
    app.action(WatchAction.REMOVE.value)(make_remove_action(deps, out))
