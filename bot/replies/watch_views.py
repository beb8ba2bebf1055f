"""Block Kit for watches: the list of a channel's watches (a Remove button each), and what a watch posts."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from enum import StrEnum

from slack_sdk.models.blocks import Block, ButtonElement, ContextBlock, HeaderBlock, MarkdownTextObject, SectionBlock

from bot.i18n import _, ngettext, number, pgettext
from bot.inventory.history import Watch
from bot.inventory.outbox import OutboxStatus
from bot.replies.formats import slack_date
from bot.replies.mrkdwn import flireo_text
from bot.replies.typed import typed_in_reply_language
from bot.replies.views import Message, message_of

MAX_QUERY_SHOWN = 200


class WatchAction(StrEnum):
    """Action ids of the watch buttons; the value is the watch's number."""

    REMOVE = "numbers-unwatch"


def watch_words(watch: Watch) -> str:
    """The watch as it can be typed again: `available local in Amsterdam below 3`."""
    words = typed_in_reply_language(watch.query) or _("all numbers")
    if watch.threshold is not None:  # as typed: the reader reads "below" and "onder" whatever the watch's language
        words = _("{words} below {threshold}").format(words=words, threshold=watch.threshold)
    return words[:MAX_QUERY_SHOWN]


def broken_reason(error: str) -> str:
    """Why a watch's posts are refused for good, and what fixes it, from Slack's chat.postMessage error."""
    if error == "not_in_channel":
        return _("the bot is not in this channel: invite it (`/invite @numbers`), then type the watch again")
    if error == "is_archived":
        return _("the channel is archived: unarchive it, then type the watch again")
    if error == "channel_not_found":
        return _("Slack cannot find this channel for the bot (a private channel: invite it), then type the watch again")
    return _("Slack refuses the posts ({error}); type the watch again once that is mended").format(
        error=_as_code(error)
    )


def _as_code(error: str) -> str:
    """An error code (Slack's, or an exception's name) as code: a machine word, the same in every language."""
    return f"`{re.sub(r'[^A-Za-z0-9_]', '', error)[:40] or '?'}`"


def render_watch_broken_notice(watch: Watch, error: str) -> Message:
    """The direct message to whoever set a watch whose posts Slack refuses for good."""
    text = _("Your watch {id} in <#{channel}> (`{words}`) is broken: {reason}.").format(
        id=watch.id, channel=watch.channel, words=flireo_text(watch_words(watch), 300), reason=broken_reason(error)
    )
    return message_of(text, [SectionBlock(text=MarkdownTextObject(text=f":warning: {text}"))])


# Slack's chat.postMessage errors that say Slack itself failed (its reference, "Errors"); HTTP 5xx are `http_5xx`.
SLACK_TROUBLE = frozenset({"internal_error", "fatal_error", "service_unavailable", "request_timeout"})


def waiting_reason(error: str | None) -> str:
    """Why watch posts wait, from the last error of one of them (None: none was tried yet)."""
    if error is None:
        return _("not sent yet")
    if error in ("ratelimited", "rate_limited"):
        return _("Slack rate-limited")
    if error in SLACK_TROUBLE or error.startswith("http_5"):
        return _("Slack answered an error ({error})").format(error=_as_code(error))
    return _("Slack could not be reached ({error})").format(error=_as_code(error))


def waiting_line(waiting: OutboxStatus) -> str | None:
    """'2 posts waiting to be sent since 03:12: Slack rate-limited', and those given up; None when all went."""
    lines = []
    if waiting.pending and waiting.oldest_pending is not None:
        line = ngettext(
            "{count} post waiting to be sent since {time}: {reason}",
            "{count} posts waiting to be sent since {time}: {reason}",
            waiting.pending,
        )
        since = slack_date(waiting.oldest_pending, with_day=waiting.oldest_pending.date() != datetime.now(UTC).date())
        lines.append(line.format(count=number(waiting.pending), time=since, reason=waiting_reason(waiting.last_error)))
    if waiting.dead:
        line = ngettext(
            "{count} post could not be delivered and was given up",
            "{count} posts could not be delivered and were given up",
            waiting.dead,
        )
        lines.append(line.format(count=number(waiting.dead)))
    return "\n".join(f":hourglass: {line}" for line in lines) or None


