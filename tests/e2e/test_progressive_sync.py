"""An account larger than one window of the budget is read over several windows, answering from what is read (#14)."""

from __future__ import annotations

import json
import time

from tests.e2e.conftest import AppProcess
from tests.e2e.helpers import all_text
from tests.fakes.flireo import FlireoFake, make_numbers
from tests.fakes.slack import SlackFake

INVENTORY = "/v1/phone-numbers"
ACCOUNT = 1_200
# 5 requests a 2-second window: 13 pages take three windows, about 5 s.
BUDGET = 5
WINDOW_SECONDS = 2
SETTINGS = {"FLIREO_MAX_REQUESTS_PER_MINUTE": str(BUDGET), "FLIREO_RATE_WINDOW_SECONDS": str(WINDOW_SECONDS)}


def ask(app: AppProcess, slack: SlackFake, text: str) -> str:
    """The text of the bot's answer to `/numbers <text>`."""
    _, url = app.command(text)
    return all_text(slack.wait_for_response(url, timeout=15).body)


def wait_for_whole(app: AppProcess, deadline_seconds: float = 20.0) -> dict[str, object]:
    """/healthz once the progressive read is over and the snapshot holds the whole account."""
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        health = json.loads(app.get("/healthz")[1])
        if health["reading"] is None and health["snapshot_numbers"] == ACCOUNT:
            return health
        time.sleep(0.2)  # polling with a deadline, not synchronising on the sleep
    raise AssertionError(f"the account was not read whole in {deadline_seconds} s: {health}")


def test_a_large_account_answers_partially_then_wholly_within_the_budget(
    start_app, slack: SlackFake, flireo: FlireoFake
) -> None:
    numbers = make_numbers(ACCOUNT)
    flireo.set_numbers(numbers)
    app: AppProcess = start_app(SETTINGS)

    first = ask(app, slack, "stats")
    assert "partial:" in first
    assert f"of {ACCOUNT:,} numbers read" in first
    assert "FLIREO_MAX_REQUESTS_PER_MINUTE" not in first, "no refusal"

    last = numbers[-1]["phone_number"]
    early = ask(app, slack, f"find {last}")
    if "partial:" in early:  # the read may already be over on a slow machine; then the number is simply found
        assert "not among the numbers read so far" in early
        assert "not on this account" not in early

    health = wait_for_whole(app)
    whole = ask(app, slack, "stats")
    assert f"{ACCOUNT:,} numbers on the account" in whole
    assert "partial" not in whole
    assert "not among" not in ask(app, slack, f"find {last}")

    assert flireo.refused == 0
    assert flireo.peak_requests_per_window(WINDOW_SECONDS - 0.1) <= BUDGET, "the budget was never exceeded"
    # Page one, rounds of 4, 5 and 3 pages, each page starting on the last number of the page before.
    assert flireo.request_count(INVENTORY, exact=True) == 1 + 4 + 5 + 3
    assert health["last_upstream_error"] is None


def test_an_account_that_changes_while_it_is_read_is_read_again(
    start_app, slack: SlackFake, flireo: FlireoFake
) -> None:
    numbers = make_numbers(ACCOUNT)
    flireo.set_numbers(numbers)
    added = make_numbers(1, seed=99)[0]
    app: AppProcess = start_app(SETTINGS)
    assert "partial:" in ask(app, slack, "stats")
    flireo.set_numbers([added, *numbers[:-1]])  # one bought at the front, one released: the total stays 1,200

    wait_for_whole(app, 30.0)
    assert "not among" not in ask(app, slack, f"find {added['phone_number']}")
    assert "not on this account" in ask(app, slack, f"find {numbers[-1]['phone_number']}")
    assert flireo.peak_requests_per_window(WINDOW_SECONDS - 0.1) <= BUDGET
    assert "changed while it was read" in app.logs()
