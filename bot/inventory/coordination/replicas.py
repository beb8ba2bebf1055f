"""State shared by replicas through Redis, each piece falling back to its in-process twin when Redis fails."""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from bot.flireo.budget import WINDOW_SECONDS, RequestBudget, UpstreamLimit
from bot.inventory.snapshot import SnapshotRecord
from bot.ops.guards import SEEN_EVENT_TTL_SECONDS, SeenEvents, UserRateLimit

if TYPE_CHECKING:
    import redis
    from limits.strategies import MovingWindowRateLimiter

log = logging.getLogger(__name__)

T = TypeVar("T")

# Redis on the same network answers in well under a millisecond; a slow one must not slow every answer.
SOCKET_TIMEOUT_SECONDS = 0.5
# After a failure, go straight to the in-process fallback for this long before trying Redis again.
RETRY_AFTER_FAILURE_SECONDS = 5.0
# Longer than a whole fetch may take (bot.flireo.client.FETCH_DEADLINE_SECONDS), so a live holder keeps it, and short
# enough that a crashed holder cannot wedge the others for long.
FETCH_LOCK_SECONDS = 20.0
# How often a replica waiting for the shared request budget looks again.
WAIT_POLL_SECONDS = 0.05
# A key every replica puts in Redis and looks for again: gone (or another one in its place) means Redis forgot
# everything since (FLUSHALL, a restart without persistence, a failover to an empty replica). One for every account
# on this Redis: it says what happened to Redis, not to one account's keys.
MEMORY_KEY = "numbers:memory"
FORGOT_NOTE = (
    "Redis came back empty (flushed, or restarted without persistence): the shared snapshot, request budget and locks "
    "start again; history and watches are in the database, untouched"
)


class RedisLink:
    """One Redis client with a breaker: a failure is logged once, Redis is skipped for a while, then retried."""

    def __init__(self, url: str, clock: Callable[[], float] = time.monotonic) -> None:
        # Imported here: redis and limits take ~0.15 s to import, which a bot without REDIS_URL need not pay.
        import redis

        self._failures = (redis.RedisError, OSError)
        self.url = url
        self.client = redis.Redis.from_url(
            url, socket_timeout=SOCKET_TIMEOUT_SECONDS, socket_connect_timeout=SOCKET_TIMEOUT_SECONDS
        )
        self._clock = clock
        self._lock = threading.Lock()
        self._retry_at = 0.0
        self.down_since: datetime | None = None
        self.last_error: str | None = None
        self.emptied_at: datetime | None = None  # when this replica last found Redis had forgotten everything
        self._memory: bytes | None = None  # the MEMORY_KEY value this replica saw last

    def call(self, action: Callable[[redis.Redis], T], fallback: Callable[[], T]) -> T:
        """Run `action` on Redis, or `fallback` when Redis is failing (users never see a Redis error)."""
        if self.down_since is not None and self._clock() < self._retry_at:
            return fallback()
        try:
            result = action(self.client)
        except self._failures as exc:
            self._failed(exc)
            return fallback()
        if self.down_since is not None:
            self._recovered()
        return result

    def check_memory(self) -> None:
        """Notice when Redis has forgotten what the replicas put in it (said on /healthz and in the log)."""

        def look(r: redis.Redis) -> bytes | None:
            r.set(MEMORY_KEY, f"{datetime.now().astimezone().isoformat()} {secrets.token_hex(4)}", nx=True)
            value = r.get(MEMORY_KEY)
            return value if isinstance(value, bytes) else None

        seen = self.call(look, lambda: None)
        if seen is None:
            return
        with self._lock:
            if self._memory is not None and seen != self._memory:
                self.emptied_at = datetime.now().astimezone()
                log.warning("%s", FORGOT_NOTE)
            self._memory = seen

    def status(self) -> dict[str, Any]:
        """For /healthz: whether Redis is in use, since when it has not been, and when it last forgot everything."""
        forgot = {}
        if self.emptied_at is not None:
            forgot = {"redis_emptied_at": self.emptied_at.isoformat(), "redis_note": FORGOT_NOTE}
        if self.down_since is None:
            return {"redis": "ok", **forgot}
        down = {"redis_down_since": self.down_since.isoformat(), "redis_error": self.last_error}
        return {"redis": "unavailable", **down, **forgot}

    def _failed(self, exc: Exception) -> None:
        with self._lock:
            self._retry_at = self._clock() + RETRY_AFTER_FAILURE_SECONDS
            self.last_error = type(exc).__name__
            if self.down_since is None:
                self.down_since = datetime.now().astimezone()
                log.warning("Redis unavailable (%s): using in-process state until it is back", self.last_error)

    def _recovered(self) -> None:
        with self._lock:
            if self.down_since is not None:
                log.info("Redis is back: sharing state with the other replicas again")
                self.down_since, self.last_error = None, None


