"""Fixtures that build real objects: snapshots from lists of dicts, Flireo clients on `httpx.MockTransport`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from bot.flireo.budget import RequestBudget
from bot.inventory.cache import InventoryCache
from bot.inventory.snapshot import Snapshot
from tests.unit.support import RECORDS, SHARED, FakeClock, FakeWall, FlireoStub, client_on, make_snapshot


@pytest.fixture
def snapshot() -> Snapshot:
    """The hand-written account as a fresh snapshot."""
    return make_snapshot()


@pytest.fixture
def clock() -> FakeClock:
    """A monotonic clock moved by hand."""
    return FakeClock()


@pytest.fixture
def wall() -> FakeWall:
    """A UTC wall clock set by hand."""
    return FakeWall()


@pytest.fixture
def sleeps() -> list[float]:
    """What the client under test asked to sleep, in order."""
    return []


@pytest.fixture
def flireo() -> FlireoStub:
    """A Flireo stub serving the hand-written account and its shared numbers."""
    return FlireoStub(list(RECORDS), list(SHARED))


@pytest.fixture
def make_cache(clock: FakeClock, wall: FakeWall) -> Iterator[Callable[..., InventoryCache]]:
    """Builds InventoryCaches on a stub with the fake clocks, and stops their fetch threads afterwards."""
    caches: list[InventoryCache] = []

    def build(
        stub: FlireoStub,
        *,
        ttl: float = 60,
        stale_max_age: float = 3600,
        budget: RequestBudget | None = None,
        **options: Any,
    ) -> InventoryCache:
        client = client_on(stub, budget=budget)
        cache = InventoryCache(
            client, ttl_seconds=ttl, stale_max_age_seconds=stale_max_age, clock=clock, now=wall, **options
        )
        caches.append(cache)
        return cache

    yield build
    for cache in caches:
        cache.close()
