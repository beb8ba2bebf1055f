"""History with three replicas on one Redis and one PostgreSQL: each change is recorded once and posted once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.e2e.conftest import AppProcess
from tests.e2e.helpers import all_text, shown_numbers
from tests.e2e.test_history import (
    POLLING,
    WATCH_CHANNEL,
    add_sentinel,
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


@pytest.fixture
def flireo() -> Iterator[FlireoFake]:
    """A one-page account, polled every 1.5 s."""
    with FlireoFake(make_numbers(40), shared=make_shared_numbers(2)) as fake:
        yield fake


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A running redis-server for this test."""
    server = RedisServer(tmp_path)
    yield server.url
    server.stop()


def test_three_replicas_record_and_post_each_change_once(
    start_app, slack: SlackFake, flireo: FlireoFake, redis_url: str, database_url: str, tmp_path: Path
) -> None:
    def start(i: int) -> AppProcess:
        env = {**POLLING, "REDIS_URL": redis_url, "DATABASE_URL": database_url, "DATA_DIR": str(tmp_path / f"d{i}")}
        return start_app(env)

    with ThreadPoolExecutor(3) as pool:
        apps = list(pool.map(start, range(3)))
    eventually(lambda: readings_seen(flireo) >= 1, what="the first reading")
    answer(apps[0], slack, "watch", channel=WATCH_CHANNEL)
    changed = make_changes(flireo)
    wait_for_post(slack, WATCH_CHANNEL, 1)
    wait_for_readings(flireo, 3)
    sentinel = add_sentinel(flireo)
    posts = wait_for_post(slack, WATCH_CHANNEL, 2)
    assert sorted(shown_numbers(posts[0].body)) == sorted(changed)
    assert shown_numbers(posts[1].body) == [sentinel]
    assert len(posts_in(slack, WATCH_CHANNEL)) == 2, "each change posted once, by one replica"
    for app in apps:  # whichever replica is asked, each change is listed once
        assert sorted(shown_numbers(answer(app, slack, "changes since 1h"))) == sorted([*changed, sentinel])
    assert not list(tmp_path.glob("d*/history-*")), "with DATABASE_URL nothing is stored in DATA_DIR"


def test_replicas_without_a_shared_database_say_they_keep_no_history(
    start_app, slack: SlackFake, redis_url: str
) -> None:
    app = start_app({"REDIS_URL": redis_url})
    assert "no history and no watches: replicas (REDIS_URL) keep them only in a shared DATABASE_URL" in app.logs()
    history = json.loads(app.get("/healthz")[1])["history"]
    assert history["state"] == "off"
    assert "DATABASE_URL" in history["reason"]
    for asked in ("changes", "watch linked"):
        reply = all_text(answer(app, slack, asked, channel=WATCH_CHANNEL))
        assert "replicas (REDIS_URL) keep history and watches only in a shared database (DATABASE_URL)" in reply
