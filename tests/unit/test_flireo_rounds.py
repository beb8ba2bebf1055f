"""How many round trips and requests a whole-inventory fetch costs (the bench's cold answers rest on these)."""

from __future__ import annotations

import threading

import httpx

from bot.flireo.budget import RequestBudget
from bot.flireo.client import MAX_CONCURRENT_PAGES, FlireoClient
from tests.unit.support import FlireoStub, client_on, generated_records


def offsets(stub: FlireoStub) -> list[int]:
    return sorted(int(request.url.params["offset"]) for request in stub.requests)


def test_2000_numbers_arrive_in_two_rounds_with_the_check_for_more_in_the_second() -> None:
    stub = FlireoStub(generated_records(2000))
    # After the first page, the other 19 and the page after the total (it may have grown) are all in flight at once.
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
    assert offsets(stub) == [0, *range(0, 2100, 100)]  # and the first page again, to see it did not change
    assert inventory.requests == 22


def test_a_total_that_is_not_a_whole_number_of_pages_needs_no_check() -> None:
    stub = FlireoStub(generated_records(1950))
    inventory = client_on(stub).fetch_inventory()
    assert len(inventory.numbers) == 1950
    assert inventory.requests == 21  # 20 pages and the first page again


def test_10000_numbers_fit_a_budget_of_100_by_skipping_the_check() -> None:
    stub = FlireoStub(generated_records(10_000))
    client: FlireoClient = client_on(stub, budget=RequestBudget(100))
    inventory = client.fetch_inventory()
    assert len(inventory.numbers) == 10_000
    assert inventory.requests == 100
    assert offsets(stub) == list(range(0, 10_000, 100))


def test_a_refresh_that_knows_the_total_asks_every_page_at_once_then_page_one_again() -> None:
    stub = FlireoStub(generated_records(2000))
    # The 20 pages and the one after the total are all in flight at once; page one is asked once more after them.
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
    assert offsets(stub) == [0, 0, *range(100, 2100, 100)]
    assert stub.requests[-1].url.params["offset"] == "0"


def test_a_refresh_of_an_account_that_grew_past_its_known_total_reads_it_the_usual_way() -> None:
    stub = FlireoStub(generated_records(2150))
    inventory = client_on(stub).fetch_inventory(known_total=2000)
    assert len(inventory.numbers) == 2150
    assert inventory.total == 2150


def test_a_refresh_of_an_account_that_shrank_drops_the_pages_past_its_end() -> None:
    stub = FlireoStub(generated_records(1250))
    inventory = client_on(stub).fetch_inventory(known_total=2000)
    assert len(inventory.numbers) == 1250
    assert stub.count == 21 + 1, "one round and page one again"


def test_a_refresh_the_budget_cannot_spare_in_one_round_is_read_the_usual_way() -> None:
    stub = FlireoStub(generated_records(2000))
    inventory = client_on(stub, budget=RequestBudget(20)).fetch_inventory(known_total=2000)
    assert len(inventory.numbers) == 2000
    assert stub.count == 20, "the first page, then the other 19: no room for more"
