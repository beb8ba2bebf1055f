"""A watch post from the outbox is tried once by the delivery workers, and the outbox hears exactly what Slack said."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.inventory.outbox import Attempt, Outcome
from bot.replies.views import Message
from handlers.delivery import Delivery


def _error(error: str, status: int, headers: dict[str, str] | None = None) -> SlackApiError:
    response = SlackResponse(
        client=None,
        http_verb="POST",
        api_url="http://127.0.0.1/api/chat.postMessage",
        req_args={},
        data={"ok": False, "error": error},
        headers=headers or {},
        status_code=status,
    )
    return SlackApiError(error, response)


class Client:
    """chat.postMessage raising one prepared error (or accepting), counting its calls."""

    def __init__(self, failure: Exception | None) -> None:
        self.failure = failure
        self.calls = 0

    def api_call(self, method: str, json: dict[str, Any]) -> None:
        self.calls += 1
        if self.failure is not None:
            raise self.failure


def attempt_for(failure: Exception | None) -> tuple[Attempt, int]:
    """What the outbox hears of one post, and how many times Slack was called."""
    client = Client(failure)
    heard: list[Attempt] = []
    done = threading.Event()

    def on_attempt(attempt: Attempt) -> None:
        heard.append(attempt)
        done.set()

    Delivery(client).post_message("C1", "C1", Message("hi", []), on_attempt=on_attempt)  # type: ignore[arg-type]
    assert done.wait(5), "the outbox was told"
    return heard[0], client.calls


def test_a_200_is_sent() -> None:
    assert attempt_for(None) == (Attempt(Outcome.SENT), 1)


def test_a_429_is_told_with_its_retry_after_and_not_waited_out_in_memory() -> None:
    attempt, calls = attempt_for(_error("ratelimited", 429, {"Retry-After": "30"}))
    assert attempt == Attempt(Outcome.RATE_LIMITED, "ratelimited", 30.0)
    assert calls == 1, "the outbox stores the next attempt; no thread waits 30 s"


@pytest.mark.parametrize(
    ("failure", "error"),
    [
        (_error("internal_error", 500), "internal_error"),
        (_error("Received a response in a non-JSON format: <html>", 502), "http_502"),
        (_error("service_unavailable", 503), "service_unavailable"),
        (ConnectionResetError(), "ConnectionResetError"),
    ],
)
def test_slacks_own_failures_and_a_dropped_connection_are_tried_again_later(failure: Exception, error: str) -> None:
    assert attempt_for(failure) == (Attempt(Outcome.FAILED, error), 1)


def test_a_channel_that_refuses_for_good_and_a_message_slack_cannot_take_are_told_apart() -> None:
    assert attempt_for(_error("not_in_channel", 200))[0] == Attempt(Outcome.REFUSED, "not_in_channel")
    assert attempt_for(_error("msg_too_long", 200))[0] == Attempt(Outcome.UNSENDABLE, "msg_too_long")
