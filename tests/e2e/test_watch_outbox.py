"""Watch posts through the durable outbox (real `app.py`): stored before they are sent, sent again after Slack's
500s and 429s, across SIGTERM and SIGKILL, once across replicas; history never waits on Slack. SQLite and PostgreSQL.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from bot.inventory.store.engines import postgres_engine, sqlite_engine
from bot.inventory.store.tables import outbox
from tests.e2e.conftest import AppProcess
from tests.e2e.helpers import all_text, shown_numbers
from tests.e2e.test_history import (
    POLLING,
    WATCH_CHANNEL,
    add_sentinel,
    answer,
    eventually,
    free_local_amsterdam,
    make_changes,
    posts_in,
    readings_seen,
)
from tests.e2e.test_replicas import RedisServer
from tests.fakes.flireo import ASSISTANTS, FlireoFake, make_numbers, make_shared_numbers
from tests.fakes.slack import ApiCall, SlackFake

POST = "chat.postMessage"


@pytest.fixture
def flireo() -> Iterator[FlireoFake]:
    """A one-page account, polled every second."""
    with FlireoFake(make_numbers(40), shared=make_shared_numbers(2)) as fake:
        yield fake


@pytest.fixture(params=["sqlite", "postgresql"])
def store_env(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    """The app's settings for a store on SQLite (in DATA_DIR) or PostgreSQL (DATABASE_URL)."""
    env = {**POLLING, "DATA_DIR": str(tmp_path / "data")}
    if request.param == "postgresql":
        env["DATABASE_URL"] = request.getfixturevalue("database_url")
    return env


def store_engine(env: dict[str, str]) -> Engine:
    """The store the app writes, opened by the test to look at the outbox."""
    if env.get("DATABASE_URL"):
        return postgres_engine(env["DATABASE_URL"])
    (path,) = Path(env["DATA_DIR"]).glob("history-*.sqlite3")
    return sqlite_engine(path)


def outbox_rows(env: dict[str, str]) -> list[Any]:
    """Every row of the outbox, oldest first."""
    engine = store_engine(env)
    try:
        with engine.connect() as connection:
            return list(connection.execute(select(outbox).order_by(outbox.c.id)).all())
    finally:
        engine.dispose()


def delivered(slack: SlackFake, channel: str = WATCH_CHANNEL) -> list[ApiCall]:
    """The posts Slack accepted in a channel."""
    return [call for call in posts_in(slack, channel) if call.ok]


def watching(start_app, flireo: FlireoFake, slack: SlackFake, env: dict[str, str], words: str = "") -> AppProcess:
    """The bot, polling, with a watch in WATCH_CHANNEL."""
    app = start_app(env)
    eventually(lambda: readings_seen(flireo) >= 1, what="the first reading")
    assert "I'll post" in all_text(answer(app, slack, f"watch {words}".strip(), channel=WATCH_CHANNEL))
    return app


def outbox_health(app: AppProcess) -> dict[str, Any]:
    """/healthz's outbox."""
    status, body = app.get("/healthz")
    assert status == 200
    return dict(json.loads(body)["outbox"])


def test_a_watch_post_slack_answers_500_is_sent_again_and_delivered_once(
    start_app, slack: SlackFake, flireo: FlireoFake, store_env: dict[str, str]
) -> None:
    app = watching(start_app, flireo, slack, store_env)
    slack.fail_next(POST, 1, status=500, error="internal_error")
    changed = make_changes(flireo)
    (post,) = eventually(lambda: delivered(slack), what="the post sent again")  # before: dropped for good
    assert sorted(shown_numbers(post.body)) == sorted(changed)
    assert [call.status for call in posts_in(slack, WATCH_CHANNEL)] == [500, 200]
    (row,) = outbox_rows(store_env)
    assert (row.state, row.attempts) == ("sent", 2)
    eventually(lambda: outbox_health(app)["pending"] == 0, what="nothing pending")
    assert outbox_health(app)["dead"] == 0
    add_sentinel(flireo)
    eventually(lambda: len(delivered(slack)) == 2, what="the next post")
    assert [call.status for call in posts_in(slack, WATCH_CHANNEL)] == [500, 200, 200], "the first was sent once"


