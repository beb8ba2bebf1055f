"""Watch posts, paced per channel: Slack asks for about one message a second per channel and does not promise to
show bursts (docs: rate limits, "Posting messages"), so the posts waiting for one channel go out as one message.

Measured before: 20 watches in one channel posted 20 messages within 0.03 s after one reading.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from bot.inventory.outbox import Attempt, Outcome
from bot.ops.workers import FairWorkers, Limits
from bot.replies.views import Message
from handlers.delivery import Attempted, Delivery, Done, Refused

log = logging.getLogger(__name__)

# Slack: "1 per second" per channel for posting messages, short bursts allowed but not promised to show.
PACE_SECONDS = 1.0
# A reading's posts are worked out within milliseconds of each other: waiting this long gathers them into one.
GATHER_SECONDS = 0.25
# Slack: at most 50 blocks in a message; posts that would not fit together go out a pace later.
MAX_BLOCKS = 50
# The combined `text` (notifications, screen readers) stays within Slack's advised 4,000 characters.
TEXT_LIMIT = 4000
# Only scheduling runs here (the sending is the delivery workers'): two threads, one per channel at a time.
PACER_LIMITS = Limits(threads=2, queued=2000, queued_per_key=20, running_per_key=1)

Waiting = tuple[Message, Done | None, Refused | None, Attempted | None]


def combine(messages: list[Message]) -> Message:
    """Several posts as one message: their blocks one after another with a divider between, their texts joined."""
    if len(messages) == 1:
        return messages[0]
    blocks: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, message in enumerate(messages):
        if i:
            blocks.append({"type": "divider"})
        for block in message.blocks:
            blocks.append(_unique_block_id(block, seen))
    text = "\n".join(message.text for message in messages)
    return Message(text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…", blocks)


def _unique_block_id(block: dict[str, Any], seen: set[str]) -> dict[str, Any]:
    """The block, with its block_id made unique in the combined message (Slack refuses duplicates)."""
    block_id = block.get("block_id")
    if not isinstance(block_id, str):
        return block
    unique, n = block_id, 1
    while unique in seen:
        n += 1
        unique = f"{block_id[:240]}-{n}"
    seen.add(unique)
    return block if unique == block_id else {**block, "block_id": unique}


def _batch(waiting: list[Waiting]) -> tuple[list[Waiting], list[Waiting]]:
    """The posts that fit in one message (at least one), and the rest."""
    size = 0
    for i, (message, *_) in enumerate(waiting):
        size += len(message.blocks) + (1 if i else 0)
        if i and size > MAX_BLOCKS:
            return waiting[:i], waiting[i:]
    return waiting, []


class ChannelPacer:
    """A `Poster` for Slack: at most one message a second per channel; posts waiting for a channel become one."""

    def __init__(self, out: Delivery, workers: FairWorkers | None = None) -> None:
        self._out = out
        self._workers = workers or FairWorkers("watch-posts", PACER_LIMITS)
        self._lock = threading.Lock()
        self._waiting: dict[str, list[Waiting]] = {}
        self._scheduled: set[str] = set()
        self._next_at: dict[str, float] = {}

    def post(
        self,
        channel: str,
        message: Message,
        on_done: Done | None = None,
        on_refused: Refused | None = None,
        on_attempt: Attempted | None = None,
    ) -> None:
        """Send `message` to `channel` when the channel's turn comes, with whatever else waits for it; with
        `on_attempt` it is tried once and the caller hears how (the outbox keeps it and tries again)."""
        with self._lock:
            self._waiting.setdefault(channel, []).append((message, on_done, on_refused, on_attempt))
            if channel in self._scheduled:
                return
            self._scheduled.add(channel)
            delay = max(GATHER_SECONDS, self._next_at.get(channel, 0.0) - time.monotonic())
        self._schedule(channel, delay)

    def _schedule(self, channel: str, delay: float) -> None:
        if not self._workers.submit(channel, lambda: self._flush(channel), delay=delay):
            with self._lock:
                dropped = self._waiting.pop(channel, [])
                self._scheduled.discard(channel)
            _attempted(dropped, Attempt(Outcome.FAILED, "queue full"))
            _finish(dropped, False)

    def _flush(self, channel: str) -> None:
        with self._lock:
            batch, rest = _batch(self._waiting.pop(channel, []))
            if rest:
                self._waiting[channel] = rest
            else:
                self._scheduled.discard(channel)
            self._next_at[channel] = time.monotonic() + PACE_SECONDS
        if rest:
            self._schedule(channel, PACE_SECONDS)
        if not batch:
            return
        if len(batch) > 1:
            log.info(
                "%d watch posts for %s sent as one message (Slack: a message a second a channel)", len(batch), channel
            )
        message = combine([message for message, *_ in batch])
        outboxed = any(on_attempt is not None for *_, on_attempt in batch)
        self._out.post_message(
            channel,
            channel,
            message,
            lambda delivered: _finish(batch, delivered),
            on_refused=lambda error: _refused(batch, error),
            on_attempt=(lambda attempt: _attempted(batch, attempt)) if outboxed else None,
        )


def _finish(batch: list[Waiting], delivered: bool) -> None:
    for _, on_done, _, _ in batch:
        if on_done is not None:
            on_done(delivered)


def _refused(batch: list[Waiting], error: str) -> None:
    for _, _, on_refused, _ in batch:
        if on_refused is not None:
            on_refused(error)


def _attempted(batch: list[Waiting], attempt: Attempt) -> None:
    for *_, on_attempt in batch:
        if on_attempt is not None:
            on_attempt(attempt)
