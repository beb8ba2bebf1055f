"""Slack's event retries and the per-user question limit, counted across replicas through Redis."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from bot.inventory.coordination.link import RedisLink, moving_window
from bot.ops.guards import SEEN_EVENT_TTL_SECONDS, SeenEvents, UserRateLimit

if TYPE_CHECKING:
    import redis


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
