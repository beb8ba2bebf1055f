"""Redis that forgets (FLUSHALL, or a restart without persistence) while replicas run on one PostgreSQL: watches and
history are in SQL, so they stay; Redis's own share (snapshot, budget, locks) starts again, and /healthz says so."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import redis

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

OTHER_CHANNEL = "C0OTHER"


@pytest.fixture
def flireo() -> Iterator[FlireoFake]:
    """A one-page account, read every second."""
    with FlireoFake(make_numbers(40), shared=make_shared_numbers(2)) as fake:
        yield fake


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A running redis-server without persistence (a restart comes back empty)."""
    server = RedisServer(tmp_path)
    yield server
    server.stop()


@pytest.fixture
def three_replicas(
    start_app, redis_server: RedisServer, database_url: str, tmp_path: Path
) -> Callable[[], list[AppProcess]]:
    """Factory: three `python app.py` on one Redis and one PostgreSQL database."""

    def start() -> list[AppProcess]:
        env = {**POLLING, "REDIS_URL": redis_server.url, "DATABASE_URL": database_url}
        with ThreadPoolExecutor(3) as pool:
            return list(pool.map(lambda i: start_app({**env, "DATA_DIR": str(tmp_path / f"d{i}")}), range(3)))

    return start


def health(app: AppProcess) -> dict[str, Any]:
    """/healthz's body."""
    status, body = app.get("/healthz")
    assert status == 200, body
    return dict(json.loads(body))


def with_a_watch_and_changes(apps: list[AppProcess], slack: SlackFake, flireo: FlireoFake) -> list[str]:
    """A watch on every change, four changes posted by it; returns the changed numbers."""
    eventually(lambda: readings_seen(flireo) >= 1, what="the first reading")
    assert "I'll post every change" in all_text(answer(apps[0], slack, "watch", channel=WATCH_CHANNEL))
    changed = sorted(make_changes(flireo))
    (post,) = wait_for_post(slack, WATCH_CHANNEL, 1)
    assert sorted(shown_numbers(post.body)) == changed
    return changed


def everything_kept(apps: list[AppProcess], slack: SlackFake, flireo: FlireoFake, changed: list[str]) -> None:
    """Every replica lists the watch and answers the history; the watch still posts a new change, once."""
    for app in apps:
        assert "Watches in this channel: 1" in all_text(answer(app, slack, "watches", channel=WATCH_CHANNEL))
        assert sorted(shown_numbers(answer(app, slack, "changes since 1h"))) == changed, "history lives in SQL"
    sentinel = add_sentinel(flireo)
    posts = wait_for_post(slack, WATCH_CHANNEL, 2)
    assert shown_numbers(posts[1].body) == [sentinel]
    wait_for_readings(flireo, 2)
    assert len(posts_in(slack, WATCH_CHANNEL)) == 2, "the new change posted once, by one replica"


def test_a_flushall_while_three_replicas_run_keeps_every_watch_and_all_history_and_healthz_says_so(
    three_replicas, redis_server: RedisServer, slack: SlackFake, flireo: FlireoFake
) -> None:
    apps = three_replicas()
    changed = with_a_watch_and_changes(apps, slack, flireo)
    assert all("redis_emptied_at" not in health(app) for app in apps)

    redis.Redis.from_url(redis_server.url).flushall()
    # Before: watches and history lived in Redis too, and were gone.
    everything_kept(apps, slack, flireo, changed)
    for app in apps:
        eventually(lambda app=app: health(app).get("redis_emptied_at"), what="/healthz to say Redis forgot")
        said = health(app)
        assert said["redis"] == "ok"
        assert "history and watches are in the database, untouched" in said["redis_note"]
    assert "Redis came back empty" in apps[0].logs()


def test_a_watch_added_while_redis_is_down_is_kept_when_redis_restarts_empty(
    three_replicas, redis_server: RedisServer, slack: SlackFake, flireo: FlireoFake
) -> None:
    apps = three_replicas()
    changed = with_a_watch_and_changes(apps, slack, flireo)

    redis_server.stop()
    eventually(lambda: health(apps[1])["redis"] == "unavailable", what="a replica to find Redis down")
    added = all_text(answer(apps[1], slack, "watch linked", channel=OTHER_CHANNEL))
    # Confirmed only because it is stored (in SQL); before, it was confirmed, then lost when Redis came back empty.
    assert "I'll post every change to linked numbers" in added
    redis_server.start()  # on the same port, with nothing in it (no persistence)
    for app in apps:
        eventually(lambda app=app: health(app)["redis"] == "ok", timeout=20, what="Redis back for every replica")
        eventually(lambda app=app: health(app).get("redis_emptied_at"), what="/healthz to say Redis came back empty")
        assert "Watches in this channel: 1" in all_text(answer(app, slack, "watches", channel=OTHER_CHANNEL))
    everything_kept(apps, slack, flireo, changed)
    records = flireo.numbers
    unlinked = next(r for r in records if r["linked_assistant"])
    unlinked.update(linked_assistant=None, available=True)
    flireo.set_numbers(records)
    (post,) = wait_for_post(slack, OTHER_CHANNEL, 1)
    assert shown_numbers(post.body) == [unlinked["phone_number"]], "the watch added while Redis was down posts"
