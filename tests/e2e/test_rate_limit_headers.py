"""Flireo's X-RateLimit-* headers: when other tools have spent most of the key's minute, the bot never meets a 429."""

from __future__ import annotations

import json
import time

from tests.e2e.conftest import COLD_START, AppProcess
from tests.e2e.helpers import all_text
from tests.fakes.flireo import FlireoFake, make_numbers
from tests.fakes.slack import SlackFake

INVENTORY = "/v1/phone-numbers"


def test_a_key_another_tool_spent_80_of_is_read_without_a_429(start_app, slack: SlackFake, flireo: FlireoFake) -> None:
    flireo.set_numbers(make_numbers(2_000))
    flireo.spend_elsewhere(80)
    app: AppProcess = start_app()
    _, url = app.command("stats")
    assert "2,000 numbers on the account" in all_text(slack.wait_for_response(url, timeout=15).body)
    # The fake answers 429 past 100 a minute: 20 requests served means none was refused.
    assert flireo.request_count(INVENTORY, exact=True) == 20, "20 pages and no check for a 21st: none was left"
    limit = json.loads(app.get("/healthz")[1])["flireo_rate_limit"]
    assert limit["limit"] == 100
    assert limit["remaining"] == 0
    assert 0 < limit["reset_in_seconds"] <= 60


def test_no_refresh_is_sent_while_the_headers_say_the_key_is_spent(
    start_app, slack: SlackFake, flireo: FlireoFake
) -> None:
    flireo.spend_elsewhere(98)
    app: AppProcess = start_app()
    _, url = app.command("stats")
    assert f"{len(flireo.numbers):,} numbers on the account" in all_text(slack.wait_for_response(url, timeout=15).body)
    assert flireo.request_count(INVENTORY, exact=True) == 2
    _, url = app.command("stats refresh")
    text = all_text(slack.wait_for_response(url, timeout=15).body)
    assert f"{len(flireo.numbers):,} numbers on the account" in text
    assert "Not refreshed" in text
    assert flireo.request_count(INVENTORY, exact=True) == 2, "the key had nothing left: no request went out"
    assert "Other tools using this Flireo key" in text, "the reply names why, and it is not the bot's own budget"


def test_a_cold_start_on_a_key_others_spent_answers_partially_and_completes_after_the_reset(
    start_app, slack: SlackFake, flireo: FlireoFake
) -> None:
    flireo.set_numbers(make_numbers(2_000))
    flireo.spend_elsewhere(85, seconds_ago=30)  # 15 of the key's 100 left, its reset 30 s away
    app: AppProcess = start_app()
    _, url = app.command("stats")
    text = all_text(slack.wait_for_response(url, timeout=15).body)
    assert "partial: " in text
    assert "of 2,000 numbers read" in text
    deadline = time.monotonic() + 60
    while json.loads(app.get("/healthz")[1])["snapshot_numbers"] != 2_000:
        assert time.monotonic() < deadline, "the read was not completed after the reset"
        time.sleep(0.5)
    _, url = app.command("stats")
    text = all_text(slack.wait_for_response(url, timeout=15).body)
    assert "2,000 numbers on the account" in text
    assert "partial" not in text
    assert flireo.refused == 0, "no request met a 429"
    assert "Traceback" not in app.logs()


# headers checked against what happens (#19) -----------------------------------------------------------------------


def answer(app: AppProcess, slack: SlackFake, question: str, timeout: float = 15) -> str:
    """What the user reads in the answer to `/numbers <question>`."""
    _, url = app.command(question)
    return all_text(slack.wait_for_response(url, timeout=timeout).body)


def test_a_remaining_0_on_every_successful_reply_does_not_keep_the_account_from_being_read(
    start_app, slack: SlackFake, flireo: FlireoFake
) -> None:
    flireo.set_numbers(make_numbers(250))
    flireo.add_headers({"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "60"})
    app: AppProcess = start_app()
    assert "250 numbers on the account" in answer(app, slack, "stats")
    assert "Not refreshed" not in answer(app, slack, "stats refresh")
    assert flireo.request_count(INVENTORY, exact=True) >= 6, "both reads went out whole"
    assert json.loads(app.get("/healthz")[1])["flireo_rate_limit"]["believed"] is False
    assert "not believing them" in app.logs()


def test_a_reset_in_the_past_is_no_pause(start_app, slack: SlackFake, flireo: FlireoFake) -> None:
    flireo.set_numbers(make_numbers(250))
    flireo.add_headers({"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "-30"})
    app: AppProcess = start_app()
    started = time.monotonic()
    assert "250 numbers on the account" in answer(app, slack, "stats")
    assert time.monotonic() - started < 10, "not a 60 s pause"


def test_a_retry_after_of_an_hour_is_obeyed_across_questions_with_the_last_good_data_marked(
    start_app, slack: SlackFake, flireo: FlireoFake
) -> None:
    app: AppProcess = start_app()
    assert f"{len(flireo.numbers):,} numbers on the account" in answer(app, slack, "stats")
    flireo.reset_requests()
    flireo.fail_next(100, status=429, headers={"Retry-After": "3600"})
    sent = 0
    for _ in range(5):
        text = answer(app, slack, "stats refresh")
        assert f"{len(flireo.numbers):,} numbers on the account" in text
        assert "stale" in text
        sent = sent or flireo.request_count(INVENTORY, exact=True)
    assert 0 < sent <= 2, "the refresh's one round of pages met the 429s"
    assert flireo.request_count(INVENTORY, exact=True) == sent, "nothing sent after it until its Retry-After is over"
    assert "nothing is sent to it until" in (json.loads(app.get("/healthz")[1])["last_upstream_error"] or "")


def test_a_garbled_or_negative_retry_after_is_a_short_pause_and_no_traceback(
    start_app, slack: SlackFake, flireo: FlireoFake
) -> None:
    app: AppProcess = start_app(COLD_START)
    flireo.fail_next(1, status=429, headers={"Retry-After": "nan"})
    flireo.fail_next(1, status=429, headers={"Retry-After": "-30"})
    assert f"{len(flireo.numbers):,} numbers on the account" in answer(app, slack, "stats")
    assert flireo.request_count(INVENTORY, exact=True) == 4, "page one three times, after a 1 s pause each; page two"
    assert "Traceback" not in app.logs()
