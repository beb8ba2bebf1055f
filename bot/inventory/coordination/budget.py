"""`FLIREO_MAX_REQUESTS_PER_MINUTE` and Flireo's rate-limit headers, shared by all replicas through Redis."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from bot.flireo.budget import WINDOW_SECONDS, RequestBudget, UpstreamLimit
from bot.inventory.coordination.link import RedisLink, moving_window

if TYPE_CHECKING:
    import redis

# How often a replica waiting for the shared request budget looks again.
WAIT_POLL_SECONDS = 0.05

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
