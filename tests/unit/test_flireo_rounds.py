"""How many round trips and requests a whole-inventory fetch costs (the bench's cold answers rest on these)."""

from __future__ import annotations

import threading

import httpx
import pytest

from bot.flireo.budget import RequestBudget
from bot.flireo.client import MAX_CONCURRENT_PAGES, FlireoClient
from bot.flireo.listing import AccountTooLarge
from tests.unit.support import FlireoStub, client_on, generated_records


def offsets(stub: FlireoStub) -> list[int]:
    return sorted(int(request.url.params["offset"]) for request in stub.requests)


def test_2000_numbers_arrive_in_two_rounds_the_second_reaching_past_the_total() -> None:
    stub = FlireoStub(generated_records(2000))
    # After the first page, the other 20 (each starting on the last number of the one before, the last reaching past
    # the total, which may be stale) are all in flight at once.
    together = threading.Barrier(20, timeout=5)
    broken: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.params["offset"] != "0":
            try:
                together.wait()
            except threading.BrokenBarrierError:
                broken.append(request)
        return stub(request)

    assert MAX_CONCURRENT_PAGES >= 20
    inventory = client_on(handle).fetch_inventory()
    assert not broken, "the second round did not go out together"
    assert len(inventory.numbers) == 2000
    assert offsets(stub) == list(range(0, 2000, 99))
    assert inventory.requests == 21


def test_a_total_that_is_not_a_whole_number_of_pages_needs_no_extra_page() -> None:
    stub = FlireoStub(generated_records(1950))
    inventory = client_on(stub).fetch_inventory()
    assert len(inventory.numbers) == 1950
    assert inventory.requests == 20  # the last page (offset 1881) comes back short: 69 numbers


def test_9900_numbers_fit_a_budget_of_100_and_10000_are_read_progressively() -> None:
    stub = FlireoStub(generated_records(9_900))
    client: FlireoClient = client_on(stub, budget=RequestBudget(100))
    inventory = client.fetch_inventory()
    assert len(inventory.numbers) == 9_900
    assert inventory.requests == 100
    assert offsets(stub) == list(range(0, 9_900, 99))
    stub = FlireoStub(generated_records(10_000))
    with pytest.raises(AccountTooLarge, match="102 requests"):
        client_on(stub, budget=RequestBudget(100)).fetch_inventory()
    assert stub.count == 1


def test_a_refresh_that_knows_the_total_asks_every_page_at_once() -> None:
    stub = FlireoStub(generated_records(2000))
    # The 21 pages, the last reaching past the total, are all in flight at once: one round trip.
    together = threading.Barrier(21, timeout=5)
    broken: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        if len(stub.requests) < 21:
            try:
                together.wait()
            except threading.BrokenBarrierError:
                broken.append(request)
        return stub(request)

    inventory = client_on(handle).fetch_inventory(known_total=2000)
    assert len(inventory.numbers) == 2000
    assert inventory.total == 2000
    assert not broken, "every page of the round was in flight at once"
    assert offsets(stub) == list(range(0, 2000, 99))
    assert stub.count == 21


def test_a_refresh_of_an_account_that_grew_past_its_known_total_reads_it_the_usual_way() -> None:
    stub = FlireoStub(generated_records(2150))
    inventory = client_on(stub).fetch_inventory(known_total=2000)
    assert len(inventory.numbers) == 2150
    assert inventory.total == 2150


def test_a_refresh_of_an_account_that_shrank_drops_the_pages_past_its_end() -> None:
    stub = FlireoStub(generated_records(1250))
    inventory = client_on(stub).fetch_inventory(known_total=2000)
    assert len(inventory.numbers) == 1250
    assert stub.count == 21, "one round"


def test_a_refresh_of_a_flireo_that_clamps_the_page_size_is_read_the_usual_way() -> None:
    records = generated_records(230)

    def handle(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params["offset"])
        return httpx.Response(200, json={"data": records[offset : offset + 50], "meta": {"total": 230}})

    client = client_on(handle)
    assert len(client.fetch_inventory(known_total=230).numbers) == 230
    assert client.requests_sent == 3 + 5, "the round planned for pages of 100, then pages of 50 (overlapping)"


def test_a_refresh_of_an_account_grown_past_the_budget_hands_it_to_a_progressive_read() -> None:
    stub = FlireoStub(generated_records(7_000))
    client = client_on(stub, budget=RequestBudget(60))
    with pytest.raises(AccountTooLarge):
        client.fetch_inventory(known_total=5_000)
    assert stub.count == 51, "the round the last total implied (offsets 0 to 4,950), and nothing more"
