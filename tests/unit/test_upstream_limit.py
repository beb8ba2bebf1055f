"""Flireo's X-RateLimit-* headers narrow the request budget: the key's minute is shared with other tools."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from bot.errors import FlireoRateLimited
from bot.flireo.budget import MAX_RESET_SECONDS, PROBE_POLL_SECONDS, RequestBudget, read_rate_limit
from bot.flireo.listing import AccountTooLarge
from tests.unit.support import FakeClock, client_on, generated_records

UNIX_NOW = 1_800_000_000.0


def headers(remaining: int | str, reset: int | str = 30, limit: int | str = 100) -> dict[str, str]:
    return {"X-RateLimit-Limit": str(limit), "X-RateLimit-Remaining": str(remaining), "X-RateLimit-Reset": str(reset)}


@pytest.fixture
def budget(clock: FakeClock) -> RequestBudget:
    return RequestBudget(60, clock=clock, unix=lambda: UNIX_NOW + clock.now)


def test_reset_is_read_as_seconds_from_now_or_as_a_unix_time() -> None:
    as_seconds = read_rate_limit(headers(5, reset=30), now=10.0, unix_now=UNIX_NOW)
    as_time = read_rate_limit(headers(5, reset=int(UNIX_NOW) + 30), now=10.0, unix_now=UNIX_NOW)
    assert as_seconds is not None
    assert as_time is not None
    assert (as_seconds.remaining, as_seconds.limit, as_seconds.reset_at) == (5, 100, 40.0)
    assert as_time.reset_at == 40.0


def test_untrusted_headers_are_bounded_or_ignored() -> None:
    far = read_rate_limit(headers(0, reset=10**6), now=0.0, unix_now=UNIX_NOW)
    assert far is not None
    assert far.reset_at == MAX_RESET_SECONDS
    assert read_rate_limit(headers("-3"), now=0.0, unix_now=UNIX_NOW) is None
    assert read_rate_limit(headers("lots"), now=0.0, unix_now=UNIX_NOW) is None
    assert read_rate_limit({"Content-Type": "application/json"}, now=0.0, unix_now=UNIX_NOW) is None
    garbled_reset = read_rate_limit(headers(3, reset="soon", limit="?"), now=0.0, unix_now=UNIX_NOW)
    assert garbled_reset is not None
    assert (garbled_reset.limit, garbled_reset.reset_at) == (None, MAX_RESET_SECONDS)


def test_no_request_goes_while_the_headers_say_none_is_left(budget: RequestBudget, clock: FakeClock) -> None:
    budget.observe(headers(1, reset=30))
    budget.observe(headers(0, reset=30))  # counted down to 0 in this window: borne out
    assert budget.try_acquire(0) == 30.0
    assert budget.wait_seconds() == 30.0
    clock.advance(30)
    assert budget.try_acquire(0) == 0.0
    assert budget.upstream_health() is None, "the headers' word ends at their reset time"


def test_a_zero_no_countdown_led_to_is_checked_with_one_request_and_disbelieved_when_it_succeeds(
    budget: RequestBudget,
) -> None:
    budget.observe(headers(0, reset=30))
    assert budget.try_acquire(0) == 0.0, "one request checks it"
    assert budget.try_acquire(0) == PROBE_POLL_SECONDS, "the others wait for that one's answer, not for the reset"
    budget.observe(headers(0, reset=30), 200)
    assert [budget.try_acquire(0) for _ in range(5)] == [0.0] * 5, "it succeeded: the header's 0 is not believed"
    assert budget.key_left() is None
    assert budget.upstream_health() == {"limit": 100, "remaining": 0, "reset_in_seconds": 30.0, "believed": False}


def test_a_429_to_the_check_makes_the_headers_believed(budget: RequestBudget) -> None:
    budget.observe(headers(0, reset=30))
    assert budget.try_acquire(0) == 0.0
    budget.observe(headers(0, reset=30), 429)
    assert budget.try_acquire(0) == 30.0
    assert budget.key_left() == (0, 30.0)


def test_headers_disbelieved_are_believed_again_after_a_429(budget: RequestBudget) -> None:
    budget.observe(headers(0, reset=30))
    budget.try_acquire(0)
    budget.observe(headers(0, reset=30), 200)
    budget.observe(headers(0, reset=30), 429)
    assert budget.try_acquire(0) == 30.0


def test_a_reset_in_the_past_is_over(budget: RequestBudget) -> None:
    spent = read_rate_limit(headers(0, reset=-30), now=10.0, unix_now=UNIX_NOW)
    assert spent is not None
    assert spent.reset_at == 10.0
    budget.observe(headers(0, reset=-30))
    assert budget.try_acquire(0) == 0.0
    assert budget.upstream_health() is None


def test_each_request_sent_counts_against_what_the_headers_said(budget: RequestBudget) -> None:
    budget.observe(headers(2, reset=30))
    assert [budget.try_acquire(0) for _ in range(3)] == [0.0, 0.0, 30.0]
    assert budget.used() == 60, "nothing left, whatever our own window says"


def test_answers_arriving_out_of_order_keep_the_lowest_count_of_the_window(
    budget: RequestBudget, clock: FakeClock
) -> None:
    budget.observe(headers(5, reset=30))
    budget.observe(headers(9, reset=30))
    assert budget.upstream_health() == {"limit": 100, "remaining": 5, "reset_in_seconds": 30.0}
    clock.advance(31)
    budget.observe(headers(99, reset=60))
    assert budget.upstream_health() == {"limit": 100, "remaining": 99, "reset_in_seconds": 60.0}


def test_without_headers_only_our_own_budget_applies(budget: RequestBudget) -> None:
    budget.observe({})
    assert budget.upstream_health() is None
    assert [budget.try_acquire(0) for _ in range(60)] == [0.0] * 60
    assert budget.try_acquire(0) == 60.0


class SharedKey:
    """Flireo with 20 pages, whose key other tools already used: `left` requests remain in its minute."""

    def __init__(self, left: int) -> None:
        self.records = generated_records(2_000)
        self.left = left
        self.requests = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        if self.left <= 0:
            return httpx.Response(429, json={"error": {"code": "rate_limit_exceeded"}}, headers=self.limit_headers())
        self.left -= 1
        offset = int(request.url.params["offset"])
        body: dict[str, Any] = {"data": self.records[offset : offset + 100], "meta": {"total": 2_000}}
        return httpx.Response(200, content=json.dumps(body).encode(), headers=self.limit_headers())

    def limit_headers(self) -> dict[str, str]:
        return headers(max(0, self.left), reset=40)


def test_a_fetch_that_fits_what_others_left_reads_everything_without_a_429() -> None:
    flireo = SharedKey(left=20)
    client = client_on(flireo, budget=RequestBudget(60), max_concurrency=1)
    inventory = client.fetch_inventory()
    assert len(inventory.numbers) == 2_000
    assert flireo.requests == 20, "no check for a 21st page: the headers said nothing was left for it"


def test_a_first_read_the_headers_say_the_key_cannot_finish_turns_progressive_from_page_one() -> None:
    flireo = SharedKey(left=8)
    client = client_on(flireo, budget=RequestBudget(60), max_concurrency=1)
    with pytest.raises(AccountTooLarge) as caught:
        client.fetch_inventory()
    assert caught.value.first.offset == 0, "page one is handed on to the progressive read, not thrown away"
    assert "more than the key has left this minute" in str(caught.value)
    assert flireo.requests == 1, "page one told the total; no page was read only to be thrown away"


def test_a_refresh_the_headers_say_the_key_cannot_finish_is_not_started() -> None:
    flireo = SharedKey(left=8)
    client = client_on(flireo, budget=RequestBudget(60), max_concurrency=1)
    with pytest.raises(AccountTooLarge):
        client.fetch_inventory()
    with pytest.raises(FlireoRateLimited) as caught:
        client.fetch_inventory(known_total=2_000)
    assert caught.value.status is None, "our budget said no; Flireo never had to"
    assert "Other tools using this Flireo key" in str(caught.value), "the key's other users are named, not our budget"
    assert "7 left, and reading the account takes 20; try again in 40 s" in str(caught.value)
    assert flireo.requests == 1, "a refresh that knows the total does not even ask page one before the reset"


def test_the_key_running_out_mid_fetch_still_stops_without_meeting_a_429() -> None:
    flireo = SharedKey(left=25)

    def spent_by_others_meanwhile(request: httpx.Request) -> httpx.Response:
        if flireo.requests == 1:
            flireo.left = 5  # another tool spends the key while our pages go out
        return flireo(request)

    client = client_on(spent_by_others_meanwhile, budget=RequestBudget(60), max_concurrency=1)
    with pytest.raises(FlireoRateLimited) as caught:
        client.fetch_inventory()
    assert caught.value.status is None
    assert flireo.requests <= 7