def test_a_threshold_alert_rate_limited_three_times_waits_each_retry_after_and_is_delivered(
    start_app, slack: SlackFake, flireo: FlireoFake, store_env: dict[str, str]
) -> None:
    free = free_local_amsterdam(flireo.numbers)
    app = watching(start_app, flireo, slack, store_env, f"free local amsterdam below {len(free)}")
    slack.rate_limit_next(POST, 3, retry_after=1)
    records = flireo.numbers
    taken = next(r for r in records if r["id"] == free[0]["id"])
    taken.update(available=False, linked_assistant=ASSISTANTS[0])
    flireo.set_numbers(records)
    (alert,) = eventually(lambda: delivered(slack), what="the alert")  # before: dropped after the third 429
    assert f"below {len(free)}" in all_text(alert.body)
    calls = posts_in(slack, WATCH_CHANNEL)
    assert [call.status for call in calls] == [429, 429, 429, 200]
    gaps = [later.time - earlier.time for earlier, later in itertools.pairwise(calls)]
    assert min(gaps) >= 0.9, f"each Retry-After of 1 s was waited out: {gaps}"
    (row,) = outbox_rows(store_env)
    assert (row.state, row.attempts) == ("sent", 4)
    assert outbox_health(app)["pending"] == 0


def test_a_post_waiting_on_retry_after_at_sigterm_is_delivered_once_after_the_restart(
    start_app, slack: SlackFake, flireo: FlireoFake, store_env: dict[str, str]
) -> None:
    app = watching(start_app, flireo, slack, store_env)
    slack.rate_limit_next(POST, 1, retry_after=4)
    changed = make_changes(flireo)
    eventually(lambda: posts_in(slack, WATCH_CHANNEL), what="the rate-limited attempt")
    eventually(lambda: outbox_health(app)["last_error"] == "ratelimited", what="the Retry-After stored")
    assert app.stop() == -signal.SIGTERM, "SIGTERM still ends the process as it did"
    assert delivered(slack) == []
    ((row),) = outbox_rows(store_env)
    assert (row.state, row.claimed_by) == ("pending", None), "left pending, claimed by nobody"

    start_app(store_env)  # before: the post was lost with the process
    (post,) = eventually(lambda: delivered(slack), what="the post after the restart")
    assert sorted(shown_numbers(post.body)) == sorted(changed)
    assert post.time - posts_in(slack, WATCH_CHANNEL)[0].time >= 3.9, "Retry-After honoured across the restart"
    add_sentinel(flireo)
    eventually(lambda: len(delivered(slack)) == 2, what="the next post")
    assert sum(1 for call in delivered(slack) if sorted(shown_numbers(call.body)) == sorted(changed)) == 1


def test_at_sigterm_a_post_being_sent_is_answered_then_left_pending_for_the_next_start(
    start_app, slack: SlackFake, flireo: FlireoFake, store_env: dict[str, str]
) -> None:
    app = watching(start_app, flireo, slack, store_env)
    slack.slow_next(POST, 1, 1.0)
    slack.fail_next(POST, 1, status=503, error="service_unavailable")
    changed = make_changes(flireo)
    eventually(lambda: slack.in_flight >= 1, what="the attempt in flight")
    assert app.stop() == -signal.SIGTERM
    ((row),) = outbox_rows(store_env)
    assert (row.state, row.claimed_by, row.attempts) == ("pending", None, 1), "its answer stored, its claim given back"
    assert row.last_error == "service_unavailable"
    assert "Traceback" not in app.logs()

    start_app(store_env)
    (post,) = eventually(lambda: delivered(slack), what="the post after the restart")
    assert sorted(shown_numbers(post.body)) == sorted(changed)
    assert [call.status for call in posts_in(slack, WATCH_CHANNEL)] == [503, 200]


