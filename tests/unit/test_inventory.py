"""The inventory cache (SPEC §5): single flight, TTL, refresh, stale-while-revalidate and stale-if-error."""

from __future__ import annotations

import threading
from collections.abc import Callable

import httpx
import pytest

from bot.errors import FlireoAuthError, FlireoError, FlireoUnavailable
from bot.flireo.budget import RequestBudget
from bot.inventory.cache import InventoryCache
from bot.inventory.snapshot import CacheOutcome, Snapshot
from tests.unit.support import (
    FAILING_AT,
    FETCHED_AT,
    RECORDS,
    FakeClock,
    FakeWall,
    FlireoStub,
    generated_records,
    wait_until,
)

MakeCache = Callable[..., InventoryCache]


def unavailable(request: httpx.Request) -> httpx.Response:
    return httpx.Response(503, json={"error": {"code": "server_error", "message": "down"}})


def unauthorized(request: httpx.Request) -> httpx.Response:
    return httpx.Response(401, json={"error": "Unauthorized", "message": "bad key"})


def test_first_snapshot_fetches_the_inventory(flireo: FlireoStub, make_cache: MakeCache) -> None:
    snapshot = make_cache(flireo).snapshot()
    assert len(snapshot.numbers) == len(RECORDS)
    assert len(snapshot.shared) == 2
    assert snapshot.fetched_at == FETCHED_AT
    assert snapshot.stale_since is None
    assert not snapshot.demo
    assert flireo.count == 1


def test_demo_cache_marks_its_snapshots_as_demo(flireo: FlireoStub, make_cache: MakeCache) -> None:
    assert make_cache(flireo, demo=True).snapshot().demo


def test_concurrent_misses_share_one_fetch(flireo: FlireoStub, make_cache: MakeCache) -> None:
    cache = make_cache(flireo)
    flireo.hold = threading.Event()
    callers = 20
    start = threading.Barrier(callers + 1, timeout=5)
    results: list[Snapshot] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def ask() -> None:
        start.wait()
        try:
            snapshot = cache.snapshot()
        except BaseException as exc:
            errors.append(exc)
            raise
        with lock:
            results.append(snapshot)

    threads = [threading.Thread(target=ask) for _ in range(callers)]
    for thread in threads:
        thread.start()
    start.wait()
    assert flireo.entered.wait(timeout=5), "no fetch started"
    flireo.hold.set()
    for thread in threads:
        thread.join(timeout=10)
    assert not errors
    assert len(results) == callers
    assert flireo.count == 1
    assert all(snapshot is results[0] for snapshot in results)


def test_within_ttl_no_fetch_happens(flireo: FlireoStub, make_cache: MakeCache, clock: FakeClock) -> None:
    cache = make_cache(flireo, ttl=60)
    first = cache.snapshot()
    clock.advance(59)
    assert cache.snapshot() is first
    assert flireo.count == 1


def test_after_ttl_the_current_snapshot_comes_at_once_and_refreshes_in_the_background(
    flireo: FlireoStub, make_cache: MakeCache, clock: FakeClock
) -> None:
    cache = make_cache(flireo, ttl=60)
    first = cache.snapshot()
    flireo.records = generated_records(13)  # a shrink of more than half would be fetched twice to confirm it
    flireo.hold = threading.Event()
    clock.advance(61)

    served = cache.snapshot()  # the held fetch would block it if this waited for Flireo
    assert served is first
    assert flireo.entered.wait(timeout=5), "no background refresh started"
    flireo.hold.set()
    wait_until(lambda: cache.health().snapshot_age_seconds == 0)

    refreshed = cache.snapshot()
    assert refreshed is not first
    assert len(refreshed.numbers) == 13
    assert flireo.count == 2


def test_repeated_asks_during_a_background_refresh_start_no_second_fetch(
    flireo: FlireoStub, make_cache: MakeCache, clock: FakeClock
) -> None:
    cache = make_cache(flireo, ttl=60)
    first = cache.snapshot()
    flireo.hold = threading.Event()
    clock.advance(61)
    assert all(cache.snapshot() is first for _ in range(5))
    assert flireo.entered.wait(timeout=5)
    flireo.hold.set()
    wait_until(lambda: cache.health().snapshot_age_seconds == 0)
    assert flireo.count == 2


