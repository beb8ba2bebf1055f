"""Fault injection on Slack's side: a slow or refusing Slack never blocks another user, and no reply is lost to
a 429, a refused block or a Retry-After nobody can read. HTTP mode and Socket Mode, the real `python app.py`."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest

from tests.e2e.conftest import AppProcess, app_env, free_port
from tests.e2e.helpers import all_text
from tests.fakes.flireo import FlireoFake
from tests.fakes.signing import BOT_USER_ID, app_mention_event, block_actions_payload, slash_command_body
from tests.fakes.slack import DEFAULT_APP_TOKEN, RESPONSE_URL, SlackFake
from tests.fakes.socket_mode import SocketModeFake

# Slack retries a request not acked within 3 s; acks here come in well under that.
ACK_WITHIN_SECONDS = 1.0
HOG, OTHER = "U0HOG", "U0OTHER"
REQUESTS = 20  # more than the threads that carry requests to Bolt (16 in either mode)
CLICKS = 40  # more than Bolt's listener threads (32)
NEXT = "numbers-next"


# HTTP mode -----------------------------------------------------------------------------------------------------


def _in_parallel(count: int, send: Callable[[int], Any]) -> None:
    with ThreadPoolExecutor(count) as pool:
        list(pool.map(send, range(count)))


def _wait_for_slow_posts(slack: SlackFake, count: int = 4) -> None:
    """Until `count` apologies are held by the slow response_urls (polling with a deadline)."""
    deadline = time.monotonic() + 10
    while slack.in_flight < count:
        assert time.monotonic() < deadline, f"only {slack.in_flight} posts reached Slack"
        time.sleep(0.05)


def _other_users_ack(app: AppProcess) -> float:
    status, _ = app.command("help", user_id=OTHER, timeout=60)
    assert status == 200
    assert app.last is not None
    return app.last[3]


def test_a_refusal_slack_rate_limits_never_delays_another_users_ack(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app({"USER_RATE_LIMIT": "1"})
    slack.rate_limit_next("chat.postEphemeral", REQUESTS - 1, retry_after=10)
    # One mention is answered; the others are refused with an ephemeral line that Slack rate-limits.
    with ThreadPoolExecutor(REQUESTS) as pool:
        pool.map(lambda i: app.mention(f"stats {i}", user=HOG), range(REQUESTS))
        slack.wait_for_api_call("chat.postEphemeral", count=10, timeout=10)
        ack = _other_users_ack(app)
    assert ack < ACK_WITHIN_SECONDS, f"another user's command acked after {ack:.2f} s"
    # Each refusal still reaches its user once Retry-After is over, and not before.
    refused_at = slack.calls("chat.postEphemeral")[0].time
    told = slack.wait_for_api_call("chat.postEphemeral", lambda c: c.ok, count=REQUESTS - 1, timeout=20)
    assert told.time - refused_at >= 9.5
    assert "asking faster than I can answer" in told.body["text"]


def test_an_apology_through_a_slow_response_url_never_delays_another_users_ack(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app()
    urls = [slack.response_url(label=f"tampered {i}") for i in range(CLICKS)]
    for url in urls:
        slack.slow_response_url(url, 20)
    _in_parallel(CLICKS, lambda i: app.click(NEXT, "not-a-page-state", urls[i], user_id=HOG, timeout=60))
    _wait_for_slow_posts(slack)
    ack = _other_users_ack(app)
    assert ack < ACK_WITHIN_SECONDS, f"another user's command acked after {ack:.2f} s"


def test_answers_waiting_out_a_retry_after_never_delay_another_users_answer(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app({"USER_RATE_LIMIT": "0"})
    slack.rate_limit_next("chat.postMessage", 200, retry_after=10)
    _in_parallel(70, lambda i: app.mention(f"stats {i}", user=HOG))  # more than the answer threads once were
    slack.wait_for_api_call("chat.postMessage", count=20, timeout=20)
    started = time.monotonic()
    _, url = app.command("stats", user_id=OTHER)
    reply = slack.wait_for_response(url, timeout=60)
    waited = reply.time - started
    assert "numbers on the account" in all_text(reply.body)
    assert waited < 2.0, f"another user answered after {waited:.1f} s"


def test_a_response_url_answering_429_is_tried_again_after_retry_after(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app()
    slack.rate_limit_next(RESPONSE_URL, 1, retry_after=1)
    _, url = app.command("stats")
    second = slack.wait_for_response(url, count=2, timeout=10)
    first = slack.responses_for(url)[0]
    assert first.status == 429
    assert second.ok
    assert "numbers on the account" in all_text(second.body)
    assert second.time - first.time >= 0.9


def test_a_response_url_is_used_at_most_five_times(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app()
    slack.rate_limit_next(RESPONSE_URL, 20, retry_after=0)
    _, url = app.command("stats")
    slack.wait_for_response(url, count=5, timeout=10)
    # Slack takes at most 5 posts to a response_url: the sixth is never sent, and the log says why.
    deadline = time.monotonic() + 5
    while "had its 5 uses" not in app.logs():
        assert time.monotonic() < deadline, "no log line for the dropped reply"
        time.sleep(0.05)
    assert len(slack.responses_for(url)) == 5


def test_refused_blocks_fall_back_to_the_plain_text_of_the_same_answer(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app()
    slack.refuse_blocks_next("chat.postMessage", 1)
    app.mention("stats")
    plain = slack.wait_for_api_call("chat.postMessage", lambda c: c.ok, timeout=10)
    refused = slack.calls("chat.postMessage")[0]
    assert refused.error == "invalid_blocks"
    assert "blocks" not in plain.body
    assert "numbers on the account" in plain.body["text"]
    assert plain.body["thread_ts"] == refused.body["thread_ts"]
    assert "refused the blocks (invalid_blocks)" in app.logs()


def test_refused_blocks_on_a_response_url_fall_back_to_plain_text(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app()
    slack.refuse_blocks_next(RESPONSE_URL, 1)
    _, url = app.command("stats")
    plain = slack.wait_for_response(url, lambda r: r.ok, timeout=10)
    assert "blocks" not in plain.body
    assert "numbers on the account" in plain.body["text"]


@pytest.mark.parametrize("retry_after", ["nan", "-5", "soon", "inf"])
def test_a_retry_after_nobody_can_read_is_a_short_pause_not_a_traceback(
    start_app, slack: SlackFake, retry_after: str
) -> None:
    app: AppProcess = start_app()
    slack.rate_limit_next("chat.postMessage", 1, retry_after=retry_after)
    app.mention("stats")
    answer = slack.wait_for_api_call("chat.postMessage", lambda c: c.ok, timeout=10)
    assert "numbers on the account" in all_text(answer.body)
    assert answer.time - slack.calls("chat.postMessage")[0].time < 3.0
    assert "Traceback" not in app.logs()


# Socket Mode ---------------------------------------------------------------------------------------------------


class SocketApp:
    """The app in Socket Mode, with helpers to send envelopes as Slack does."""

    def __init__(self, slack: SlackFake, sockets: SocketModeFake) -> None:
        self.slack = slack
        self.sockets = sockets

    def send_command(self, text: str, user_id: str) -> str:
        """Send `/numbers text` → the envelope id."""
        url = self.slack.response_url(label=f"socket /numbers {text}")
        payload = dict(parse_qsl(slash_command_body(text, url, user_id=user_id).decode()))
        return self.sockets.send_envelope("slash_commands", payload)

    def mention(self, text: str, user: str, ts: str) -> str:
        """Send an app_mention envelope → its id."""
        event = app_mention_event(f"<@{BOT_USER_ID}> {text}", user=user, ts=ts)
        body = {"type": "event_callback", "team_id": "T0TEST", "api_app_id": "A0NUMBERS", "event": event}
        body |= {"event_id": f"Ev{ts.replace('.', '')}", "event_time": int(time.time())}
        body["authorizations"] = [{"team_id": "T0TEST", "user_id": BOT_USER_ID, "is_bot": True}]
        return self.sockets.send_envelope("events_api", body)

    def click(self, value: str, response_url: str, user_id: str) -> str:
        """Click Next with `value` → the envelope id."""
        payload = block_actions_payload(NEXT, value, response_url, user_id=user_id)
        return self.sockets.send_envelope("interactive", payload)

    def other_users_ack(self) -> float:
        """Seconds until another user's command is acked."""
        return self.sockets.wait_for_ack(self.send_command("help", OTHER), timeout=60).gap


