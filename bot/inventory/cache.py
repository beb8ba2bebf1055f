"""The in-process inventory cache: TTL, single flight, stale-while-revalidate and stale-if-error (SPEC §5)."""

from __future__ import annotations

import contextlib
import logging
import math
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, InvalidStateError, ThreadPoolExecutor
from datetime import datetime

from cachetools import TLRUCache

from bot.errors import FlireoError, FlireoRateLimited, reason_of
from bot.flireo.client import FETCH_DEADLINE_SECONDS, FlireoClient
from bot.flireo.listing import Inventory
from bot.flireo.models import PhoneNumber
from bot.i18n.translator import Count, Text
from bot.inventory.coordination.sharing import ReplicaSharing
from bot.inventory.coordination.snapshots import SharedSnapshots
from bot.inventory.progressive import AccountReader
from bot.inventory.shrink import SHRINK_RECHECK_SECONDS, ShrinkCheck, ShrinkUnconfirmed
from bot.inventory.snapshot import CacheHealth, CacheOutcome, Progress, Snapshot, utc_now

log = logging.getLogger(__name__)

_KEY = "inventory"
# A waiter gives up a little after the fetch's own deadline, so a wedged fetch cannot hold it forever.
WAIT_MARGIN_SECONDS = 3.0
# A question answered from the last good data starts a fetch in the background, but not within this long of a
# failed one: a failing Flireo is not asked again for every question, and `ask` answering from the stored reading
# right after a failure does not wait for a second fetch's whole deadline before it can exit (26 s seen).
RETRY_AFTER_FAILURE_SECONDS = 5.0


