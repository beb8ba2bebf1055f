"""Watches in Slack: posting what they detect in their channels, and the Remove button of `/numbers watches`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.answers.watches import Post, Poster, Watches
from bot.container import Container
from bot.i18n import _
from bot.ops.audit import AuditEntry, record
from bot.replies.views import render_error
from bot.replies.watch_views import WatchAction
from handlers.common import audited, now
from handlers.delivery import Delivery
from handlers.pacing import ChannelPacer

APOLOGY = {"response_type": "ephemeral", "replace_original": False}


def make_poster(poster: Poster, watches: Watches | None = None) -> Callable[[Post], None]:
    """Hand a watch's message to the poster (paced per channel, sent by the delivery workers); never raises.
    A post Slack refuses for good marks its watch broken and tells whoever set it."""

    def deliver(post: Post) -> None:
        def done(delivered: bool) -> None:
            # GET /metrics counts these (numbers_watch_posts_total by outcome).
            outcome = "ok" if delivered else "undelivered"
            record(AuditEntry("watch_delivery", None, post.channel, f"watch {post.watch_id}", outcome))

        def refused(error: str) -> None:
            if watches is not None and (notice := watches.refused(post, error)) is not None:
                poster.post(notice.channel, notice.message)

        poster.post(post.channel, post.message, done, refused)

    return deliver


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
    """Let the watches post through the delivery workers, and register the Remove button."""
    if deps.history is not None:
        deps.history.deliver = make_poster(ChannelPacer(out), deps.watches)
    app.action(WatchAction.REMOVE.value)(make_remove_action(deps, out))