def test_refresh_fetches_anew_within_ttl(flireo: FlireoStub, make_cache: MakeCache) -> None:
    cache = make_cache(flireo, ttl=60)
    first = cache.snapshot()
    flireo.records = generated_records(14)  # a shrink of more than half would be fetched twice to confirm it
    fresh = cache.snapshot(refresh=True)
    assert fresh is not first
    assert len(fresh.numbers) == 14
    assert flireo.count == 2
    assert cache.snapshot() is fresh


def test_a_failure_without_earlier_data_is_raised(flireo: FlireoStub, make_cache: MakeCache) -> None:
    flireo.failure = unauthorized
    with pytest.raises(FlireoAuthError):
        make_cache(flireo).snapshot()


def test_a_failure_is_never_cached_as_data(flireo: FlireoStub, make_cache: MakeCache) -> None:
    cache = make_cache(flireo)
    flireo.failure = unauthorized
    with pytest.raises(FlireoAuthError):
        cache.snapshot()
    flireo.failure = None
    assert len(cache.snapshot().numbers) == len(RECORDS)
    assert flireo.count == 2


def test_stale_if_error_serves_the_last_good_snapshot_marked_stale(
    flireo: FlireoStub, make_cache: MakeCache, clock: FakeClock, wall: FakeWall
) -> None:
    cache = make_cache(flireo, ttl=60, stale_max_age=3600)
    good = cache.snapshot()
    flireo.failure = unavailable
    wall.now = FAILING_AT
    clock.advance(61)

    assert cache.snapshot() is good  # served while the background refresh runs (and fails)
    wait_until(lambda: cache.health().last_error is not None)

    stale = cache.snapshot()
    assert stale.stale_since == FAILING_AT
    assert stale.stale_reason is not None
    assert "unavailable" in stale.stale_reason
    assert stale.numbers == good.numbers
    assert stale.fetched_at == FETCHED_AT
    assert good.stale_since is None  # the good snapshot itself is untouched


def test_refresh_while_failing_serves_the_last_good_snapshot_marked_stale(
    flireo: FlireoStub, make_cache: MakeCache, wall: FakeWall
) -> None:
    cache = make_cache(flireo)
    good = cache.snapshot()
    flireo.failure = unavailable
    wall.now = FAILING_AT
    stale = cache.snapshot(refresh=True)
    assert stale.stale_since == FAILING_AT
    assert stale.numbers == good.numbers


def test_beyond_stale_max_age_the_error_is_raised(flireo: FlireoStub, make_cache: MakeCache, clock: FakeClock) -> None:
    cache = make_cache(flireo, ttl=60, stale_max_age=300)
    cache.snapshot()
    flireo.failure = unavailable
    clock.advance(301)
    with pytest.raises(FlireoUnavailable):
        cache.snapshot()


def test_recovery_clears_the_stale_mark(
    flireo: FlireoStub, make_cache: MakeCache, clock: FakeClock, wall: FakeWall
) -> None:
    cache = make_cache(flireo, ttl=60)
    cache.snapshot()
    flireo.failure = unavailable
    wall.now = FAILING_AT
    assert cache.snapshot(refresh=True).stale_since is not None
    flireo.failure = None
    recovered = cache.snapshot(refresh=True)
    assert recovered.stale_since is None
    assert cache.health().last_error is None
    assert cache.health().failing_since is None


def test_health_before_any_fetch_has_no_snapshot(flireo: FlireoStub, make_cache: MakeCache) -> None:
    health = make_cache(flireo).health()
    assert health.snapshot_age_seconds is None
    assert health.snapshot_size is None
    assert health.last_error is None
    assert health.failing_since is None
    assert health.upstream_requests == 0
    assert flireo.count == 0