class InventoryCache(ReplicaSharing):
    """Serves snapshots of the inventory; concurrent misses share one fetch."""

    def __init__(
        self,
        client: FlireoClient,
        *,
        ttl_seconds: float,
        stale_max_age_seconds: float,
        demo: bool = False,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = utc_now,
        shared: SharedSnapshots | None = None,
        on_install: Callable[[Snapshot], None] | None = None,
        shrink_recheck_seconds: float = SHRINK_RECHECK_SECONDS,
        warm: Callable[[Snapshot], None] | None = None,
    ) -> None:
        self._client = client
        # Called with each snapshot this process fetched (not adopted), e.g. to keep its history.
        self._on_install = on_install
        # Called, off every request's path, with each snapshot about to answer (e.g. to build the reader's names).
        self._warm = warm
        self._ttl = ttl_seconds
        self._shared = shared
        self._shared_version: str | None = None
        self._adopting = threading.Lock()
        self._stale_max_age = stale_max_age_seconds
        self._demo = demo
        self._clock = clock
        self._now = now
        # Fresh for the TTL since it was fetched, wherever that was (a snapshot from another replica may be older).
        self._fresh: TLRUCache[str, Snapshot] = TLRUCache(maxsize=1, ttu=self._fresh_until, timer=clock)
        self._last_good: Snapshot | None = None
        self._last_good_at = 0.0
        self._last_error: str | None = None
        self._last_reason: str | Text | None = None  # the same, for replies: shown in each reply's language
        self._failed_at = -math.inf  # when the last fetch failed (the cache's clock)
        # The last failure is a sudden shrink held until a later read: said on every reply, not just "stale".
        self._holding_shrink = False
        self._failing_since: datetime | None = None
        self._lock = threading.Lock()
        self._inflight: Future[Snapshot] | None = None
        self._fetcher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="inventory-fetch")
        # Flireo's total at the last whole read, so a refresh asks every page in one round.
        self._known_total: int | None = None
        # A progressive read under way, and how long the last whole read took (the refresh cadence stretches to it).
        self._progress: Progress | None = None
        self._reader = AccountReader(client, self._after_round, clock=clock, now=now)
        # How long the last whole read took, here or on the replica that published it: a large account is read no
        # more often than that (0 for an account one budget window reads).
        self._read_seconds = 0.0
        self._shrink = ShrinkCheck(clock, now, self._recheck_shrink, shrink_recheck_seconds)

    def snapshot(self, refresh: bool = False) -> Snapshot:
        """The current snapshot (see `get`)."""
        return self.get(refresh)[0]

    def get(self, refresh: bool = False) -> tuple[Snapshot, CacheOutcome]:
        """The snapshot and how it was served: fresh from cache, current while revalidating, or fetched.

        Raises FlireoError only when there is no snapshot young enough to serve instead.
        """
        if self._shared is not None:
            self._adopt_shared()
        with self._lock:
            # A progressive read under way is the refresh; a large account is read no more often than it takes.
            refresh = refresh and self._progress is None and self._read_seconds <= self._ttl
            fresh = None if refresh else self._fresh.get(_KEY)
            if fresh is not None:
                return fresh, CacheOutcome.HIT
            usable = self._usable_last_good()
            if usable is not None and not refresh:
                if self._clock() - self._failed_at >= RETRY_AFTER_FAILURE_SECONDS:
                    self._start_fetch()
                return self._marked(usable), CacheOutcome.STALE
            pending = self._start_fetch()
        try:
            fetched = pending.result(timeout=FETCH_DEADLINE_SECONDS + WAIT_MARGIN_SECONDS)
            return self._newest(fetched), CacheOutcome.MISS
        except FlireoRateLimited as exc:
            if exc.status is not None:
                return self._instead_of(exc, reason_of(exc))
            # Our own budget said no: the data is not failing, it is just as old as it says.
            with self._lock:
                usable = self._usable_last_good()
                current = self._marked(usable) if usable is not None else None
            if current is None:
                raise
            return current.with_notice(Text("Not refreshed: {error}", error=exc)), CacheOutcome.STALE
        except FlireoError as exc:
            return self._instead_of(exc, reason_of(exc))
        except TimeoutError:
            return self._instead_of(*self._late())

    def _late(self) -> tuple[FlireoError, str | Text]:
        """Why a fetch is late: our own budget still holding its requests back, else Flireo's slowness."""
        budget = self._client.budget
        wait = budget.wait_seconds() if budget is not None else 0.0
        if wait <= 0 or budget is None:
            late = Text("Flireo did not answer in time; try again in a minute.")
            return FlireoError(late), late
        message = Text(
            "The bot's Flireo budget ({per_minute} requests a minute, FLIREO_MAX_REQUESTS_PER_MINUTE) is spent "
            "before the account was read; try again in {seconds} s.",
            per_minute=budget.per_minute,
            seconds=max(1, math.ceil(wait)),
        )
        return FlireoRateLimited(message, wait, status=None), message

    def _newest(self, fetched: Snapshot) -> Snapshot:
        """What a waiter gets: the fetch's snapshot, or a newer one a progressive read installed since it resolved."""
        with self._lock:
            progress, current = self._progress, self._last_good
            if progress is None or current is None:
                return fetched
            current = self._marked(current)
        if current.partial is not None:
            return current
        return current.with_notice(
            Text(
                "a new read is under way ({read} of {total} numbers)",
                read=Count(progress.read),
                total=Count(progress.total),
            )
        )

    def _instead_of(self, error: FlireoError, reason: str | Text) -> tuple[Snapshot, CacheOutcome]:
        """The last good snapshot, marked stale, in place of a failed fetch; or the error when there is none."""
        with self._lock:
            usable = self._usable_last_good()
            since = self._failing_since or self._now()
        if usable is None:
            raise error
        stale = usable.as_stale(since, reason)
        return (stale.with_notice(reason) if isinstance(error, ShrinkUnconfirmed) else stale), CacheOutcome.STALE

    def seed(self, snapshot: Snapshot) -> None:
        """Serve a stored snapshot (from before a restart) until a fetched one replaces it; never as fresh."""
        with self._lock:
            if self._last_good is None:
                self._last_good, self._last_good_at = snapshot, self._clock() - self._age(snapshot)
                self._start_warming(snapshot)

    def health(self) -> CacheHealth:
        """Freshness and the last upstream error, for /healthz."""
        self._follow_shared()
        with self._lock:
            good = self._last_good
            age = self._clock() - self._last_good_at if good else None
            return CacheHealth(
                age,
                len(good.numbers) if good else None,
                self._last_error,
                self._failing_since,
                self._client.requests_sent,
                self._reading_words(good),
                self._client.outcomes(),
                good.conflicts if good else (),
            )

    def _reading_words(self, current: Snapshot | None) -> str | None:
        """How far a progressive read is: ours, or the one whose rounds another replica shares; call with the lock."""
        if self._progress is not None:
            return self._progress.words()
        return current.partial.words() if current is not None and current.partial is not None else None

    def start_threads(self) -> None:
        """Start the client's page threads before the first read needs them (bot.warmup)."""
        self._client.start_page_threads()

    def close(self) -> None:
        """Stop the background fetcher; a fetch in flight is left to finish on its own deadline."""
        self._reader.stopping.set()
        self._shrink.close()
        self._fetcher.shutdown(wait=False, cancel_futures=True)
        self._client.close()

    def _age(self, snapshot: Snapshot) -> float:
        return max(0.0, (self._now() - snapshot.fetched_at).total_seconds())

    def _fresh_until(self, _key: str, snapshot: Snapshot, now: float) -> float:
        # A large account is refreshed no more often than a whole read of it takes (#14); its age counts from the
        # start of that read, which took `read_seconds`.
        took = self._read_seconds
        return now + max(self._ttl, took) + took - self._age(snapshot)

    def _install(self, snapshot: Snapshot, version: str | None) -> None:
        """Make `snapshot` the current one (fresh for the TTL when it is whole); call with the lock held."""
        if snapshot.partial is None:
            self._fresh[_KEY] = snapshot
        self._last_good, self._last_good_at = snapshot, self._clock() - self._age(snapshot)
        self._last_error, self._failing_since, self._holding_shrink = None, None, False
        self._last_reason = None
        self._shared_version = version or self._shared_version
        self._start_warming(snapshot)

    def _start_warming(self, snapshot: Snapshot) -> None:
        """Work out what the first questions would otherwise wait for, in the background."""

        def warm() -> None:
            # National formats cost ~75 µs a number with phonenumbers: the first fragment lookup (`/numbers 4567`)
            # paid 0.7 s over 10,000 numbers; the reader's names of 20,000 long assistant names took seconds.
            snapshot.index.national_forms()
            if self._warm is not None:
                self._warm(snapshot)

        threading.Thread(target=warm, name="warm-snapshot", daemon=True).start()

    def _usable_last_good(self) -> Snapshot | None:
        if self._last_good is None or self._clock() - self._last_good_at > self._stale_max_age:
            return None
        return self._last_good

    def _marked(self, snapshot: Snapshot) -> Snapshot:
        if self._failing_since is None:
            return snapshot
        stale = snapshot.as_stale(self._failing_since, self._last_reason or Text("Flireo is failing."))
        return stale.with_notice(self._last_error or "") if self._holding_shrink else stale

    def _start_fetch(self) -> Future[Snapshot]:
        """Join the fetch in flight, or start one (single flight); call with the lock held."""
        if self._inflight is None:
            future: Future[Snapshot] = Future()
            self._inflight = future
            self._fetcher.submit(self._run_fetch, future)
        return self._inflight

    def _run_fetch(self, future: Future[Snapshot]) -> None:
        """Run a fetch and settle its future (a progressive read settles it early, with its first round)."""
        try:
            snapshot = self._fetch()
        except BaseException as exc:  # handed to the waiters, who raise it
            with contextlib.suppress(InvalidStateError):
                future.set_exception(exc)
        else:
            with contextlib.suppress(InvalidStateError):
                future.set_result(snapshot)
        finally:
            with self._lock:
                self._progress = None
                if self._inflight is future:
                    self._inflight = None

    def _fetch_from_flireo(self) -> Snapshot:
        started = self._clock()
        try:
            self._shrink.hold()  # a shrink seen once is read again only later than a glitch lasts
            inventory = self._confirm_shrink(self._read_account())
        except FlireoError as exc:
            self._record_failure(exc)
            raise
        except Exception as exc:
            log.exception("inventory fetch failed unexpectedly")
            error = FlireoError(Text("Flireo's reply could not be processed; try again in a minute."))
            self._record_failure(error)
            raise error from exc
        # A progressive read's data is as old as its start: the first pages were read then.
        # (Exactly its start, as its partial rounds are dated: other replicas sort them by it.)
        fetched_at = self._reader.started_at if self._reader.read_seconds else self._now()
        snapshot = Snapshot(
            inventory.numbers, inventory.shared, fetched_at, demo=self._demo, read_times=inventory.read_times
        )
        _ = snapshot.index  # build it here, off every user's request path
        version = self._publish(snapshot)
        with self._lock:
            self._known_total = inventory.total
            self._read_seconds = self._reader.read_seconds
            self._install(snapshot, version)
            self._inflight, self._progress = None, None
        if self._on_install is not None:
            self._on_install(snapshot)
        # Demo data never changes (and start-up rehearses an answer on it, bot.warmup): its reads are not news.
        log.log(
            logging.DEBUG if self._demo else logging.INFO,
            "inventory fetched: %d numbers, %d shared, %d skipped, %d requests, %.0f ms",
            len(inventory.numbers),
            len(inventory.shared),
            inventory.skipped,
            inventory.requests,
            (self._clock() - started) * 1000,
        )
        return snapshot

    def _read_account(self, known: int | None = None, within: float | None = None) -> Inventory:
        """The whole account (see AccountReader), planned from the last total read unless `known` is given."""
        if known is None:
            with self._lock:
                known = self._known_total
        return self._reader.read(known, within=within)

    def _after_round(
        self, numbers: tuple[PhoneNumber, ...], shared: tuple[PhoneNumber, ...], progress: Progress
    ) -> None:
        """A round of a progressive read is in: answer from it while there is no whole snapshot; let waiters go."""
        with self._lock:
            self._progress = progress
            whole = self._last_good is not None and self._last_good.partial is None
        if not whole:
            # Dated from the read's start, like the whole snapshot it grows into: its first pages are that old.
            snapshot = Snapshot(numbers, shared, self._reader.started_at, demo=self._demo, partial=progress)
            _ = snapshot.index
            version = self._publish(snapshot)  # other replicas answer from it too, as partial
            with self._lock:
                # Not in `_fresh`, not recorded: it is served as current only until the read ends.
                self._last_good, self._last_good_at = snapshot, self._clock()
                self._shared_version = version or self._shared_version
        with self._lock:
            pending, current = self._inflight, self._last_good
        if pending is not None and current is not None:
            with contextlib.suppress(InvalidStateError):
                pending.set_result(current)

    def _confirm_shrink(self, inventory: Inventory) -> Inventory:
        """The inventory to install: a sudden large shrink only once a later read agrees (see ShrinkCheck)."""
        with self._lock:
            before = len(self._last_good.numbers) if self._last_good is not None else 0
        return self._shrink.checked(before, inventory)

    def _recheck_shrink(self) -> None:
        """The time to read a shrink again has come: read, whether or not anyone asks."""
        with self._lock, contextlib.suppress(RuntimeError):  # closed meanwhile
            self._start_fetch()

    def _record_failure(self, error: FlireoError) -> None:
        own_budget = isinstance(error, FlireoRateLimited) and error.status is None
        log.warning("inventory fetch %s: %s", "deferred" if own_budget else "failed", error)
        with self._lock:
            self._inflight, self._progress = None, None
            if not own_budget:  # staying within our budget is not Flireo failing
                self._failed_at = self._clock()
                self._last_error, self._last_reason = str(error), reason_of(error)
                self._holding_shrink = isinstance(error, ShrinkUnconfirmed)
                self._failing_since = self._failing_since or self._now()
