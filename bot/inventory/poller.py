"""The background refresh: keeps the inventory (and so its history) current when nobody asks."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from bot.errors import FlireoError
from bot.inventory.cache import InventoryCache

log = logging.getLogger(__name__)


class Poller:
    """Every `every_seconds`, refresh the inventory unless it is already that fresh; one poller across replicas.

    `claim` says whether this replica polls this round (with Redis: the first to take a key that expires after a
    round); the fetch itself goes through the cache, so it keeps to the upstream budget and its single flight.
    """

    def __init__(self, cache: InventoryCache, every_seconds: float, claim: Callable[[], bool] = lambda: True) -> None:
        self._cache = cache
        self._every = every_seconds
        self._claim = claim
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, *, at_once: bool = True) -> None:
        """Start polling in a daemon thread, the first round at once unless `at_once` is False."""
        if self._every <= 0 or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, args=(at_once,), name="inventory-poller", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop after the current round."""
        self._stop.set()

    def poll_once(self, *, first: bool = False) -> bool:
        """One round: refresh when the snapshot is older than a round and this replica has the round; True if so.

        The first round after a start refreshes whatever the age: the snapshot may be one restored from the store.
        """
        age = self._cache.health().snapshot_age_seconds
        if not first and age is not None and age < self._every:
            return False
        if not self._claim():
            return False
        try:
            self._cache.get(refresh=True)
        except FlireoError as exc:  # already logged by the cache; the next round tries again
            log.info("background refresh did not get fresh data: %s", exc)
        return True

    def _run(self, first: bool) -> None:
        # The first round is at once: the first question after a start (a deploy, at 3 a.m.) then finds the account
        # read or being read, not a cold read of its own (issue 22: 1.34x its floor cold), and history starts as the
        # process does.
        if not first:
            self._stop.wait(self._every)
        while not self._stop.is_set():
            try:
                self.poll_once(first=first)
            except Exception:
                log.exception("background refresh failed unexpectedly")
            first = False
            self._stop.wait(self._every)
