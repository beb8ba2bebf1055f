"""Purchasable numbers and orders: fetched on demand and cached briefly per question (SPEC §2 extras)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from cachetools import TTLCache

from bot.errors import FlireoUnavailable
from bot.flireo.client import FlireoClient
from bot.flireo.models import BuyableNumber, Order
from bot.i18n.translator import Text
from bot.inventory.snapshot import utc_now

# Offers and orders change more slowly than people re-ask during an incident; a minute is fresh enough.
CATALOG_TTL_SECONDS = 60.0
CATALOG_MAX_KEYS = 256
# Questions about offers and orders waiting on Flireo at once (#19): past this many, a question is told at once
# that Flireo is slow there, rather than hold one of the threads that answer everyone else's questions.
MAX_WAITING = 8

Item = TypeVar("Item")


@dataclass(frozen=True)
class Fetched(Generic[Item]):
    """Items from one Flireo call, with when they were fetched."""

    items: tuple[Item, ...]
    fetched_at: datetime
    demo: bool = False


class Catalog:
    """Brief per-question caches in front of the purchasable-numbers and orders endpoints."""

    def __init__(
        self,
        client: FlireoClient,
        *,
        demo: bool = False,
        ttl_seconds: float = CATALOG_TTL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self._client = client
        self._demo = demo
        self._now = now
        self._cache: TTLCache[tuple[str, ...], Fetched[object]] = TTLCache(CATALOG_MAX_KEYS, ttl_seconds, timer=clock)
        self._lock = threading.Lock()
        # One fetch per question at a time: concurrent misses of the same key share it.
        self._inflight: dict[tuple[str, ...], Future[Fetched[object]]] = {}
        self._waiting = threading.BoundedSemaphore(MAX_WAITING)

    def buyable(self, number_type: str, pattern: str | None, refresh: bool = False) -> Fetched[BuyableNumber]:
        """Purchasable numbers of a type (national or mobile), optionally containing a digit pattern."""
        key = ("buyable", number_type, pattern or "")
        return self._cached(key, lambda: self._client.fetch_buyable(number_type, pattern), refresh)  # type: ignore[return-value]

    def orders(self, status: str | None, refresh: bool = False) -> Fetched[Order]:
        """Phone-number orders, optionally of one status."""
        key = ("orders", status or "")
        return self._cached(key, lambda: self._client.fetch_orders(status), refresh)  # type: ignore[return-value]

    def _cached(self, key: tuple[str, ...], fetch: Callable[[], tuple[object, ...]], refresh: bool) -> Fetched[object]:
        with self._lock:
            hit = None if refresh else self._cache.get(key)
        if hit is not None:
            return hit
        if not self._waiting.acquire(blocking=False):
            raise FlireoUnavailable(
                Text(
                    "Flireo is slow to answer about offers and orders ({count} questions are waiting for it); "
                    "try again in a minute.",
                    count=MAX_WAITING,
                )
            )
        try:
            return self._shared_fetch(key, fetch)
        finally:
            self._waiting.release()

    def _shared_fetch(self, key: tuple[str, ...], fetch: Callable[[], tuple[object, ...]]) -> Fetched[object]:
        """Fetch `key`, or wait for the fetch of it already under way (single flight)."""
        with self._lock:
            pending = self._inflight.get(key)
            mine = pending is None
            if pending is None:
                pending = self._inflight[key] = Future()
        if not mine:
            return pending.result()  # the fetch has its own deadline
        try:
            fetched: Fetched[object] = Fetched(fetch(), self._now(), self._demo)
        except BaseException as exc:
            pending.set_exception(exc)
            raise
        else:
            pending.set_result(fetched)
            with self._lock:
                self._cache[key] = fetched
            return fetched
        finally:
            with self._lock:
                self._inflight.pop(key, None)