def render_watches(watches: list[Watch], waiting: OutboxStatus | None = None) -> Message:
    """A channel's watches, oldest first, each with a Remove button; the posts still waiting to be sent, if any."""
    if not watches:
        none = _("No watches in this channel.")
        text = none + " " + _("Try `/numbers watch linked billing desk` or `watch free local below 3`.")
        return message_of(none, [SectionBlock(text=MarkdownTextObject(text=text))])
    blocks: list[Block] = [HeaderBlock(text=_("Watches in this channel: {count}").format(count=number(len(watches))))]
    for watch in watches:
        if watch.threshold is not None:
            kind = _("posts when the count falls below / recovers")
        else:
            kind = _("posts each change")
        if watch.broken:
            kind = _("*broken*: {reason}").format(reason=broken_reason(watch.broken))
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(text=f"*{watch.id}.* `{flireo_text(watch_words(watch), 300)}` · {kind}"),
                accessory=ButtonElement(
                    text=pgettext("button", "Remove"),
                    action_id=WatchAction.REMOVE.value,
                    value=str(watch.id),
                    style="danger",
                ),
            )
        )
    if waiting is not None and (line := waiting_line(waiting)) is not None:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=line)))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=_("`/numbers unwatch N` removes one too."))]))
    in_channel = ngettext("{count} watch in this channel", "{count} watches in this channel", len(watches))
    return message_of(in_channel.format(count=number(len(watches))), blocks)


def render_watch_added(watch: Watch, described: str, count: int | None) -> Message:
    """The reply to `/numbers watch …`."""
    if watch.threshold is None:
        text = _("Watch {id}: I'll post every change to {description} in this channel.")
    elif count is not None and count < watch.threshold:
        text = _(
            "Watch {id}: I'll post here when the number of {description} falls below {threshold}, and when it recovers "
            "({count} now, already below: I'll post when it recovers)."
        )
    else:
        text = _(
            "Watch {id}: I'll post here when the number of {description} falls below {threshold}, and when it "
            "recovers ({count} now)."
        )
    # Counts as the reply's language writes them (5,500 / 5.500); None only with no threshold, where none is shown.
    fields = {"id": watch.id, "threshold": _count(watch.threshold), "count": _count(count)}
    # The block shows the description made inert; the fallback is escaped once, by message_of.
    block = SectionBlock(
        text=MarkdownTextObject(text=":eyes: " + text.format(description=flireo_text(described, 300), **fields))
    )
    return message_of(text.format(description=described, **fields), [block])


def render_watch_exists(watch: Watch, described: str) -> Message:
    """The reply to `/numbers watch …` when the channel already has that watch: one watch posts once."""
    text = _("Already watching {description} in this channel: watch {id}.")
    block = SectionBlock(
        text=MarkdownTextObject(text=":eyes: " + text.format(description=flireo_text(described, 300), id=watch.id))
    )
    return message_of(text.format(description=described, id=watch.id), [block])


def render_watch_removed(watch_id: int) -> Message:
    """The reply to `/numbers unwatch N`."""
    text = _("Watch {id} removed.").format(id=watch_id)
    return message_of(text, [SectionBlock(text=MarkdownTextObject(text=f":white_check_mark: {text}"))])


def _count(value: int | None) -> str | None:
    return None if value is None else number(value)


def threshold_message(watch: Watch, described: str, count: int) -> Message:
    """What a threshold watch posts when its count falls below the threshold, or recovers.

    `described` agrees with `count`, which it follows: "1 free local number", "2 free local numbers".
    """
    assert watch.threshold is not None
    if count < watch.threshold:
        emoji, text = ":warning:", _("Watch {id}: {count} {description}, below {threshold}.")
    else:
        emoji, text = ":white_check_mark:", _("Watch {id}: {count} {description} again, at or above {threshold}.")
    fields = {"id": watch.id, "count": number(count), "threshold": number(watch.threshold)}
    block = SectionBlock(
        text=MarkdownTextObject(text=f"{emoji} " + text.format(description=flireo_text(described, 300), **fields))
    )
    return message_of(text.format(description=described, **fields), [block])
