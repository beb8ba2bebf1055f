"""The same watch typed 20 times at once in a channel is one watch, in one process or across two replicas: the
store checks for it inside the write lock (SQLite or PostgreSQL), not only before it."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.e2e.conftest import AppProcess
from tests.e2e.helpers import all_text
from tests.e2e.test_history import (
    POLLING,
    WATCH_CHANNEL,
    answer,
    eventually,
    make_changes,
    posts_in,
    readings_seen,
    wait_for_post,
    wait_for_readings,
)
from tests.e2e.test_replicas import RedisServer
from tests.fakes.flireo import FlireoFake, make_numbers, make_shared_numbers
from tests.fakes.slack import SlackFake

TYPED = 20


@pytest.fixture
def flireo() -> Iterator[FlireoFake]:
    """A one-page account, read every second."""
    with FlireoFake(make_numbers(40), shared=make_shared_numbers(2)) as fake:
        yield fake


def typed_at_once(apps: list[AppProcess], slack: SlackFake, words: str) -> list[str]:
    """`words` sent TYPED times at once, by turns to each app; the replies."""
    with ThreadPoolExecutor(TYPED) as pool:
        replies = pool.map(lambda i: answer(apps[i % len(apps)], slack, words, channel=WATCH_CHANNEL), range(TYPED))
        return [all_text(reply) for reply in replies]


def one_watch_posting_once(apps: list[AppProcess], slack: SlackFake, flireo: FlireoFake, replies: list[str]) -> None:
    """Every reply names watch 1; every app lists one watch; a change is posted once."""
    assert all("atch 1" in reply for reply in replies), replies  # "Watch 1: I'll post …" / "Already watching … watch 1"
    for app in apps:
        assert "Watches in this channel: 1" in all_text(answer(app, slack, "watches", channel=WATCH_CHANNEL))
    make_changes(flireo)
    wait_for_post(slack, WATCH_CHANNEL, 1)
    wait_for_readings(flireo, 2)  # a second copy of the watch would post in this reading's post, or the next
    (post,) = posts_in(slack, WATCH_CHANNEL)
    assert len([block for block in post.body["blocks"] if block["type"] == "section"]) == 1, "one watch, one post"


def test_a_watch_typed_20_times_at_once_is_one_watch(
    start_app, slack: SlackFake, flireo: FlireoFake, store_env: dict[str, str]
) -> None:
    app = start_app({**POLLING, **store_env})
    eventually(lambda: readings_seen(flireo) >= 1, what="the first reading")
    replies = typed_at_once([app], slack, "watch linked billing desk")
    one_watch_posting_once([app], slack, flireo, replies)


def test_a_watch_typed_20_times_at_once_on_two_replicas_is_one_watch(
    start_app, slack: SlackFake, flireo: FlireoFake, database_url: str, tmp_path: Path
) -> None:
    redis = RedisServer(tmp_path)
    try:
        env = {**POLLING, "REDIS_URL": redis.url, "DATABASE_URL": database_url}
        with ThreadPoolExecutor(2) as pool:
            apps = list(pool.map(lambda i: start_app({**env, "DATA_DIR": str(tmp_path / f"d{i}")}), range(2)))
        eventually(lambda: readings_seen(flireo) >= 1, what="the first reading")
        replies = typed_at_once(apps, slack, "watch linked billing desk")
        one_watch_posting_once(apps, slack, flireo, replies)
    finally:
        redis.stop()
