"""Slack's 10 Socket Mode connections per app, shared by replicas: one Redis lease per connection slot."""

from __future__ import annotations

import hashlib
import uuid
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import redis

    from bot.inventory.coordination.link import RedisLink

# Slack: "up to 10 open WebSocket connections at the same time" per app (api.slack.com/apis/socket-mode); every
# replica's connections count against the same 10.
SLACK_MAX_CONNECTIONS = 10
# A lease outlives a few missed renewals (the watchdog renews every LEASE_RENEW_SECONDS) and a crashed replica's
# slots come free this long after its sockets died with it.
LEASE_SECONDS = 30.0
LEASE_RENEW_SECONDS = 10.0

# Renew or release only a lease that is still ours (it may have expired and gone to another replica).
_RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0"
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"


class SharedSlots:
    """Leases on Slack's connection slots in Redis; a replica opens a websocket only while it holds one.

    When Redis fails, each replica falls back to its own cap (RedisLink logs it once): Slack then answers an
    excess connection with `too_many_websockets`, which the runner also obeys.
    """

    def __init__(self, link: RedisLink, app_token: str, slots: int = SLACK_MAX_CONNECTIONS) -> None:
        self._link = link
        # Per Slack app (the app-level token); only a short hash of it reaches Redis.
        app = hashlib.sha256(app_token.encode()).hexdigest()[:16]
        self._keys = [f"numbers:socket-slot:{app}:{n}" for n in range(slots)]
        self._me = uuid.uuid4().hex
        self._ms = int(LEASE_SECONDS * 1000)

    def acquire(self) -> int | None:
        """A free slot's number, now leased to this replica; None when every slot is held."""

        def take(r: redis.Redis) -> int | None:
            for n, key in enumerate(self._keys):
                if r.set(key, self._me, nx=True, px=self._ms):
                    return n
            return None

        return self._link.call(take, lambda: -1)

    def renew(self, slot: int) -> bool:
        """Hold the slot LEASE_SECONDS longer; False when it is no longer this replica's."""
        if slot < 0:
            return True
        return bool(self._link.call(lambda r: r.eval(_RENEW, 1, self._keys[slot], self._me, self._ms), lambda: 1))

    def release(self, slot: int) -> None:
        """Give the slot back (its socket is closed); expiry covers a release that fails."""
        if slot >= 0:
            self._link.call(lambda r: r.eval(_RELEASE, 1, self._keys[slot], self._me), lambda: None)

    def held_elsewhere(self) -> int:
        """How many slots other replicas hold now (0 when Redis is down)."""

        def count(r: redis.Redis) -> int:
            return sum(1 for value in r.mget(self._keys) if value is not None and value.decode() != self._me)

        return int(self._link.call(count, lambda: 0))
