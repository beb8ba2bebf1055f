"""Watch posts paced per channel: a burst waiting for one channel is one message, a message a second at most."""

from __future__ import annotations

import threading
import time
from typing import Any

from bot.inventory.outbox import Attempt, Outcome
from bot.replies.views import Message
from handlers.pacing import MAX_BLOCKS, PACE_SECONDS, ChannelPacer, combine


def section(text: str, block_id: str | None = None) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
    return block | ({"block_id": block_id} if block_id else {})


class FakeDelivery:
    """Records what the pacer hands over, and when."""

    def __init__(self) -> None:
        self.sent: list[tuple[float, str, Message]] = []
        self.cond = threading.Condition()

    def post_message(
        self,
        channel: str,
        key: str,
        message: Message,
        on_done: Any = None,
        on_refused: Any = None,
        on_attempt: Any = None,
    ) -> None:
        with self.cond:
            self.sent.append((time.monotonic(), channel, message))
            self.cond.notify_all()
        if on_attempt is not None:
            on_attempt(Attempt(Outcome.SENT))
        if on_done is not None:
            on_done(True)

    def wait_for(self, count: int) -> list[tuple[float, str, Message]]:
        with self.cond:
            assert self.cond.wait_for(lambda: len(self.sent) >= count, timeout=5), f"only {len(self.sent)} sent"
            return list(self.sent)


def test_combined_posts_keep_every_block_with_a_divider_between_and_unique_block_ids() -> None:
    one = Message("Watch 1: 1 change", [section("a", "numbers-results")])
    two = Message("Watch 2: 2 changes", [section("b", "numbers-results")])
    merged = combine([one, two])
    assert [b["type"] for b in merged.blocks] == ["section", "divider", "section"]
    assert [b.get("block_id") for b in merged.blocks] == ["numbers-results", None, "numbers-results-2"]
    assert merged.text == "Watch 1: 1 change\nWatch 2: 2 changes"


def test_a_burst_for_one_channel_is_one_message_and_other_channels_are_not_held_up() -> None:
    out = FakeDelivery()
    pacer = ChannelPacer(out)  # type: ignore[arg-type]
    delivered: list[bool] = []
    for i in range(20):
        pacer.post("C1", Message(f"Watch {i}", [section(f"watch {i}")]), delivered.append)
    pacer.post("C2", Message("Watch 99", [section("other channel")]))
    sent = out.wait_for(2)
    by_channel = {channel: message for _, channel, message in sent}
    assert len(by_channel["C1"].blocks) == 39  # 20 sections and 19 dividers
    assert delivered == [True] * 20


def test_a_channel_gets_at_most_one_message_a_second() -> None:
    out = FakeDelivery()
    pacer = ChannelPacer(out)  # type: ignore[arg-type]
    pacer.post("C1", Message("first", [section("first")]))
    out.wait_for(1)
    pacer.post("C1", Message("second", [section("second")]))
    (first, _, _), (second, _, _) = out.wait_for(2)
    assert second - first >= PACE_SECONDS * 0.95


def test_posts_that_do_not_fit_in_one_message_go_out_a_pace_apart() -> None:
    out = FakeDelivery()
    pacer = ChannelPacer(out)  # type: ignore[arg-type]
    for i in range(3):
        pacer.post("C1", Message(f"big {i}", [section(f"{i}-{j}") for j in range(20)]))
    (first, _, one), (second, _, two) = out.wait_for(2)
    assert len(one.blocks) == 41  # two posts of 20 and a divider; a third would pass Slack's 50 blocks
    assert len(two.blocks) == 20
    assert max(len(one.blocks), len(two.blocks)) <= MAX_BLOCKS
    assert second - first >= PACE_SECONDS * 0.95
