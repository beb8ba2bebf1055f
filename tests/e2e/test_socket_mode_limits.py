"""The real `python app.py` in Socket Mode against a Socket Mode fake that enforces Slack's documented limits:
10 connections per app (`too_many_websockets` beyond), `apps.connections.open` at Tier 1 with 429 `Retry-After`,
`link_disabled`, refresh disconnects. One app process per test: its connections are what is under test."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest

from tests.e2e.conftest import REPO_ROOT, AppProcess, app_env, free_port
from tests.e2e.test_replicas import RedisServer
from tests.fakes.flireo import FlireoFake, make_numbers
from tests.fakes.signing import slash_command_body
from tests.fakes.slack import DEFAULT_APP_TOKEN, SlackFake
from tests.fakes.socket_mode import SocketModeFake

OPEN = "apps.connections.open"
# An observation window: long enough for a runaway reconnect loop to show thousands of calls.
WINDOW_SECONDS = 5.0


class Socket:
    """One app in Socket Mode and the fakes it talks to."""

    def __init__(self, slack: SlackFake, sockets: SocketModeFake, apps: list[AppProcess]) -> None:
        self.slack = slack
        self.sockets = sockets
        self.apps = apps

    @property
    def app(self) -> AppProcess:
        """The first (often only) app process."""
        return self.apps[0]

    def opens(self) -> int:
        """apps.connections.open calls so far."""
        return len(self.slack.calls(OPEN))

    def health(self, app: AppProcess | None = None) -> tuple[int, dict[str, Any]]:
        """(HTTP status, body) of /healthz."""
        status, body = (app or self.app).get("/healthz")
        return status, json.loads(body)

    def until(self, check: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
        """Poll `check` until true; fail naming `what` after the deadline."""
        deadline = time.monotonic() + timeout
        while not check():
            assert time.monotonic() < deadline, f"not within {timeout} s: {what}\n{self.app.logs()[-3000:]}"
            time.sleep(0.05)

    def command_acked(self, text: str = "stats") -> bool:
        """Send `/numbers text` as an envelope; True once it is acked."""
        url = self.slack.response_url(label=text)
        payload = dict(parse_qsl(slash_command_body(text, url).decode()))
        return self.sockets.wait_for_ack(self.sockets.send_envelope("slash_commands", payload)).gap >= 0


@pytest.fixture
def socket_app(tmp_path: Path) -> Iterator[Callable[..., Socket]]:
    """Factory: fakes plus `replicas` app processes in Socket Mode (each with its own HEALTH_PORT)."""
    with FlireoFake(make_numbers(30)) as flireo, SlackFake() as slack, SocketModeFake() as sockets:
        slack.socket_url = sockets.url
        started: list[AppProcess] = []

        def start(env: dict[str, str] | None = None, *, replicas: int = 1, foreign: int = 0) -> Socket:
            sockets.foreign = foreign
            for n in range(replicas):
                port = free_port()
                overrides: dict[str, str | None] = {
                    "SLACK_SIGNING_SECRET": None,
                    "SLACK_APP_TOKEN": DEFAULT_APP_TOKEN,
                    "HEALTH_PORT": str(port),
                    "SOCKET_MODE_PING_SECONDS": "0.5",
                    "POLL_SECONDS": "0",
                    **(env or {}),
                }
                app = AppProcess(slack, app_env(slack, flireo, port, overrides), tmp_path / f"app{n}.log")
                started.append(app)
                app.start()
            return Socket(slack, sockets, started)

        try:
            yield start
        except BaseException:
            for app in started:
                print(app.logs())
            raise
        finally:
            for app in started:
                app.stop()


def test_start_up_fetches_one_url_per_connection_and_throws_none_away(socket_app: Callable[..., Socket]) -> None:
    world = socket_app({"SOCKET_MODE_CONNECTIONS": "2"})
    world.sockets.wait_for_live(2)
    assert world.opens() == 2  # the token check's URL carries the first connection
    assert len(world.sockets.connections()) == 2
    assert world.sockets.peak_open <= 2


@pytest.mark.parametrize("reason", ["refresh_requested", "warning"])
def test_ten_connections_stay_ten_through_a_refresh_storm(socket_app: Callable[..., Socket], reason: str) -> None:
    # Pacing is not what this test is about: enough calls a minute for five rounds of ten.
    world = socket_app({"SOCKET_MODE_CONNECTIONS": "10", "SOCKET_MODE_OPENS_PER_MINUTE": "600"})
    world.sockets.wait_for_live(10)
    for _ in range(5):
        world.sockets.ask_to_reconnect(reason)
        assert world.command_acked()  # the others carry while one connection changes hands
        world.sockets.wait_for_live(10, timeout=15)
    assert world.sockets.peak_open <= 10
    assert world.sockets.too_many == 0
    world.until(lambda: world.health()[1]["socket_mode"]["connections"] == 10, "/healthz counts ten")
    assert "Traceback" not in world.app.logs()


def test_more_than_ten_connections_stops_start_up_in_one_line(tmp_path: Path) -> None:
    with SlackFake() as slack:
        overrides: dict[str, str | None] = {
            "SLACK_SIGNING_SECRET": None,
            "SLACK_APP_TOKEN": DEFAULT_APP_TOKEN,
            "SOCKET_MODE_CONNECTIONS": "11",
        }
        env = app_env(slack, None, free_port(), overrides)
        argv = [sys.executable, str(REPO_ROOT / "app.py")]
        result = subprocess.run(argv, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "SOCKET_MODE_CONNECTIONS: 11 is more than Slack allows: at most 10" in result.stderr
    assert "Traceback" not in result.stderr
    assert slack.calls(OPEN) == []


def test_reconnects_past_the_burst_wait_for_tier_1_pacing(socket_app: Callable[..., Socket]) -> None:
    world = socket_app({"SOCKET_MODE_CONNECTIONS": "2"})
    world.sockets.wait_for_live(2)
    for _ in range(6):  # every connection lost six times: twelve calls wanted, eight left of the burst of ten
        opens = world.opens()
        world.sockets.drop_all()
        deadline = time.monotonic() + 3
        while world.opens() < opens + 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    assert world.opens() == 10
    _, report = world.health()
    assert report["socket_mode"]["open_calls_left_in_burst"] == 0
    assert report["socket_mode"]["next_open_call_in_seconds"] > 30  # about one a minute from here
    assert world.sockets.peak_open <= 2


def test_too_many_websockets_closes_ours_down_and_backs_off(socket_app: Callable[..., Socket]) -> None:
    # Nine of the app's ten connections are held elsewhere: our second connection is one too many.
    world = socket_app({"SOCKET_MODE_CONNECTIONS": "2"}, foreign=9)
    world.until(lambda: world.sockets.too_many == 1, "Slack refused the second connection")
    opens = world.opens()
    time.sleep(WINDOW_SECONDS)  # the observation window: a loop would reopen thousands of times
    assert world.opens() == opens
    assert world.sockets.too_many == 1
    assert len(world.sockets.open_connections()) == 1
    status, report = world.health()
    assert status == 200
    assert report["socket_mode"]["connections"] == 1
    assert report["socket_mode"]["connections_allowed_now"] == 1
    assert world.sockets.peak_open <= 2
    assert world.command_acked()
    assert world.app.logs().count("too_many_websockets); keeping 1") == 1


def test_too_many_websockets_during_a_refresh_keeps_the_rest_and_backs_off(socket_app: Callable[..., Socket]) -> None:
    world = socket_app({"SOCKET_MODE_CONNECTIONS": "2"})
    world.sockets.wait_for_live(2)
    world.sockets.foreign = 9  # another process took nine: a replacement beyond one of ours is one too many
    world.sockets.ask_to_reconnect()
    world.until(lambda: world.sockets.too_many >= 1, "Slack refused a replacement")
    opens = world.opens()
    time.sleep(WINDOW_SECONDS)  # the observation window
    assert world.opens() - opens <= 1
    assert world.sockets.too_many <= 2
    assert world.sockets.peak_open <= 2
    assert world.health()[1]["socket_mode"]["connections"] >= 1


def test_apps_connections_open_waits_for_retry_after(socket_app: Callable[..., Socket]) -> None:
    world = socket_app({"SOCKET_MODE_CONNECTIONS": "2"})
    world.sockets.wait_for_live(2)
    before = world.opens()
    world.slack.rate_limit_next(OPEN, 1, retry_after=3)
    world.sockets.drop_all()
    world.sockets.wait_for_live(2, timeout=15)
    calls = world.slack.calls(OPEN)[before:]
    assert calls[0].status == 429
    assert calls[1].time - calls[0].time >= 3.0  # nothing asked before Retry-After was over
    assert len(calls) == 3
    assert world.sockets.peak_open <= 2
    assert world.app.logs().count("rate-limited: no call for 3 s (Retry-After)") == 1


def test_a_long_retry_after_is_one_call_not_a_loop(socket_app: Callable[..., Socket]) -> None:
    world = socket_app({"SOCKET_MODE_CONNECTIONS": "2"})
    world.sockets.wait_for_live(2)
    before = world.opens()
    world.slack.rate_limit_next(OPEN, 100, retry_after=30)
    world.sockets.drop_all()
    time.sleep(WINDOW_SECONDS)  # the observation window: 16 calls in 25 s before the fix
    assert world.opens() - before == 1
    status, report = world.health()
    assert status == 503
    assert report["socket_mode"]["state"] == "rate_limited"
    assert report["socket_mode"]["open_paused_seconds"] > 20
    assert world.sockets.peak_open <= 2


def _disable_by_disconnect(world: Socket) -> None:
    world.slack.socket_open_error = "link_disabled"
    world.sockets.ask_to_reconnect("link_disabled")  # the sockets are left open: closing them is the app's job


def _disable_then_drop(world: Socket) -> None:
    world.slack.socket_open_error = "link_disabled"
    world.sockets.drop_all()


@pytest.mark.parametrize("disable", [_disable_by_disconnect, _disable_then_drop], ids=["disconnect", "open_call"])
def test_link_disabled_stops_reconnecting_and_health_says_so(
    socket_app: Callable[..., Socket], disable: Callable[[Socket], None]
) -> None:
    world = socket_app({"SOCKET_MODE_CONNECTIONS": "2"})
    world.sockets.wait_for_live(2)
    before = world.opens()
    disable(world)
    world.until(lambda: not world.sockets.open_connections(), "every socket closed, the retired ones too")
    world.until(lambda: world.health()[0] == 503, "/healthz answers 503")
    time.sleep(WINDOW_SECONDS)  # the observation window: 17 calls in 40 s before the fix
    assert world.opens() - before <= 1
    status, report = world.health()
    assert (status, report["status"]) == (503, "link_disabled")
    assert report["socket_mode"]["connections"] == 0
    assert report["socket_mode"]["open_paused_seconds"] > 200  # asked again in about five minutes
    assert world.app.logs().count("Socket Mode is switched off") == 1
    assert world.sockets.peak_open <= 2


def test_replicas_share_slacks_ten_connections(socket_app: Callable[..., Socket], tmp_path: Path) -> None:
    redis = RedisServer(tmp_path)
    try:
        env = {"SOCKET_MODE_CONNECTIONS": "6", "REDIS_URL": redis.url, "SOCKET_MODE_OPENS_PER_MINUTE": "600"}
        world = socket_app(env, replicas=2)
        world.sockets.wait_for_live(10)
        for _ in range(3):  # a refresh of all ten: replacements must not push past the cap either
            world.sockets.ask_to_reconnect()
            world.sockets.wait_for_live(10, timeout=15)
        counts = lambda: [world.health(app)[1]["socket_mode"]["connections"] for app in world.apps]  # noqa: E731
        world.until(lambda: sum(counts()) == 10, "the replicas' /healthz count ten between them")
        assert max(counts()) <= 6
        assert world.sockets.peak_open <= 10
        assert world.sockets.too_many == 0
        assert "other replicas hold 6 of Slack's 10 connections" in world.apps[1].logs()
    finally:
        redis.stop()
