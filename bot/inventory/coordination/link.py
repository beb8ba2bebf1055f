"""The Redis link replicas share state through, with a breaker: each piece falls back to its in-process twin."""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import redis
    from limits.strategies import MovingWindowRateLimiter

log = logging.getLogger(__name__)

T = TypeVar("T")

# Redis on the same network answers in well under a millisecond; a slow one must not slow every answer.
SOCKET_TIMEOUT_SECONDS = 0.5
# After a failure, go straight to the in-process fallback for this long before trying Redis again.
RETRY_AFTER_FAILURE_SECONDS = 5.0
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


def moving_window(url: str, key_prefix: str) -> MovingWindowRateLimiter:
    """A `limits` moving-window limiter kept in Redis (imported on first use, like redis)."""
    from limits.storage import RedisStorage
    from limits.strategies import MovingWindowRateLimiter

    return MovingWindowRateLimiter(RedisStorage(url, key_prefix=key_prefix, socket_timeout=SOCKET_TIMEOUT_SECONDS))


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
