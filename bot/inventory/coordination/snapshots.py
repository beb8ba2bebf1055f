"""The inventory snapshot shared by replicas in Redis, and the lock that lets one of them fetch at a time."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.inventory.coordination.link import RedisLink
from bot.inventory.snapshot import SnapshotRecord

if TYPE_CHECKING:
    import redis

log = logging.getLogger(__name__)

# Longer than a whole fetch may take (bot.flireo.client.FETCH_DEADLINE_SECONDS), so a live holder keeps it, and short
# enough that a crashed holder cannot wedge the others for long.
FETCH_LOCK_SECONDS = 20.0


class SharedSnapshots:
    """The inventory snapshot in Redis, with a version key to check cheaply and a fetch lock with expiry."""

    def __init__(self, link: RedisLink, prefix: str, keep_seconds: float) -> None:
        self._link = link
        self._data_key = f"{prefix}snapshot"
        self._version_key = f"{prefix}snapshot:version"
        self._lock_key = f"{prefix}fetch-lock"
        self._keep_ms = max(1000, int(keep_seconds * 1000))

    def version(self) -> str | None:
        """The shared snapshot's version (its fetch time), or None when there is none or Redis is down."""
        raw = self._link.call(lambda r: r.get(self._version_key), lambda: None)
        return raw.decode() if isinstance(raw, bytes) else None

    def load(self) -> tuple[SnapshotRecord, str] | None:
        """The shared snapshot and its version, or None."""

        def read(r: redis.Redis) -> tuple[Any, Any]:
            pipe = r.pipeline(transaction=True)
            pipe.get(self._data_key)
            pipe.get(self._version_key)
            data, version = pipe.execute()
            return data, version

        data, version = self._link.call(read, lambda: (None, None))
        if not data or not version:
            return None
        try:
            return SnapshotRecord.model_validate_json(data), version.decode()
        except ValueError:
            log.warning("ignored an unreadable shared snapshot in Redis")
            return None

    def save(self, record: SnapshotRecord) -> str:
        """Publish a snapshot for the other replicas; returns its version."""
        # The rounds of one progressive read share its start time: how far each got tells them apart.
        version = record.fetched_at.isoformat() + (f"+{record.partial.read}" if record.partial is not None else "")

        def write(r: redis.Redis) -> None:
            pipe = r.pipeline(transaction=True)
            pipe.set(self._data_key, record.model_dump_json(exclude_defaults=True), px=self._keep_ms)
            pipe.set(self._version_key, version, px=self._keep_ms)
            pipe.execute()

        self._link.call(write, lambda: None)
        return version

    def try_lock(self) -> Any | None:
        """The fetch lock if this replica got it, a stand-in when Redis is down, or None when another holds it."""

        def acquire(r: redis.Redis) -> Any | None:
            lock = r.lock(self._lock_key, timeout=FETCH_LOCK_SECONDS, blocking=False, thread_local=False)
            return lock if lock.acquire(blocking=False) else None

        return self._link.call(acquire, lambda: _NO_LOCK)

    def fetch_in_progress(self) -> bool:
        """True while some replica holds the fetch lock (False when Redis is down: nobody to wait for)."""
        return bool(self._link.call(lambda r: r.exists(self._lock_key), lambda: False))

    def renew(self, lock: Any) -> bool:
        """Hold the fetch lock FETCH_LOCK_SECONDS longer (a progressive read takes minutes); False if it was lost."""
        return lock is _NO_LOCK or bool(self._link.call(lambda r: _lock_kept(lock.reacquire), lambda: True))

    def release(self, lock: Any) -> None:
        """Release the fetch lock (expiry covers a release that fails, and one already expired is no failure)."""
        if lock is not _NO_LOCK:
            self._link.call(lambda r: _lock_kept(lock.release), lambda: None)


def _lock_kept(action: Callable[[], object]) -> bool:
    """Run a lock operation; False when the lock is no longer ours (it expired), which is not Redis failing."""
    from redis.exceptions import LockError

    try:
        action()
    except LockError:
        return False
    return True


# Stands for "no Redis: fetch alone", so callers need no second code path.
_NO_LOCK = object()
