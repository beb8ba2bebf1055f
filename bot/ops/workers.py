"""Worker threads fed from bounded per-key queues: one key's backlog never holds every thread, a full queue drops
(with a log line) instead of blocking its caller, and a job due later waits in a queue, never in a thread."""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

Job = Callable[[], None]

# A flood of dropped jobs is one log line a second, with the count of the others.
DROP_LOG_SECONDS = 1.0


@dataclass(frozen=True)
class Limits:
    """How many threads run, how many jobs may wait (in all and per key), how many threads one key may hold."""

    threads: int
    queued: int
    queued_per_key: int
    running_per_key: int


@dataclass(order=True)
class _Later:
    due: float
    seq: int
    key: str = field(compare=False)
    job: Job = field(compare=False)


class FairWorkers:
    """Runs jobs on a fixed set of threads, taking the keys (users, channels) in turn.

    `submit` never blocks: it queues the job or, when the queue (or the key's share of it) is full, drops it and
    says so in the log. A job submitted with a delay (a retry after Slack's Retry-After) waits in a heap, so the
    threads keep serving everyone else meanwhile.
    """

    def __init__(self, name: str, limits: Limits) -> None:
        self.name = name
        self.limits = limits
        self._cond = threading.Condition()
        self._ready: OrderedDict[str, deque[Job]] = OrderedDict()
        self._later: list[_Later] = []
        self._queued: dict[str, int] = {}
        self._running: dict[str, int] = {}
        self._seq = itertools.count()
        self._stopped = False
        self._dropped = 0
        self._dropped_logged_at = 0.0
        self._started = False  # threads start with the first job: `ask` and the console never need them

    def submit(self, key: str, job: Job, *, delay: float = 0.0) -> bool:
        """Queue `job` under `key`, to run `delay` seconds from now at the earliest; False when it was dropped."""
        with self._cond:
            if self._stopped:  # shutting down: nothing new starts
                return False
            total = sum(self._queued.values())
            if total >= self.limits.queued or self._queued.get(key, 0) >= self.limits.queued_per_key:
                self._note_drop(key)
                return False
            self._queued[key] = self._queued.get(key, 0) + 1
            if not self._started:
                self._start_threads()
            if delay > 0:
                heapq.heappush(self._later, _Later(time.monotonic() + delay, next(self._seq), key, job))
            else:
                self._ready.setdefault(key, deque()).append(job)
            self._cond.notify()
            return True

    def start(self) -> None:
        """Start the threads now rather than on the first job (the Slack modes, while they start up); once."""
        with self._cond:
            if not self._started and not self._stopped:
                self._start_threads()

    def queued(self) -> int:
        """Jobs waiting (ready or due later)."""
        with self._cond:
            return sum(self._queued.values())

    def stop(self) -> None:
        """Stop taking jobs; the threads end after the job they are running."""
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    def _start_threads(self) -> None:
        self._started = True
        for i in range(self.limits.threads):
            threading.Thread(target=self._work, name=f"{self.name}-{i}", daemon=True).start()

    def _note_drop(self, key: str) -> None:
        self._dropped += 1
        now = time.monotonic()
        if now - self._dropped_logged_at >= DROP_LOG_SECONDS:
            log.warning(
                "%s: queue full, dropped %d job(s) (the latest for %s)", self.name, self._dropped, key[:40] or "-"
            )
            self._dropped, self._dropped_logged_at = 0, now

    def _work(self) -> None:
        while True:
            with self._cond:
                taken = self._take()
                while taken is None:
                    if self._stopped:
                        return
                    self._cond.wait(self._wait_seconds())
                    taken = self._take()
                key, job = taken
            try:
                job()
            except Exception:
                log.exception("%s: a job failed unexpectedly", self.name)
            finally:
                with self._cond:
                    self._running[key] -= 1
                    if not self._running[key]:
                        del self._running[key]
                    self._cond.notify()

    def _take(self) -> tuple[str, Job] | None:
        """The next job, taking keys in turn and skipping a key that holds its share of threads (lock held)."""
        now = time.monotonic()
        while self._later and self._later[0].due <= now:
            later = heapq.heappop(self._later)
            self._ready.setdefault(later.key, deque()).append(later.job)
        for key, jobs in self._ready.items():
            if self._running.get(key, 0) >= self.limits.running_per_key:
                continue
            job = jobs.popleft()
            if jobs:
                self._ready.move_to_end(key)  # round robin: this key goes behind the others
            else:
                del self._ready[key]
            self._queued[key] -= 1
            if not self._queued[key]:
                del self._queued[key]
            self._running[key] = self._running.get(key, 0) + 1
            return key, job
        return None

    def _wait_seconds(self) -> float | None:
        """How long a thread may sleep before a delayed job is due (lock held); None: until notified."""
        if not self._later:
            return None
        return max(0.0, self._later[0].due - time.monotonic())