def key_prefix(flireo_api_url: str | None, flireo_api_key: str | None) -> str:
    """A prefix per Flireo account (URL and key), so bots for different accounts can share one Redis safely.

    Only a short hash of the key is used: the key itself never reaches Redis.
    """
    account = f"{flireo_api_url or 'demo'}\n{flireo_api_key or ''}"
    return f"numbers:{hashlib.sha256(account.encode()).hexdigest()[:16]}:"


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


def moving_window(url: str, key_prefix: str) -> MovingWindowRateLimiter:
    """A `limits` moving-window limiter kept in Redis (imported on first use, like redis)."""
    from limits.storage import RedisStorage
    from limits.strategies import MovingWindowRateLimiter

    return MovingWindowRateLimiter(RedisStorage(url, key_prefix=key_prefix, socket_timeout=SOCKET_TIMEOUT_SECONDS))


# One request less of what Flireo's headers left, in one step and only while their word holds (the key expires
# at their reset time, and must not be brought back by the decrement).
_SPEND_UPSTREAM = """
if tonumber(redis.call('hget', KEYS[1], 'remaining') or '0') > 0 then
    return redis.call('hincrby', KEYS[1], 'remaining', -1)
end
return 0
"""


class SharedRequestBudget(RequestBudget):
    """`FLIREO_MAX_REQUESTS_PER_MINUTE` for all replicas together, as a moving window in Redis (`limits`)."""

    def __init__(self, link: RedisLink, per_minute: int, prefix: str, window_seconds: float = WINDOW_SECONDS) -> None:
        from limits import RateLimitItemPerSecond

        super().__init__(per_minute, window_seconds=window_seconds)
        self._link = link
        self._limiter = moving_window(link.url, f"{prefix}limits")
        self._item = RateLimitItemPerSecond(per_minute, max(1, round(window_seconds)))
        self._upstream_key = f"{prefix}flireo-rate-limit"

    def try_acquire(self, max_wait: float) -> float:
        """Take a slot in the shared window, waiting up to `max_wait`; 0 on success, else the wait still needed."""
        deadline = time.monotonic() + max_wait
        while True:
            needed = self._link.call(lambda r: self._shared_attempt(), lambda: None)
            if needed is None:  # Redis is down: this replica keeps its own window
                return super().try_acquire(max(0.0, deadline - time.monotonic()))
            if needed == 0 or time.monotonic() + needed > deadline:
                return needed
            time.sleep(min(needed, WAIT_POLL_SECONDS * 4))

    def used(self) -> int:
        """Requests all replicas sent in the current window (more when Flireo says the key has less left)."""

        def shared_used(r: redis.Redis) -> int:
            ours = self.per_minute - self._limiter.get_window_stats(self._item, "flireo").remaining
            upstream = self.upstream_limit(self._clock())
            return max(ours, self.per_minute - upstream.remaining if upstream is not None else 0)

        return self._link.call(shared_used, super().used)

    def _shared_attempt(self) -> float:
        theirs = self.upstream_wait(self._clock())  # Flireo's headers, as any replica last saw them
        if theirs:
            return theirs
        if self._limiter.hit(self._item, "flireo"):
            self._spend_upstream()
            return 0.0
        return max(0.01, self._limiter.get_window_stats(self._item, "flireo").reset_time - time.time())

    # Flireo's rate-limit headers, kept in Redis as Unix times so every replica obeys what any one of them saw.

    def upstream_limit(self, now: float) -> UpstreamLimit | None:
        """The headers' last word in Redis (this replica's own when Redis is down)."""

        def shared(r: redis.Redis) -> UpstreamLimit | None:
            fields = r.hgetall(self._upstream_key)
            try:
                remaining, reset_unix = int(fields[b"remaining"]), float(fields[b"reset"])
                limit = int(fields[b"limit"]) if fields.get(b"limit") else None
            except (KeyError, ValueError):
                return None
            reset_at = now + reset_unix - self._unix()
            confirmed = fields.get(b"confirmed", b"1") == b"1"
            return UpstreamLimit(limit, remaining, reset_at, confirmed) if reset_at > now else None

        return self._link.call(shared, lambda: super(SharedRequestBudget, self).upstream_limit(now))

    def _set_upstream(self, upstream: UpstreamLimit) -> None:
        super()._set_upstream(upstream)
        reset_unix = self._unix() + upstream.reset_at - self._clock()
        fields = {
            "remaining": upstream.remaining,
            "reset": f"{reset_unix:.3f}",
            "limit": upstream.limit or "",
            "confirmed": int(upstream.confirmed),
        }

        def write(r: redis.Redis) -> None:
            pipe = r.pipeline(transaction=True)
            pipe.hset(self._upstream_key, mapping=fields)
            pipe.pexpireat(self._upstream_key, int(reset_unix * 1000) + 1)
            pipe.execute()

        self._link.call(write, lambda: None)

    def _spend_upstream(self) -> None:
        super()._spend_upstream()

        self._link.call(lambda r: r.eval(_SPEND_UPSTREAM, 1, self._upstream_key), lambda: None)


