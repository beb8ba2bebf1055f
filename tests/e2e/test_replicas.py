"""Three real replicas sharing one Redis: one snapshot, one upstream budget, one set of seen events."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis

from tests.e2e.conftest import SIGNING_SECRET, AppProcess, free_port
from tests.e2e.helpers import all_text, buttons, check_a_retried_event_is_answered_once, shown_numbers
from tests.fakes.flireo import FlireoFake
from tests.fakes.signing import FORM, post_to_app, slash_command_body
from tests.fakes.slack import SlackFake

INVENTORY = "/v1/phone-numbers"
NEXT = "numbers-next"


class RedisServer:
    """A real redis-server on a free loopback port, without persistence."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.workdir = workdir
        self.start()

    def start(self) -> None:
        """Start (or restart, on the same port) and wait until it answers PING."""
        binary = shutil.which("redis-server")
        if binary is None:
            if os.environ.get("CI"):
                pytest.fail("redis-server is not installed; .ci/run installs Debian's redis-server")
            pytest.skip("redis-server is not installed (apt-get install redis-server)")
        args = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.proc = subprocess.Popen(args, cwd=self.workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url, socket_timeout=0.5)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.RedisError:
                assert time.monotonic() < deadline, "redis-server did not start"
                with_timeout = self.proc.wait if self.proc.poll() is None else None
                assert with_timeout is not None, "redis-server exited"
                with contextlib.suppress(subprocess.TimeoutExpired):
                    with_timeout(timeout=0.05)

    def stop(self) -> None:
        """Stop the server (as an outage would)."""
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A running redis-server for this test."""
    server = RedisServer(tmp_path)
    yield server
    server.stop()


@pytest.fixture
def replicas(start_app, redis_server: RedisServer) -> Callable[..., list[AppProcess]]:
    """Factory: three `python app.py` processes in HTTP mode sharing the Redis server."""

    def start(extra: dict[str, str] | None = None, count: int = 3) -> list[AppProcess]:
        env = {"REDIS_URL": redis_server.url, "USER_RATE_LIMIT": "0", **(extra or {})}
        with ThreadPoolExecutor(count) as pool:
            return list(pool.map(lambda _: start_app(env), range(count)))

    return start


def _command(app: AppProcess, slack: SlackFake, text: str, user_id: str = "U0USER") -> str:
    url = slack.response_url(text)
    status, *_ = post_to_app(app.url, slash_command_body(text, url, user_id=user_id), SIGNING_SECRET, FORM)
    assert status == 200
    return url


def test_sixty_commands_over_three_replicas_cost_one_snapshot(replicas, slack: SlackFake, flireo: FlireoFake) -> None:
    apps = replicas()
    with ThreadPoolExecutor(12) as pool:
        urls = list(pool.map(lambda i: _command(apps[i % 3], slack, "stats"), range(60)))
    for url in urls:
        assert f"{len(flireo.numbers):,} numbers on the account" in all_text(
            slack.wait_for_response(url, timeout=15).body
        )
    assert len(flireo.numbers) == 120
    # One snapshot: page one, and the page from offset 99, which starts on page one's last number.
    assert flireo.request_count(INVENTORY, exact=True) == 2


def test_next_on_another_replica_serves_the_right_page_without_upstream(
    replicas, slack: SlackFake, flireo: FlireoFake
) -> None:
    first_app, second_app, _ = replicas()
    first = slack.wait_for_response(_command(first_app, slack, "list")).body
    fetched = flireo.request_count(INVENTORY, exact=True)
    _, url = second_app.click(NEXT, buttons(first)[NEXT])
    second = slack.wait_for_response(url).body
    everything = sorted(n["phone_number"] for n in flireo.numbers)
    assert shown_numbers(first) == everything[:10]
    assert shown_numbers(second) == everything[10:20]
    assert flireo.request_count(INVENTORY, exact=True) == fetched


def test_an_event_retried_to_another_replica_is_answered_once(replicas, slack: SlackFake) -> None:
    first_app, second_app, _ = replicas()
    check_a_retried_event_is_answered_once(first_app, second_app, slack)


def test_thirty_refreshes_over_three_replicas_stay_within_one_budget(
    replicas, slack: SlackFake, flireo: FlireoFake
) -> None:
    apps = replicas({"FLIREO_MAX_REQUESTS_PER_MINUTE": "20"})
    with ThreadPoolExecutor(10) as pool:
        urls = list(pool.map(lambda i: _command(apps[i % 3], slack, "available local refresh"), range(30)))
    for url in urls:
        text = all_text(slack.wait_for_response(url, timeout=20).body)
        assert "Available local numbers:" in text
        assert "data as of" in text
    assert flireo.peak_requests_per_window(60) <= 20


def test_the_per_user_limit_holds_across_replicas(replicas, slack: SlackFake) -> None:
    apps = replicas({"USER_RATE_LIMIT": "3", "USER_RATE_WINDOW_SECONDS": "60"})
    for app in apps:
        slack.wait_for_response(_command(app, slack, "help"))
    apps[0].command("help")
    assert "asking faster than I can answer" in apps[0].last[2].decode()


def test_every_replica_keeps_answering_when_redis_stops(
    replicas, redis_server: RedisServer, slack: SlackFake, flireo: FlireoFake
) -> None:
    apps = replicas()
    for app in apps:
        assert "numbers on the account" in all_text(slack.wait_for_response(_command(app, slack, "stats")).body)
    redis_server.stop()
    for app in apps:
        for text in ("stats", "list refresh", "available local"):
            reply = all_text(slack.wait_for_response(_command(app, slack, text), timeout=15).body)
            assert "Redis" not in reply
            assert "data as of" in reply
        health = json.loads(app.get("/healthz")[1])
        assert health["redis"] == "unavailable"
    for app in apps:
        assert app.logs().count("Redis unavailable") == 1, "Redis trouble is logged once, not per request"


def test_replicas_go_back_to_redis_when_it_returns(replicas, redis_server: RedisServer, slack: SlackFake) -> None:
    apps = replicas()
    redis_server.stop()
    for app in apps:
        slack.wait_for_response(_command(app, slack, "stats"), timeout=15)
        assert json.loads(app.get("/healthz")[1])["redis"] == "unavailable"
    redis_server.start()
    deadline = time.monotonic() + 30
    for app in apps:
        while json.loads(app.get("/healthz")[1])["redis"] != "ok":
            assert time.monotonic() < deadline, "a replica did not go back to Redis"
            slack.wait_for_response(_command(app, slack, "stats"), timeout=15)  # Redis is retried on use
        assert "Redis is back" in app.logs()


def test_what_one_replica_hears_of_the_key_holds_back_the_others(
    replicas, slack: SlackFake, flireo: FlireoFake
) -> None:
    flireo.spend_elsewhere(98)  # another tool left 2 requests of the key's minute: one fetch of 2 pages
    first, second, _ = replicas()
    slack.wait_for_response(_command(first, slack, "stats"), timeout=15)
    assert flireo.request_count(INVENTORY, exact=True) == 2
    text = all_text(slack.wait_for_response(_command(second, slack, "stats refresh"), timeout=15).body)
    assert f"{len(flireo.numbers):,} numbers on the account" in text
    assert flireo.request_count(INVENTORY, exact=True) == 2, "Redis told the second replica the key was spent"
    assert json.loads(second.get("/healthz")[1])["flireo_rate_limit"]["remaining"] == 0


def test_a_large_account_is_read_by_one_replica_and_every_replica_answers_from_its_rounds(
    replicas, slack: SlackFake, flireo: FlireoFake
) -> None:
    from tests.fakes.flireo import make_numbers

    flireo.set_numbers(make_numbers(1_200))  # 13 pages against 5 requests per 4-second window: about 10 s to read
    first, second = replicas({"FLIREO_MAX_REQUESTS_PER_MINUTE": "5", "FLIREO_RATE_WINDOW_SECONDS": "4"}, count=2)
    assert "partial:" in all_text(slack.wait_for_response(_command(first, slack, "stats"), timeout=15).body)
    # The other replica has no data: it answers from the first one's rounds, not after the whole read.
    text = all_text(slack.wait_for_response(_command(second, slack, "stats"), timeout=15).body)
    assert "partial:" in text
    assert "did not give us fresh data" not in text

    assert json.loads(second.get("/healthz")[1])["reading"].startswith("partial:")
    deadline = time.monotonic() + 40
    while (health := json.loads(first.get("/healthz")[1]))["reading"] is not None:
        assert time.monotonic() < deadline, f"the read did not end in time: {health}"
        time.sleep(0.2)  # polling with a deadline
    assert health["snapshot_numbers"] == 1_200
    assert health["last_upstream_error"] is None
    # Asked again, the other replica takes the whole snapshot the first one published.
    assert "1,200 numbers on the account" in all_text(
        slack.wait_for_response(_command(second, slack, "stats"), timeout=15).body
    )
    assert json.loads(second.get("/healthz")[1])["snapshot_numbers"] == 1_200
    assert flireo.request_count(INVENTORY, exact=True) == 13, "one read of the account, by one replica"
    assert flireo.peak_requests_per_window(3.9) <= 5, "the replicas shared one budget"


def test_a_replica_that_answered_from_another_replicas_rounds_shows_the_read_end_without_being_asked_again(
    replicas, slack: SlackFake, flireo: FlireoFake
) -> None:
    from tests.fakes.flireo import make_numbers

    flireo.set_numbers(make_numbers(1_200))  # 13 pages against 5 requests per 4-second window: about 10 s to read
    first, second = replicas({"FLIREO_MAX_REQUESTS_PER_MINUTE": "5", "FLIREO_RATE_WINDOW_SECONDS": "4"}, count=2)
    # The second replica reads; the first answers from its rounds and is asked nothing more.
    assert "partial:" in all_text(slack.wait_for_response(_command(second, slack, "stats"), timeout=15).body)
    assert "partial:" in all_text(slack.wait_for_response(_command(first, slack, "stats"), timeout=15).body)

    deadline = time.monotonic() + 40
    while (health := json.loads(first.get("/healthz")[1]))["reading"] is not None:
        assert time.monotonic() < deadline, f"the first replica still shows the read under way: {health}"
        time.sleep(0.2)  # polling with a deadline
    assert health["snapshot_numbers"] == 1_200
    assert health["upstream_requests"] == 0, "the first replica took the second one's snapshot, it read nothing"
    assert json.loads(second.get("/healthz")[1])["snapshot_numbers"] == 1_200
    assert flireo.request_count(INVENTORY, exact=True) == 13, "one read of the account, by one replica"
