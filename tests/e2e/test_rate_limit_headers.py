"""Flireo's X-RateLimit-* headers: when other tools have spent most of the key's minute, the bot never meets a 429."""

from __future__ import annotations

import json

from tests.e2e.conftest import AppProcess
from tests.e2e.helpers import all_text
from tests.fakes.flireo import FlireoFake, make_numbers
from tests.fakes.slack import SlackFake

INVENTORY = "/v1/phone-numbers"


def test_a_key_another_tool_spent_80_of_is_read_without_a_429(start_app, slack: SlackFake, flireo: FlireoFake) -> None:
    flireo.set_numbers(make_numbers(2_000))
    flireo.spend_elsewhere(80)
    app: AppProcess = start_app()
    _, url = app.command("stats")
    assert "2000 numbers on the account" in all_text(slack.wait_for_response(url, timeout=15).body)
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
    assert f"{len(flireo.numbers)} numbers on the account" in all_text(slack.wait_for_response(url, timeout=15).body)
    assert flireo.request_count(INVENTORY, exact=True) == 2
    _, url = app.command("stats refresh")
    text = all_text(slack.wait_for_response(url, timeout=15).body)
    assert f"{len(flireo.numbers)} numbers on the account" in text
    assert "Not refreshed" in text
    assert flireo.request_count(INVENTORY, exact=True) == 2, "the key had nothing left: no request went out"
    assert "Other tools using this Flireo key" in text, "the reply names why, and it is not the bot's own budget"


def test_a_key_too_spent_for_the_whole_account_says_so_after_one_request(
    start_app, slack: SlackFake, flireo: FlireoFake
) -> None:
    flireo.set_numbers(make_numbers(2_000))
    flireo.spend_elsewhere(90)
    app: AppProcess = start_app()
    _, url = app.command("stats")
    text = all_text(slack.wait_for_response(url, timeout=15).body)
    assert "Other tools using this Flireo key have spent its requests this minute: 9 left" in text
    assert "reading the account takes 19" in text
    assert flireo.request_count(INVENTORY, exact=True) == 1, "page one told the total; nothing else was wasted"
    assert "Traceback" not in app.logs()