def test_a_post_being_sent_at_sigkill_is_sent_again_once_its_claim_runs_out(
    start_app, slack: SlackFake, flireo: FlireoFake, store_env: dict[str, str]
) -> None:
    app = watching(start_app, flireo, slack, store_env)
    # The attempt hangs in Slack and then fails: the process is killed while it waits for the answer.
    slack.slow_next(POST, 1, 3.0)
    slack.fail_next(POST, 1, status=503, error="service_unavailable")
    changed = make_changes(flireo)
    eventually(lambda: slack.in_flight >= 1, what="the attempt in flight")
    assert app.pid is not None
    os.kill(app.pid, signal.SIGKILL)
    app.stop()
    ((row),) = outbox_rows(store_env)
    assert row.state == "pending"
    assert row.claimed_by is not None, "claimed by the killed process"

    started = time.monotonic()
    restarted = start_app(store_env)
    (post,) = eventually(lambda: delivered(slack), timeout=40, what="the post after its claim ran out")
    assert sorted(shown_numbers(post.body)) == sorted(changed)
    assert time.monotonic() - started < 30, "within the 15 s claim, not never"
    eventually(lambda: outbox_health(restarted)["pending"] == 0, what="nothing pending")
    add_sentinel(flireo)
    eventually(lambda: len(delivered(slack)) == 2, what="the next post")
    assert sum(1 for call in delivered(slack) if sorted(shown_numbers(call.body)) == sorted(changed)) == 1


def test_history_records_a_change_within_a_poll_while_slack_holds_the_posts_on_retry_after(
    start_app, slack: SlackFake, flireo: FlireoFake, store_env: dict[str, str]
) -> None:
    app = watching(start_app, flireo, slack, store_env)
    slack.rate_limit_next(POST, 1000, retry_after=30)
    make_changes(flireo)
    eventually(lambda: outbox_health(app)["last_error"] == "ratelimited", what="the post on Retry-After")
    sentinel = add_sentinel(flireo)
    changed_at = time.monotonic()
    eventually(lambda: sentinel in shown_numbers(answer(app, slack, "changes")), what="the change in history")
    # Before: 18 s behind a post's Retry-After. One poll is 1 s; the answer round trip is in this figure too.
    assert time.monotonic() - changed_at < 5
    health = outbox_health(app)
    assert health["pending"] == 2
    assert health["oldest_pending_age_seconds"] is not None
    listing = all_text(answer(app, slack, "watches", channel=WATCH_CHANNEL))
    assert "2 posts waiting to be sent since" in listing
    assert "Slack rate-limited" in listing
    dutch = all_text(answer(app, slack, "bewakingen", channel=WATCH_CHANNEL))
    assert "2 berichten wachten sinds" in dutch
    assert "Slack remt het tempo af" in dutch
    status, metrics = app.get("/metrics")
    assert status == 200
    assert b"numbers_outbox_pending 2.0" in metrics
    assert b"numbers_outbox_dead 0.0" in metrics


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A running redis-server for this test."""
    server = RedisServer(tmp_path)
    yield server.url
    server.stop()


def test_two_replicas_sharing_postgresql_send_each_post_once(
    start_app, slack: SlackFake, flireo: FlireoFake, redis_url: str, database_url: str, tmp_path: Path
) -> None:
    def start(i: int) -> AppProcess:
        env = {**POLLING, "REDIS_URL": redis_url, "DATABASE_URL": database_url, "DATA_DIR": str(tmp_path / f"d{i}")}
        return start_app(env)

    with ThreadPoolExecutor(2) as pool:
        apps = list(pool.map(start, range(2)))
    eventually(lambda: readings_seen(flireo) >= 1, what="the first reading")
    channels = [f"C0WATCH{i}" for i in range(6)]
    for channel in channels:
        answer(apps[0], slack, "watch", channel=channel)
    # Every first attempt is rate-limited: the posts are free again after 1 s, for either replica's sender to claim.
    slack.rate_limit_next(POST, len(channels), retry_after=1)
    changed = make_changes(flireo)
    for channel in channels:
        eventually(lambda channel=channel: delivered(slack, channel), what=f"the post in {channel}")
    add_sentinel(flireo)
    for channel in channels:
        eventually(lambda channel=channel: len(delivered(slack, channel)) == 2, what=f"the next post in {channel}")
    for channel in channels:
        first, second = delivered(slack, channel)
        assert sorted(shown_numbers(first.body)) == sorted(changed), channel
        assert len(shown_numbers(second.body)) == 1, "each post once, by one replica"
    env = {"DATABASE_URL": database_url}
    # A row is marked sent once Slack's 200 is back, a moment after Slack has the post: polled, with a deadline.
    eventually(lambda: {row.state for row in outbox_rows(env)} == {"sent"}, what="every post marked sent")
    assert {row.claimed_by for row in outbox_rows(env)} == {None}, "claims are cleared once sent"
