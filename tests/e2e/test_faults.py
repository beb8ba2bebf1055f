"""Fault injection: the real app keeps answering, in plain words, while Flireo or Slack misbehave."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.e2e.conftest import BOT_TOKEN, COLD_START, FLIREO_API_KEY, SIGNING_SECRET, AppProcess
from tests.e2e.helpers import all_text, buttons, check_a_retried_event_is_answered_once, shown_numbers
from tests.fakes.flireo import FlireoFake
from tests.fakes.signing import FORM, JSON, event_body, post_to_app, slash_command_body
from tests.fakes.slack import SlackFake

INVENTORY = "/v1/phone-numbers"
NEXT = "numbers-next"


@pytest.fixture
def start_app(start_app: Callable[..., AppProcess]) -> Callable[..., AppProcess]:
    """The app with no read of its own as it starts: each fault here is met by a question on a cold cache."""

    def cold(env_overrides: dict[str, str | None] | None = None, **options: bool) -> AppProcess:
        return start_app({**COLD_START, **(env_overrides or {})}, **options)

    return cold


def answer_text(slack: SlackFake, url: str, timeout: float = 5.0) -> str:
    """What the user reads in the reply posted to `url`."""
    return all_text(slack.wait_for_response(url, timeout=timeout).body)


# Flireo faults -------------------------------------------------------------------------------------------------


def test_flireo_5xx_is_retried_then_said_in_plain_words(start_app, slack: SlackFake, flireo: FlireoFake) -> None:
    app: AppProcess = start_app()
    flireo.fail_next(50, status=503)
    _, url = app.command("available local")
    text = answer_text(slack, url, timeout=20)
    assert "Flireo is unavailable (HTTP 503); try again in a minute" in text
    assert "Traceback" not in text
    assert flireo.request_count(INVENTORY, exact=True) == 3, "bounded retries: three attempts"


def test_a_single_5xx_is_retried_and_the_user_never_notices(start_app, slack: SlackFake, flireo: FlireoFake) -> None:
    app: AppProcess = start_app()
    flireo.fail_next(1, status=502, body="<html>Bad gateway</html>")
    _, url = app.command("stats")
    assert f"{len(flireo.numbers):,} numbers on the account" in answer_text(slack, url, timeout=10)


def test_dropped_connections_are_retried(start_app, slack: SlackFake, flireo: FlireoFake) -> None:
    app: AppProcess = start_app()
    flireo.drop_connections(2)
    _, url = app.command("stats")
    assert f"{len(flireo.numbers):,} numbers on the account" in answer_text(slack, url, timeout=15)


def test_429_retry_after_is_honoured(start_app, slack: SlackFake, flireo: FlireoFake) -> None:
    app: AppProcess = start_app()
    flireo.fail_next(1, status=429, headers={"Retry-After": "1"})
    _, url = app.command("stats")
    assert f"{len(flireo.numbers)} numbers" in answer_text(slack, url, timeout=10)
    first, second = flireo.requests[0], flireo.requests[1]
    assert second.time - first.time >= 0.9


def test_a_rejected_key_is_said_plainly_and_not_retried(start_app, slack: SlackFake, flireo: FlireoFake) -> None:
    app: AppProcess = start_app({"FLIREO_API_KEY": "flireo-wrong-key"})
    _, url = app.command("list")
    text = answer_text(slack, url)
    assert "The Flireo API key was rejected" in text
    assert flireo.request_count(INVENTORY, exact=True) == 1
    assert "flireo-wrong-key" not in text + app.logs()


def test_malformed_json_is_a_plain_error_and_the_next_fetch_recovers(
    start_app, slack: SlackFake, flireo: FlireoFake
) -> None:
    app: AppProcess = start_app()
    flireo.fail_next(1, status=200, body="{not json")
    _, url = app.command("list")
    assert "could not read" in answer_text(slack, url)
    _, url = app.command("list")
    assert f"All numbers: {len(flireo.numbers)} found" in answer_text(slack, url)


def test_schema_drift_is_tolerated_and_the_rest_served(start_app, slack: SlackFake, flireo: FlireoFake) -> None:
    drifted = [dict(n) for n in flireo.numbers]
    drifted[0] = {**drifted[0], "number_type": "toll_free", "brand_new_field": {"x": 1}}
    drifted[1] = {k: v for k, v in drifted[1].items() if k != "phone_number"}
    drifted[2] = {**drifted[2], "available": "maybe?"}
    flireo.set_numbers(drifted)
    app: AppProcess = start_app()
    _, url = app.command("stats")
    text = answer_text(slack, url)
    assert f"{len(drifted) - 2:,} numbers on the account" in text
    assert "toll_free" in text
    assert "skipped an invalid Flireo record" in app.logs()


def test_stale_if_error_serves_the_last_good_data_with_a_warning(
    start_app, slack: SlackFake, flireo: FlireoFake
) -> None:
    app: AppProcess = start_app()
    _, url = app.command("list")
    first = slack.wait_for_response(url).body
    flireo.fail_next(50, status=500)
    _, url = app.command("list refresh")
    stale = slack.wait_for_response(url, timeout=20).body
    assert shown_numbers(stale) == shown_numbers(first)
    assert "stale since" in all_text(stale)
    assert "HTTP 500" in all_text(stale).split("stale since", 1)[1]  # and why, not only since when
    health = json.loads(app.get("/healthz")[1])
    assert "HTTP 500" in health["last_upstream_error"]


def test_stale_while_revalidate_answers_at_once_after_the_ttl(start_app, slack: SlackFake, flireo: FlireoFake) -> None:
    app: AppProcess = start_app({"CACHE_TTL_SECONDS": "0"})
    _, url = app.command("stats")
    slack.wait_for_response(url)
    fetched = flireo.request_count(INVENTORY, exact=True)
    flireo.latency = 2.0
    started = time.monotonic()
    _, url = app.command("stats")
    slack.wait_for_response(url)
    assert time.monotonic() - started < 1.5, "the user waited on Flireo although a snapshot existed"
    flireo.wait_for_requests(fetched + 1, timeout=5)  # the background refresh went out


def test_a_hanging_flireo_never_delays_acks_and_everyone_gets_an_answer(
    start_app, slack: SlackFake, flireo: FlireoFake
) -> None:
    app: AppProcess = start_app({"USER_RATE_LIMIT": "0"})
    flireo.hang_requests(True)
    try:
        # 50 at once: more than Bolt's listener threads, so acks must not wait for answers.
        with ThreadPoolExecutor(50) as pool:
            results = list(pool.map(lambda i: _timed_command(app, slack, "available local"), range(50)))
        acks = sorted(elapsed for _, elapsed, _ in results)
        assert all(status == 200 for status, _, _ in results)
        assert acks[-1] < 1.0, f"slowest ack {acks[-1]:.2f} s"
        started = time.monotonic()
        for _, _, url in results:
            remaining = 17 - (time.monotonic() - started)
            assert "did not answer in time" in answer_text(slack, url, timeout=max(remaining, 0.1))
        assert time.monotonic() - started < 17
    finally:
        flireo.hang_requests(False)


def _timed_command(app: AppProcess, slack: SlackFake, text: str) -> tuple[int, float, str]:
    url = slack.response_url(text)
    status, _, _, elapsed = post_to_app(app.url, slash_command_body(text, url), SIGNING_SECRET, FORM)
    return status, elapsed, url


def test_a_burst_of_refreshes_stays_within_the_upstream_budget(start_app, slack: SlackFake, flireo: FlireoFake) -> None:
    app: AppProcess = start_app({"FLIREO_MAX_REQUESTS_PER_MINUTE": "20", "USER_RATE_LIMIT": "0"})
    texts = ["available local refresh" if i % 2 else "available local" for i in range(30)]
    with ThreadPoolExecutor(10) as pool:
        results = list(pool.map(lambda t: _timed_command(app, slack, t), texts))
    for _, _, url in results:
        text = answer_text(slack, url, timeout=20)
        assert "Available local numbers:" in text
        assert "data as of" in text
    assert flireo.peak_requests_per_window(60) <= 20


# Slack-side faults and bad input -------------------------------------------------------------------------------


def test_a_retried_event_is_answered_once(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app()
    check_a_retried_event_is_answered_once(app, app, slack)


def test_tampered_buttons_get_a_polite_reply_and_the_process_carries_on(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app()
    tampered = [
        (NEXT, "{not json"),
        (NEXT, '{"query": "list", "offset": -10}'),
        (NEXT, '{"query": "list", "offset": 99999999999}'),
        (NEXT, "x" * 2048),
        (NEXT, '{"query": "list", "offset": 0, "admin": true}'),
        ("numbers-delete-everything", "{}"),
    ]
    for action_id, value in tampered:
        status, url = app.click(action_id, value)
        assert status == 200
        text = answer_text(slack, url)
        assert "no longer works" in text or "not one I know" in text
    _, url = app.command("stats")
    assert "numbers on the account" in answer_text(slack, url)


def test_long_and_odd_input_gets_a_reply_not_a_crash(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app()
    odd = ["available " * 500, "📞📞 local ☎️", "مرحبا שלום local", "?!?!...,,,;;", "\u202eavailable\u202c local"]
    for text in odd:
        status, url = app.command(text)
        assert status == 200
        reply = answer_text(slack, url)
        assert reply.strip()
        assert "Traceback" not in reply
    _, url = app.command("stats")
    assert "numbers on the account" in answer_text(slack, url)


def test_slack_429_on_post_message_is_retried(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app()
    slack.rate_limit_next("chat.postMessage", 1, retry_after=1)
    app.mention("stats")
    call = slack.wait_for_api_call("chat.postMessage", predicate=lambda c: c.ok, timeout=10)
    assert "numbers on the account" in all_text(call.body)
    assert len(slack.calls("chat.postMessage")) == 2


def test_an_expired_response_url_is_logged_not_fatal(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app()
    slack.expire_response_urls(True)
    _, url = app.command("stats")
    slack.wait_for_response(url)
    slack.expire_response_urls(False)
    _, url = app.command("stats")
    assert "numbers on the account" in answer_text(slack, url)
    assert "response_url refused the reply: HTTP 404" in app.logs()


# Security and audit --------------------------------------------------------------------------------------------


def test_a_channel_off_the_allowlist_is_refused_before_any_work(
    start_app, slack: SlackFake, flireo: FlireoFake
) -> None:
    app: AppProcess = start_app({"ALLOWED_CHANNEL_IDS": "C0OPS, C0NOC"})
    status, url = app.command("stats", channel_id="C0RANDOM")
    assert status == 200
    assert "numbers is not enabled in this channel" in app.last[2].decode()
    assert flireo.request_count() == 0
    assert slack.responses_for(url) == []
    _, url = app.command("stats", channel_id="C0NOC")
    assert "numbers on the account" in answer_text(slack, url)


def test_a_user_off_the_allowlist_is_refused(start_app, slack: SlackFake, flireo: FlireoFake) -> None:
    app: AppProcess = start_app({"ALLOWED_USER_IDS": "U0ONCALL"})
    app.command("stats", user_id="U0INTRUDER")
    assert "not enabled for you" in app.last[2].decode()
    app.mention("stats", user="U0INTRUDER")
    ephemeral = slack.wait_for_api_call("chat.postEphemeral")
    assert "not enabled for you" in ephemeral.body["text"]
    assert flireo.request_count() == 0
    assert slack.calls("chat.postMessage") == []


def test_a_user_asking_too_fast_gets_a_friendly_reply(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app({"USER_RATE_LIMIT": "3", "USER_RATE_WINDOW_SECONDS": "60"})
    for _ in range(3):
        _, url = app.command("stats")
        slack.wait_for_response(url)
    app.command("stats")
    assert "asking faster than I can answer" in app.last[2].decode()
    _, url = app.command("stats", user_id="U0SOMEONEELSE")
    assert "numbers on the account" in answer_text(slack, url)


def test_secrets_never_appear_in_logs_or_replies(start_app, slack: SlackFake, flireo: FlireoFake) -> None:
    app: AppProcess = start_app({"LOG_LEVEL": "DEBUG"})
    flireo.fail_next(3, status=503)
    _, url = app.command("stats")
    slack.wait_for_response(url, timeout=20)
    flireo.fail_next(1, status=401)
    _, url = app.command("stats refresh")
    slack.wait_for_response(url)
    flireo.fail_next(1, status=200, body="{broken")
    _, url = app.command("list refresh")
    slack.wait_for_response(url)
    app.click(NEXT, "garbage")
    app.mention("stats")
    slack.wait_for_api_call("chat.postMessage")
    post_to_app(app.url, event_body({"type": "app_mention"}), "wrong-secret", JSON)
    app.stop()
    replies = json.dumps([r.body for r in slack.responses] + [c.body for c in slack.api_calls])
    for secret in (BOT_TOKEN, SIGNING_SECRET, FLIREO_API_KEY):
        assert secret not in app.logs(), f"{secret[:4]}… leaked into the log"
        assert secret not in replies


def test_every_handled_request_writes_one_audit_line(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app()
    _, url = app.command("available local")
    page = slack.wait_for_response(url).body
    _, click_url = app.click(NEXT, buttons(page)[NEXT])
    slack.wait_for_response(click_url)
    app.mention("stats")
    slack.wait_for_api_call("chat.postMessage")
    entries = _audit_entries(app, 3)
    command, click, mention = sorted(
        entries, key=lambda e: ["command", f"action:{NEXT}", "mention"].index(e["surface"])
    )
    assert command["query"] == "available local"
    assert command["user"] == "U0USER"
    assert command["channel"] == "C0CHAN"
    assert command["outcome"] == "ok"
    assert command["cache"] == "miss"
    assert command["count"] > 0
    assert command["latency_ms"] >= 0
    assert click["cache"] == "hit"
    assert mention["count"] is not None


def _audit_entries(app: AppProcess, count: int, timeout: float = 5.0) -> list[dict]:
    deadline = time.monotonic() + timeout
    while True:
        lines = [line[line.index("{") :] for line in app.logs().splitlines() if '{"audit"' in line]
        if len(lines) >= count or time.monotonic() > deadline:
            return [json.loads(line)["audit"] for line in lines]
        time.sleep(0.05)  # polling the log file with a deadline, not synchronising on time


def test_refresh_clicks_count_against_the_per_user_limit(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app({"USER_RATE_LIMIT": "2", "USER_RATE_WINDOW_SECONDS": "60"})
    _, url = app.command("list")
    page = slack.wait_for_response(url).body
    _, click_url = app.click("numbers-refresh", buttons(page)["numbers-refresh"])
    slack.wait_for_response(click_url)
    _, click_url = app.click("numbers-refresh", buttons(page)["numbers-refresh"])
    assert "asking faster than I can answer" in answer_text(slack, click_url)
