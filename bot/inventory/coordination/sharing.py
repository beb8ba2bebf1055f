"""The cache's side of sharing snapshots between replicas: adopt what another published, fetch under the lock,
wait for another replica's fetch, publish our own (bot/inventory/cache.py mixes it in)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING

from bot.errors import FlireoError, FlireoUnavailable
from bot.flireo.client import FETCH_DEADLINE_SECONDS
from bot.i18n.translator import Text
from bot.inventory.coordination.snapshots import FETCH_LOCK_SECONDS, SharedSnapshots
from bot.inventory.progressive import AccountReader
from bot.inventory.snapshot import Progress, Snapshot, SnapshotRecord

log = logging.getLogger(__name__)

# How often a replica waiting on another's fetch looks for the snapshot it will publish.
SHARED_POLL_SECONDS = 0.05


class ReplicaSharing:
    """Snapshots shared through Redis, for InventoryCache: one replica fetches, the others adopt what it publishes."""

    # Kept by the cache this is mixed into.
    _shared: SharedSnapshots | None
    _shared_version: str | None
    _adopting: threading.Lock
    _lock: threading.Lock
    _last_good: Snapshot | None
    _progress: Progress | None
    _inflight: Future[Snapshot] | None
    _read_seconds: float
    _clock: Callable[[], float]
    _reader: AccountReader

    if TYPE_CHECKING:

        def _install(self, snapshot: Snapshot, version: str | None) -> None: ...
        def _usable_last_good(self) -> Snapshot | None: ...
        def _marked(self, snapshot: Snapshot) -> Snapshot: ...
        def _fetch_from_flireo(self) -> Snapshot: ...
        def _record_failure(self, error: FlireoError) -> None: ...

    def _adopt_shared(self) -> None:
        """Take a newer snapshot another replica published, if there is one (one thread loads it)."""
        assert self._shared is not None
        version = self._shared.version()
        if version is None or version == self._shared_version or not self._adopting.acquire(blocking=False):
            return
        try:
            self._adopt()
        finally:
            self._adopting.release()

    def _follow_shared(self) -> None:
        """Adopt what another replica's read published since its round we show (for /healthz, the poller's check).

        Nothing else looks at Redis until a question comes: a replica that answered from another's round of a
        1,200-number read showed "partial: 991 of 1,200" for good, long after that read ended (test_replicas).
        """
        if self._shared is None:
            return
        with self._lock:
            theirs = self._progress is None and self._last_good is not None and self._last_good.partial is not None
        if theirs:
            self._adopt_shared()

    def _adopt(self) -> Snapshot | None:
        """Load the shared snapshot and install it when it is newer than ours; returns it when installed."""
        assert self._shared is not None
        loaded = self._shared.load()
        if loaded is None:
            return None
        record, version = loaded
        with self._lock:
            current = self._last_good
            # A whole snapshot keeps answering until the new read is whole: another replica's round never replaces it.
            if current is not None and (record.order <= current.order or (record.partial and not current.partial)):
                self._shared_version = version
                return None
        snapshot = record.snapshot()
        _ = snapshot.index
        with self._lock:
            self._install(snapshot, version)
            if snapshot.partial is None:
                self._read_seconds = record.read_seconds
        read = f" ({snapshot.partial.words()})" if snapshot.partial is not None else ""
        log.info("adopted the inventory another replica fetched at %s%s", record.fetched_at.strftime("%H:%M:%S"), read)
        return snapshot

    def _fetch(self) -> Snapshot:
        if self._shared is None:
            return self._fetch_from_flireo()
        with self._lock:
            current = self._last_good
        lock = self._shared.try_lock()
        if lock is None:  # another replica is fetching: use what it publishes
            return self._await_other_replica(current)
        held = threading.Event()
        keeper = threading.Thread(target=self._keep_lock, args=(lock, held), name="fetch-lock", daemon=True)
        keeper.start()
        try:
            return self._newer_than(current) or self._fetch_from_flireo()  # published while we got the lock?
        finally:
            held.set()
            self._shared.release(lock)

    def _keep_lock(self, lock: object, done: threading.Event) -> None:
        """Renew the fetch lock until the read ends (a progressive read takes minutes; a second reader halves both)."""
        assert self._shared is not None
        while not done.wait(FETCH_LOCK_SECONDS / 4):
            if not self._shared.renew(lock) and not done.is_set():  # released meanwhile: the read is over
                log.warning("the fetch lock expired during a read; another replica may read the account too")
                return

    def _newer_than(self, current: Snapshot | None) -> Snapshot | None:
        """The snapshot installed since `current` was (adopting one from Redis if need be), or None.

        Compared by identity, not by Redis version: a version this replica looked at and passed over (a partial
        round, while it holds a whole snapshot) is no newer data.
        """
        assert self._shared is not None
        if self._shared.version() not in (None, self._shared_version):
            self._adopt()
        with self._lock:
            if self._last_good is None or self._last_good is current:
                return None
            self._inflight = None
            return self._last_good

    def _await_other_replica(self, current: Snapshot | None) -> Snapshot:
        """What another replica's fetch publishes; at the deadline, our own data if its read goes on (minutes)."""
        assert self._shared is not None
        deadline = self._clock() + FETCH_DEADLINE_SECONDS
        holder_done = False
        while self._clock() < deadline and not holder_done:
            holder_done = not self._shared.fetch_in_progress()  # read before the version, so a last publish is seen
            if (newer := self._newer_than(current)) is not None:
                return newer
            if not holder_done:
                time.sleep(SHARED_POLL_SECONDS)
        with self._lock:
            usable = self._usable_last_good()
        if not holder_done and usable is not None:
            return self._marked(usable)  # a long read elsewhere (its rounds arrive as they come); nothing failed
        error = FlireoUnavailable(Text("Flireo did not give us fresh data just now; try again in a minute."))
        self._record_failure(error)
        raise error

    def _publish(self, snapshot: Snapshot) -> str | None:
        """Share a snapshot this replica fetched with the others."""
        if self._shared is None:
            return None
        record = SnapshotRecord.of(snapshot, read_seconds=self._reader.read_seconds if snapshot.partial is None else 0)
        return self._shared.save(record)
