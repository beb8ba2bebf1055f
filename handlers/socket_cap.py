"""How many Socket Mode connections may be open now: the setting, one fewer per `too_many_websockets`, a lease each.

Slack allows 10 connections per app and answers more with `disconnect` `too_many_websockets`. A connection is
claimed here before its URL is fetched and released only once its socket is closed, so at most `wanted` are open
or opening at any moment, replacements included.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable

from handlers.socket_slots import SharedSlots

# After `too_many_websockets`, one connection fewer; one more is tried after this (doubling up to the max).
TOO_MANY_FIRST_BACKOFF_SECONDS = 30.0
TOO_MANY_MAX_BACKOFF_SECONDS = 600.0
# Every shared slot is held by other replicas: look for a free one this often.
LEASE_POLL_SECONDS = 5.0


class ConnectionCap:
    """Claims for connections: never more than the limit at once, plus a shared slot's lease with REDIS_URL."""

    def __init__(
        self, wanted: int, slots: SharedSlots | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.wanted = wanted
        self._slots = slots
        self._clock = clock
        self._cond = threading.Condition()
        self._holding = 0  # connections open or opening
        self._limit = wanted  # lowered by `too_many_websockets`, raised again one at a time
        self._grow_at = 0.0
        self._backoff = TOO_MANY_FIRST_BACKOFF_SECONDS
        self._standby = False  # every shared slot is held by other replicas
        self._leases: set[int] = set()  # shared slots held by claims (with or without a socket yet)
        self._stopped = False

    def claim(self) -> int | None:
        """Wait for room under the limit (and a shared slot): the lease number (-1 without Redis); None once stopped."""
        while True:
            with self._cond:
                while not self._stopped and not self._room():
                    wait = self._grow_at - self._clock() if self._limit < self.wanted else LEASE_POLL_SECONDS
                    self._cond.wait(max(0.05, wait))
                if self._stopped:
                    return None
                self._holding += 1
            lease = self._slots.acquire() if self._slots is not None else -1
            with self._cond:
                self._standby = lease is None
                if lease is not None:
                    if lease >= 0:
                        self._leases.add(lease)
                    return lease
                self._holding -= 1
                self._cond.notify_all()
                self._cond.wait(LEASE_POLL_SECONDS)  # others hold every slot: look again later

    def release(self, lease: int) -> None:
        """The claimed connection's socket is closed (or never opened)."""
        if self._slots is not None:
            self._slots.release(lease)
        with self._cond:
            self._holding -= 1
            self._leases.discard(lease)
            self._cond.notify_all()

    def held(self, lease: int) -> bool:
        """Whether a claim's shared slot is still this replica's (always, without Redis)."""
        return self._slots is None or lease < 0 or self._slots.renew(lease)

    def renew_all(self) -> set[int]:
        """Renew every shared slot held, a socket open on it or not; the ones lost (their sockets must close)."""
        if self._slots is None:
            return set()
        with self._cond:
            leases = list(self._leases)
        return {lease for lease in leases if not self._slots.renew(lease)}

    def too_many(self, others_open: int) -> tuple[int, float]:
        """Slack refused one: allow only the others, and one more after the backoff → (limit, seconds to wait)."""
        with self._cond:
            self._limit = max(0, min(self._limit, others_open))
            wait = self._backoff * random.uniform(0.8, 1.0)  # jitter, so replicas do not retry in step
            self._grow_at = self._clock() + wait
            self._backoff = min(2 * self._backoff, TOO_MANY_MAX_BACKOFF_SECONDS)
            return self._limit, wait

    def stop(self) -> None:
        """Wake every waiting claim; none succeeds afterwards."""
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    def status(self) -> dict[str, int | bool]:
        """For /healthz."""
        with self._cond:
            return {"connections_allowed_now": self._limit, "waiting_for_a_shared_slot": self._standby}

    def _room(self) -> bool:
        now = self._clock()
        if self._limit < self.wanted and now >= self._grow_at:
            self._limit += 1  # try one more connection since `too_many_websockets`
            self._grow_at = now + self._backoff
        return self._holding < self._limit
