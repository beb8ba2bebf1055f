"""The Socket Mode runner in-process against the loopback Socket Mode fake: backing off from a broken edge."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from slack_bolt import App
from slack_sdk import WebClient

from handlers.socket_connection import open_connection_url
from handlers.socket_mode import SocketModeRunner
from handlers.socket_opener import Opener
from tests.fakes.slack import DEFAULT_APP_TOKEN, DEFAULT_BOT_TOKEN, SlackFake
from tests.fakes.socket_mode import SocketModeFake


@pytest.fixture
def fakes() -> Iterator[tuple[SlackFake, SocketModeFake]]:
    """A Socket Mode fake reachable through a SlackFake's apps.connections.open."""
    with SlackFake() as slack, SocketModeFake() as sockets:
        slack.socket_url = sockets.url
        yield slack, sockets


def test_connections_closed_before_hello_are_retried_with_backoff_then_recover(
    fakes: tuple[SlackFake, SocketModeFake],
) -> None:
    slack, sockets = fakes
    sockets.close_before_hello = True
    app = App(client=WebClient(token=DEFAULT_BOT_TOKEN, base_url=slack.url), token_verification_enabled=False)
    # Pacing is not under test here (it has its own tests): enough calls a minute for every retry.
    opener = Opener(open_connection_url(DEFAULT_APP_TOKEN, slack.url), per_minute=600)
    runner = SocketModeRunner(app, opener, connections=2)
    runner.start()
    try:
        time.sleep(1.0)  # the observation window: how many attempts a broken edge gets in a second
        attempts = len(sockets.connections())
        assert 2 <= attempts <= 16, f"{attempts} connection attempts in 1 s"
        assert runner.status()["connections"] == 0
        sockets.close_before_hello = False
        sockets.wait_for_live(2, timeout=5)
    finally:
        runner.stop()