@pytest.fixture
def socket_app(
    request: pytest.FixtureRequest, tmp_path: Path, slack: SlackFake, flireo: FlireoFake
) -> Iterator[SocketApp]:
    """One `python app.py` in Socket Mode, one connection, USER_RATE_LIMIT=1 (or the test's parameter)."""
    limit = getattr(request, "param", "1")
    with SocketModeFake() as sockets:
        slack.socket_url = sockets.url
        overrides: dict[str, str | None] = {
            "SLACK_SIGNING_SECRET": None,
            "SLACK_APP_TOKEN": DEFAULT_APP_TOKEN,
            "HEALTH_PORT": None,
            "SOCKET_MODE_CONNECTIONS": "1",
            "USER_RATE_LIMIT": limit,
        }
        app = AppProcess(slack, app_env(slack, flireo, free_port(), overrides), tmp_path / "socket-app.log")
        try:
            app.start(wait=False)
            sockets.wait_for_live(1, timeout=20)
            yield SocketApp(slack, sockets)
        except BaseException:
            print(app.logs())
            raise
        finally:
            app.stop()


def test_in_socket_mode_a_refusal_slack_rate_limits_never_delays_another_users_ack(socket_app: SocketApp) -> None:
    slack = socket_app.slack
    slack.rate_limit_next("chat.postEphemeral", REQUESTS - 1, retry_after=10)
    for i in range(REQUESTS):
        socket_app.mention(f"stats {i}", HOG, f"17000000{i:02d}.000100")
    slack.wait_for_api_call("chat.postEphemeral", count=10, timeout=15)
    ack = socket_app.other_users_ack()
    assert ack < ACK_WITHIN_SECONDS, f"another user's command acked after {ack:.2f} s"


