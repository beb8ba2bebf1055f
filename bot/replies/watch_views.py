"""Block Kit for watches: the list of a channel's watches (a Remove button each), and what a watch posts."""

from __future__ import annotations

from enum import StrEnum

from slack_sdk.models.blocks import Block, ButtonElement, ContextBlock, HeaderBlock, MarkdownTextObject, SectionBlock

from bot.inventory.history import Watch
from bot.reading.question import spoken
from bot.replies.mrkdwn import flireo_text
from bot.replies.views import Message, message_of

MAX_QUERY_SHOWN = 200


class WatchAction(StrEnum):
    """Action ids of the watch buttons; the value is the watch's number."""

    REMOVE = "numbers-unwatch"


def watch_words(watch: Watch) -> str:
    """The watch as it can be typed again: `available local in Amsterdam below 3`."""
    words = spoken(watch.query) or "all numbers"
    if watch.threshold is not None:
        words += f" below {watch.threshold}"
    return words[:MAX_QUERY_SHOWN]


def render_watches(watches: list[Watch]) -> Message:
    """A channel's watches, oldest first, each with a Remove button."""
    if not watches:
        text = "No watches in this channel. Try `/numbers watch linked billing desk` or `watch free local below 3`."
        return message_of("No watches in this channel.", [SectionBlock(text=MarkdownTextObject(text=text))])
    blocks: list[Block] = [HeaderBlock(text=f"Watches in this channel: {len(watches)}")]
    for watch in watches:
        kind = "posts when the count falls below / recovers" if watch.threshold is not None else "posts each change"
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(text=f"*{watch.id}.* `{flireo_text(watch_words(watch), 300)}` · {kind}"),
                accessory=ButtonElement(
                    text="Remove", action_id=WatchAction.REMOVE.value, value=str(watch.id), style="danger"
                ),
            )
        )
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text="`/numbers unwatch N` removes one too.")]))
    return message_of(f"{len(watches)} watches in this channel", blocks)


def render_watch_added(watch: Watch, described: str, count: int | None) -> Message:
    """The reply to `/numbers watch …`."""
    if watch.threshold is None:
        text = f"Watch {watch.id}: I'll post every change to {{}} in this channel."
    else:
        now = f"{count} now" + (
            ", already below: I'll post when it recovers" if count is not None and count < watch.threshold else ""
        )
        text = (
            f"Watch {watch.id}: I'll post here when {{}} falls below {watch.threshold}, and when it recovers ({now})."
        )
    # The block shows the description made inert; the fallback is escaped once, by message_of.
    block = SectionBlock(text=MarkdownTextObject(text=":eyes: " + text.format(flireo_text(described, 300))))
    return message_of(text.format(described), [block])


def render_watch_removed(watch_id: int) -> Message:
    """The reply to `/numbers unwatch N`."""
    text = f"Watch {watch_id} removed."
    return message_of(text, [SectionBlock(text=MarkdownTextObject(text=f":white_check_mark: {text}"))])


def threshold_message(watch: Watch, described: str, count: int) -> Message:
    """What a threshold watch posts when its count falls below the threshold, or recovers."""
    assert watch.threshold is not None
    if count < watch.threshold:
        emoji, text = ":warning:", f"Watch {watch.id}: {count} {{}}, below {watch.threshold}."
    else:
        emoji, text = ":white_check_mark:", f"Watch {watch.id}: {count} {{}} again, at or above {watch.threshold}."
    block = SectionBlock(text=MarkdownTextObject(text=f"{emoji} " + text.format(flireo_text(described, 300))))
    return message_of(text.format(described), [block])