def test_health_reports_age_size_and_requests(flireo: FlireoStub, make_cache: MakeCache, clock: FakeClock) -> None:
    cache = make_cache(flireo)
    cache.snapshot()
    clock.advance(42)
    health = cache.health()
    assert health.snapshot_age_seconds == 42
    assert health.snapshot_size == len(RECORDS)
    assert health.upstream_requests == 1
    assert flireo.count == 1  # health itself never calls Flireo


def test_health_reports_the_last_error_and_since_when(
    flireo: FlireoStub, make_cache: MakeCache, wall: FakeWall
) -> None:
    cache = make_cache(flireo)
    cache.snapshot()
    flireo.failure = unavailable
    wall.now = FAILING_AT
    cache.snapshot(refresh=True)
    health = cache.health()
    assert health.last_error is not None
    assert "HTTP 503" in health.last_error
    assert health.failing_since == FAILING_AT
    assert health.snapshot_size == len(RECORDS)


def test_an_unexpected_fetch_failure_becomes_a_plain_flireo_error(flireo: FlireoStub, make_cache: MakeCache) -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        raise RuntimeError("a bug below the client")

    flireo.failure = broken
    cache = make_cache(flireo)
    with pytest.raises(FlireoError, match="could not be processed"):
        cache.snapshot()
    assert cache.health().last_error is not None


def test_get_says_how_each_snapshot_was_served(flireo: FlireoStub, make_cache: MakeCache, clock: FakeClock) -> None:
    cache = make_cache(flireo, ttl=60)
    assert cache.get()[1] is CacheOutcome.MISS
    assert cache.get()[1] is CacheOutcome.HIT
    flireo.hold = threading.Event()
    clock.advance(61)
    assert cache.get()[1] is CacheOutcome.STALE
    flireo.hold.set()


def test_our_own_budget_refusing_a_refresh_serves_the_data_with_a_notice_not_a_failure(
    flireo: FlireoStub, make_cache: MakeCache, clock: FakeClock
) -> None:
    cache = make_cache(flireo, budget=RequestBudget(1, clock=clock))
    good = cache.snapshot()
    served, outcome = cache.get(refresh=True)
    assert outcome is CacheOutcome.STALE
    assert served.numbers == good.numbers
    assert served.stale_since is None
    assert served.notice is not None
    assert "budget" in served.notice
    assert cache.health().last_error is None
    assert flireo.count == 1


def test_a_snapshot_builds_its_index_once_and_shares_it_when_stale(snapshot: Snapshot) -> None:
    stale = snapshot.as_stale(FAILING_AT, "down")
    assert stale.index is snapshot.index
    assert stale.stale_since == FAILING_AT
    assert snapshot.stale_since is None


def test_a_read_held_up_by_our_own_spent_budget_says_it_is_the_budget_not_flireo(
    flireo: FlireoStub, make_cache: MakeCache, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.inventory.cache.FETCH_DEADLINE_SECONDS", 0.0)
    monkeypatch.setattr("bot.inventory.cache.WAIT_MARGIN_SECONDS", 0.2)
    budget = RequestBudget(2, clock=clock)
    cache = make_cache(flireo, budget=budget)
    flireo.hold = threading.Event()
    # The read holds one request; the other went to a question a moment before: none is left this minute.
    assert budget.try_acquire(0) == 0
    try:
        with pytest.raises(FlireoError) as caught:
            cache.snapshot()
    finally:
        flireo.hold.set()
    assert str(caught.value).startswith("The bot's Flireo budget (2 requests a minute, FLIREO_MAX_REQUESTS_PER_MINUTE)")
    assert "did not answer in time" not in str(caught.value)


def test_a_read_that_is_only_slow_still_says_flireo_did_not_answer_in_time(
    flireo: FlireoStub, make_cache: MakeCache, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.inventory.cache.FETCH_DEADLINE_SECONDS", 0.0)
    monkeypatch.setattr("bot.inventory.cache.WAIT_MARGIN_SECONDS", 0.2)
    cache = make_cache(flireo, budget=RequestBudget(60, clock=clock))
    flireo.hold = threading.Event()
    try:
        with pytest.raises(FlireoError, match="Flireo did not answer in time"):
            cache.snapshot()
    finally:
        flireo.hold.set()