class SharedSeenEvents(SeenEvents):
    """Event ids seen by any replica, so a retry delivered to another replica is answered once."""

    def __init__(self, link: RedisLink, prefix: str) -> None:
        super().__init__()
        self._link = link
        self._prefix = f"{prefix}event:"

    def first_time(self, event_id: str) -> bool:
        """True the first time any replica sees this id."""
        key = self._prefix + event_id[:100]
        shared = self._link.call(lambda r: bool(r.set(key, 1, nx=True, ex=SEEN_EVENT_TTL_SECONDS)), lambda: None)
        local = super().first_time(event_id)  # remembered here too, for when Redis goes away
        return local if shared is None else shared


class SharedUserRateLimit(UserRateLimit):
    """The per-user question limit across all replicas."""

    def __init__(self, link: RedisLink, limit: int, window_seconds: float, prefix: str) -> None:
        super().__init__(limit, window_seconds)
        self._link = link
        from limits import RateLimitItemPerSecond

        self._limiter = moving_window(link.url, f"{prefix}users")
        self._item = RateLimitItemPerSecond(max(1, limit), max(1, round(window_seconds)))

    def wait_seconds(self, user_id: str) -> float:
        """0 when the user may ask now (counted across replicas), else how long until they may."""
        if self.limit <= 0:
            return 0.0

        def shared_wait(r: redis.Redis) -> float:
            if self._limiter.hit(self._item, user_id):
                return 0.0
            return max(0.01, self._limiter.get_window_stats(self._item, user_id).reset_time - time.time())

        return self._link.call(shared_wait, lambda: super(SharedUserRateLimit, self).wait_seconds(user_id))


def poll_claim(link: RedisLink | None, prefix: str, every_seconds: float) -> Callable[[], bool]:
    """Whether this replica runs this round of the background refresh: the first to claim it (one poller in all)."""
    if link is None:
        return lambda: True
    key = f"{prefix}poll-round"
    # A little shorter than a round, so the replica that polled last can claim the next round on time.
    hold_ms = max(100, int(every_seconds * 900))

    def claim() -> bool:
        link.check_memory()  # each round: a Redis that forgot is noticed (and logged) even when nobody asks /healthz
        return bool(link.call(lambda r: r.set(key, 1, nx=True, px=hold_ms), lambda: True))

    return claim
