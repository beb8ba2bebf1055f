"""apps.connections.open pacing: Tier 1 bursts, Retry-After, link_disabled, spare URLs (a fake clock, no network)."""

from __future__ import annotations

import logging

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from handlers.socket_opener import (
    DEFAULT_RETRY_AFTER_SECONDS,
    LINK_DISABLED_RETRY_SECONDS,
    OPEN_BURST,
    Opener,
    retry_after_seconds,
)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        """The current time."""
        return self.now


def _error(error: str, status: int = 200, headers: dict[str, str] | None = None) -> SlackApiError:
    response = SlackResponse(
        client=None,
        http_verb="POST",
        api_url="http://127.0.0.1/api/apps.connections.open",
        req_args={},
        data={"ok": False, "error": error},
        headers=headers or {},
        status_code=status,
    )
    return SlackApiError(error, response)


class Slack:
    """apps.connections.open answering URLs, or the errors queued."""

    def __init__(self) -> None:
        self.calls = 0
        self.errors: list[SlackApiError] = []

    def __call__(self) -> str:
        """One call."""
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return f"wss://fake/link/?ticket={self.calls}"


def test_a_burst_of_ten_then_about_one_a_minute() -> None:
    clock, slack = Clock(), Slack()
    opener = Opener(slack, per_minute=1, clock=clock)
    urls = [opener.next_url() for _ in range(OPEN_BURST)]
    assert len(set(urls)) == OPEN_BURST
    assert opener.seconds_until_next_call() == pytest.approx(60)
    clock.now += 60
    assert opener.seconds_until_next_call() == 0
    assert opener.next_url() is not None
    assert slack.calls == OPEN_BURST + 1


def test_a_429_pauses_every_call_for_its_retry_after(caplog: pytest.LogCaptureFixture) -> None:
    clock, slack = Clock(), Slack()
    slack.errors = [_error("ratelimited", 429, {"Retry-After": "30"})]
    opener = Opener(slack, clock=clock)
    with pytest.raises(SlackApiError):
        opener.next_url()
    assert opener.state == "rate_limited"
    assert opener.seconds_until_next_call() == pytest.approx(30)
    clock.now += 30
    assert opener.next_url() is not None
    assert opener.state == "ok"
    assert caplog.text.count("rate-limited") == 1


def test_link_disabled_pauses_for_minutes_and_is_said_once(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    clock, slack = Clock(), Slack()
    slack.errors = [_error("link_disabled"), _error("link_disabled")]
    opener = Opener(slack, clock=clock)
    with pytest.raises(SlackApiError):
        opener.next_url()
    assert opener.status()["state"] == "link_disabled"
    assert opener.seconds_until_next_call() == pytest.approx(LINK_DISABLED_RETRY_SECONDS)
    clock.now += LINK_DISABLED_RETRY_SECONDS
    with pytest.raises(SlackApiError):
        opener.next_url()
    clock.now += LINK_DISABLED_RETRY_SECONDS
    assert opener.next_url() is not None
    assert slack.calls == 3
    assert caplog.text.count("switched off") == 1
    assert "switched on again" in caplog.text


def test_a_spare_url_is_handed_out_before_any_call() -> None:
    slack = Slack()
    opener = Opener(slack, clock=Clock())
    opener.keep_spare("wss://fake/link/?ticket=kept")
    assert opener.next_url() == "wss://fake/link/?ticket=kept"
    assert slack.calls == 0


def test_a_stopped_opener_hands_out_nothing() -> None:
    slack = Slack()
    opener = Opener(slack, clock=Clock())
    opener.stop()
    assert opener.next_url() is None
    assert slack.calls == 0


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"Retry-After": "30"}, 30.0),
        ({"retry-after": ["7"]}, 7.0),
        ({"Retry-After": "0"}, 1.0),
        ({"Retry-After": "999999"}, 3600.0),
        ({"Retry-After": "nan"}, DEFAULT_RETRY_AFTER_SECONDS),
        ({"Retry-After": "-5"}, DEFAULT_RETRY_AFTER_SECONDS),
        ({"Retry-After": "soon"}, DEFAULT_RETRY_AFTER_SECONDS),
        ({}, DEFAULT_RETRY_AFTER_SECONDS),
    ],
)
def test_retry_after_is_read_within_bounds(headers: dict[str, object], seconds: float) -> None:
    assert retry_after_seconds(headers) == seconds
