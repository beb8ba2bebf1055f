"""A moving one-minute window that keeps our Flireo requests under budget (SPEC §5)."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

WINDOW_SECONDS = 60.0


class RequestBudget:
    """Allows `per_minute` requests in any 60-second window; a burst up to the budget goes out at once."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._sent: deque[float] = deque()
        self._lock = threading.Lock()
        self._freed = threading.Condition(self._lock)

    def _forget_old(self, now: float) -> None:
        while self._sent and now - self._sent[0] >= WINDOW_SECONDS:
            self._sent.popleft()

    def wait_seconds(self) -> float:
        """How long the next request would have to wait; 0 when it may go now."""
        with self._lock:
            now = self._clock()
            self._forget_old(now)
            if len(self._sent) < self.per_minute:
                return 0.0
            return self._sent[0] + WINDOW_SECONDS - now

    def try_acquire(self, max_wait: float) -> float:
        """Take a slot, waiting at most `max_wait` seconds; return 0 on success, else the wait still needed."""
        deadline = self._clock() + max_wait
        with self._lock:
            while True:
                now = self._clock()
                self._forget_old(now)
                if len(self._sent) < self.per_minute:
                    self._sent.append(now)
                    return 0.0
                needed = self._sent[0] + WINDOW_SECONDS - now
                if now + needed > deadline:
                    return needed
                self._freed.wait(timeout=needed)

    def used(self) -> int:
        """Requests sent in the current window."""
        with self._lock:
            self._forget_old(self._clock())
            return len(self._sent)
