"""The stored reading as a fallback when Flireo cannot be read and nothing is cached (a fresh `ask`, the console)."""

from __future__ import annotations

import logging

from bot.errors import FlireoError
from bot.inventory.cache import InventoryCache
from bot.inventory.history import HistoryStore
from bot.inventory.snapshot import CacheOutcome, Snapshot

log = logging.getLogger(__name__)


def snapshot_or_stored(
    cache: InventoryCache, history: HistoryStore | None, *, refresh: bool = False
) -> tuple[Snapshot, CacheOutcome]:
    """The cache's snapshot; when Flireo fails and the cache has none, the history store's last reading, stale.

    The Slack modes seed the cache from the store at start-up (HistoryRecorder.restore); `ask` and the console
    start cold, so without this they said "Flireo is unavailable" where Slack answered from the same store.
    """
    try:
        return cache.get(refresh=refresh)
    except FlireoError:
        record = history.last_snapshot() if history is not None else None
        if record is None:
            raise
        log.info("Flireo failed: answering from the reading stored at %s", record.fetched_at.isoformat())
        cache.seed(record.snapshot())
        return cache.get()  # the seeded reading, marked stale since the failure (or the error once it is too old)
