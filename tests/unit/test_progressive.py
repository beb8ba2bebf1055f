"""Progressive sync: an account larger than one budget window is read over several windows (#14)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from bot.flireo.budget import RequestBudget
from bot.flireo.client import FlireoClient
from bot.flireo.listing import AccountTooLarge
from bot.flireo.pages import FlireoInconsistent
from bot.inventory.cache import InventoryCache
from bot.inventory.progressive import ProgressiveRead
from bot.inventory.snapshot import Progress, Snapshot
from tests.unit.support import FETCHED_AT, FakeClock, FakeWall, FlireoStub, client_on, generated_records, wait_until

BUDGET = 5
ACCOUNT = 1_200


def test_progress_says_how_much_is_read_and_when_it_will_be_whole() -> None:
    assert Progress(6_000, 100_000, 15 * 60).words() == (
        "partial: 6,000 of 100,000 numbers read; complete in about 15 min"
    )
    assert Progress(500, 1_200, 40).words() == "partial: 500 of 1,200 numbers read; complete in under a minute"


@pytest.fixture
def budget() -> Iterator[RequestBudget]:
    """A budget of 5 a minute on a fake clock that a helper thread moves on a minute whenever it is spent."""
    clock = FakeClock()
    budget = RequestBudget(BUDGET, clock=clock)
    done = threading.Event()

    def move_on() -> None:
        while not done.wait(0.01):
            if budget.used() >= BUDGET:
                clock.advance(60)

    mover = threading.Thread(target=move_on, daemon=True)
    mover.start()
    yield budget
    done.set()
    mover.join()


def large_account(handler: Callable[[httpx.Request], httpx.Response], budget: RequestBudget) -> Any:
    """The client and the AccountTooLarge its first fetch raises."""
    client = client_on(handler, budget=budget)
    with pytest.raises(AccountTooLarge) as large:
        client.fetch_inventory()
    return client, large.value


def test_a_progressive_read_takes_what_each_window_allows_and_ends_on_a_short_page(
    budget: RequestBudget,
) -> None:
    stub = FlireoStub(generated_records(ACCOUNT))
    client, large = large_account(stub, budget)
    rounds: list[Progress] = []
    inventory = ProgressiveRead(client, large, threading.Event(), 60).run(lambda n, s, p: rounds.append(p))
    assert len(inventory.numbers) == ACCOUNT
    # Each page starts on the last number of the page before (to see a shift, also between rounds): 99-198, ...
    assert [progress.read for progress in rounds] == [496, 991], "then the last round"
    assert rounds[0].total == ACCOUNT
    assert stub.count == 1 + 4 + 5 + 3, "the last page (offset 1188) comes back short: 12 numbers"
    assert sorted(int(request.url.params["offset"]) for request in stub.requests[1:10]) == [
        *range(99, 400, 99),
        *range(495, 900, 99),
    ]
    assert [request.url.params["offset"] for request in stub.requests].count("0") == 1


def test_a_progressive_read_of_an_account_that_changed_meanwhile_is_refused(budget: RequestBudget) -> None:
    stub = FlireoStub(generated_records(ACCOUNT))
    client, large = large_account(stub, budget)

    def churn(numbers: Any, shared: Any, progress: Progress) -> None:
        stub.records = [*generated_records(1, start=5_000), *stub.records[:-1]]  # the total stays 1,200

    with pytest.raises(FlireoInconsistent, match="shifted while we read"):
        ProgressiveRead(client, large, threading.Event(), 60).run(churn)


def test_the_cache_answers_from_the_pages_read_so_far_and_records_only_the_whole(budget: RequestBudget) -> None:
    stub = FlireoStub(generated_records(ACCOUNT))
    installed: list[Snapshot] = []
    gate = threading.Event()

    def handle(request: httpx.Request) -> httpx.Response:
        if len(stub.requests) >= BUDGET:
            assert gate.wait(5), "the test never let the read go on"
        return stub(request)

    cache = InventoryCache(
        FlireoClient(client_on(handle)._http, budget),
        ttl_seconds=60,
        stale_max_age_seconds=3600,
        on_install=installed.append,
    )
    try:
        first = cache.snapshot()
        assert first.partial is not None
        assert len(first.numbers) == 496
        assert cache.health().reading == first.partial.words()
        assert cache.snapshot().partial is not None, "asked again: still the partial data, no second read"
        gate.set()
        wait_until(lambda: cache.snapshot().partial is None)
        assert len(cache.snapshot().numbers) == ACCOUNT
        assert [len(snapshot.numbers) for snapshot in installed] == [ACCOUNT], "history sees only the whole"
        assert cache.health().reading is None
    finally:
        gate.set()
        cache.close()


def test_a_number_released_behind_the_read_and_one_bought_is_seen_at_the_next_round(budget: RequestBudget) -> None:
    stub = FlireoStub(generated_records(ACCOUNT))
    client, large = large_account(stub, budget)
    released = {"done": False}

    def release_in_the_middle(numbers: Any, shared: Any, progress: Progress) -> None:
        # Page one stays the same and so does the total: only the boundary between rounds can tell.
        if not released["done"]:
            released["done"] = True
            stub.records = [*stub.records[:300], *stub.records[301:], *generated_records(1, start=5_000)]

    with pytest.raises(FlireoInconsistent, match="shifted while we read"):
        ProgressiveRead(client, large, threading.Event(), 60).run(release_in_the_middle)


def test_a_large_account_is_read_again_no_sooner_than_a_read_takes(
    budget: RequestBudget, make_cache: Callable[..., InventoryCache], clock: FakeClock, wall: FakeWall
) -> None:
    stub = FlireoStub(generated_records(ACCOUNT))

    def slow(request: httpx.Request) -> httpx.Response:
        clock.advance(10)  # 14 requests: a read of 140 s, more than the TTL of 60 s
        wall.now += timedelta(seconds=10)
        return stub(request)

    cache = make_cache(slow, ttl=60, budget=budget)
    cache.snapshot()
    wait_until(lambda: cache.health().reading is None and cache.health().snapshot_size == ACCOUNT)
    whole = cache.snapshot()
    assert whole.partial is None
    assert whole.fetched_at == FETCHED_AT, "dated from the start of the read"
    read = stub.count
    clock.advance(100)
    wall.now += timedelta(seconds=100)
    assert cache.snapshot() is whole, "fresh past the TTL: the read took longer"
    assert cache.snapshot(refresh=True) is whole, "refresh does not start a read sooner either"
    assert stub.count == read


def test_full_pages_far_past_the_total_end_the_read_instead_of_going_on(budget: RequestBudget) -> None:
    records = generated_records(5_000)  # Flireo keeps serving full pages while its total still says 1,200

    def handle(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params["offset"])
        return httpx.Response(200, json={"data": records[offset : offset + 100], "meta": {"total": ACCOUNT}})

    client, large = large_account(handle, budget)
    with pytest.raises(FlireoInconsistent, match="went on past the total of 1,200"):
        ProgressiveRead(client, large, threading.Event(), 60).run(lambda n, s, p: None)
    assert client.requests_sent < 40