def test_in_socket_mode_an_apology_through_a_slow_response_url_never_delays_another_users_ack(
    socket_app: SocketApp,
) -> None:
    slack = socket_app.slack
    urls = [slack.response_url(label=f"tampered {i}") for i in range(CLICKS)]
    for url in urls:
        slack.slow_response_url(url, 20)
        socket_app.click("not-a-page-state", url, HOG)
    _wait_for_slow_posts(slack)
    ack = socket_app.other_users_ack()
    assert ack < ACK_WITHIN_SECONDS, f"another user's command acked after {ack:.2f} s"


@pytest.mark.parametrize("socket_app", ["0"], indirect=True)
def test_in_socket_mode_answers_waiting_out_a_retry_after_never_delay_another_users_answer(
    socket_app: SocketApp,
) -> None:
    slack = socket_app.slack
    slack.rate_limit_next("chat.postMessage", 200, retry_after=10)
    for i in range(70):
        socket_app.mention(f"stats {i}", HOG, f"17000001{i:02d}.000100")
    slack.wait_for_api_call("chat.postMessage", count=20, timeout=20)
    url = slack.response_url(label="socket /numbers stats")
    payload = dict(parse_qsl(slash_command_body("stats", url, user_id=OTHER).decode()))
    started = time.monotonic()
    socket_app.sockets.send_envelope("slash_commands", payload)
    reply = slack.wait_for_response(url, timeout=60)
    waited = reply.time - started
    assert "numbers on the account" in all_text(reply.body)
    assert waited < 2.0, f"another user answered after {waited:.1f} s"
