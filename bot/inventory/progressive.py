"""Reading an account larger than one window of the request budget over as many windows as it takes (#14)."""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from datetime import datetime

from bot.errors import FlireoRateLimited, FlireoUnavailable
from bot.flireo.budget import WINDOW_SECONDS
from bot.flireo.client import FlireoClient
from bot.flireo.listing import AccountTooLarge, Inventory
from bot.flireo.models import PhoneNumber
from bot.flireo.pages import (
    FlireoInconsistent,
    Page,
    can_overlap,
    check_joined,
    check_no_repeat,
    check_whole,
    covering,
    parse_numbers,
    stride,
    total_changed,
)
from bot.flireo.read_times import add_run
from bot.i18n.translator import Count, Text, english
from bot.inventory.snapshot import Progress, utc_now

log = logging.getLogger(__name__)

# How often a read waiting for the budget's window to move looks again (a local check; Redis when shared).
BUDGET_POLL_SECONDS = 0.25
# From this budget up one request a window is left for questions that need Flireo itself (offers, orders):
# 1,000 pages at 59 a minute take 17 min instead of 16.7.
RESERVE_FROM_BUDGET = 10
# A progressive read whose account changed under it starts again from page one this many times in all.
MAX_PROGRESSIVE_STARTS = 2
# A round that fails (Flireo down or rate limiting) is tried again this often, each after the wait it asked for.
MAX_ROUND_FAILURES = 3
ROUND_RETRY_CAP_SECONDS = 30.0
# Full pages past the total (a stale total, numbers bought meanwhile) are read this far, not without end.
PAGES_PAST_TOTAL = 10


# Called after each round with the numbers and shared numbers read so far, and how far the read is.
OnRound = Callable[[tuple[PhoneNumber, ...], tuple[PhoneNumber, ...], Progress], None]


def _summary(page: Page) -> Page:
    """What the final checks need of a page (offset, how many records, total), without holding its records."""
    return Page(page.offset, [None] * len(page.records), None, page.total)


class ProgressiveRead:
    """Reads the pages after the first in rounds the budget allows, each page overlapping the one before (#10).

    The total must stay the same on every page, and every page must start on the record the page before ended with,
    whether read in the same round or minutes earlier: numbers released and bought meanwhile would shift the pages
    without changing the total. Either raises FlireoInconsistent.
    """

    def __init__(
        self, client: FlireoClient, start: AccountTooLarge, stop: threading.Event, window_seconds: float
    ) -> None:
        self._client = client
        self._first = start.first
        self._step = start.step
        self._stop = stop
        self._window = window_seconds
        # A fraction of a window, so a scaled-down window (tests, bench) is not lost to polling.
        self._poll = min(BUDGET_POLL_SECONDS, window_seconds / 60)
        self._round_done: float | None = None
        self._numbers: dict[str, PhoneNumber] = {}
        self._read_times: list[tuple[int, datetime]] = []  # when each run of `_numbers` was read (its page's arrival)
        self._skipped = 0
        self._summaries = [_summary(start.first)]
        self._seen: dict[tuple[str, ...], int] = {start.first.ids: 0}
        self._last = start.first
        self._requests = 1
        self._add(start.first)
        shared, self._shared_skipped = parse_numbers(start.first.shared, shared=True)
        self._shared = tuple({number.id: number for number in shared}.values())

    @property
    def total(self) -> int:
        """Flireo's count of the account's numbers, as page one gave it."""
        assert self._first.total is not None
        return self._first.total

    def run(self, on_round: OnRound) -> Inventory:
        """Every number of the account, consistent, after as many budget windows as it takes.

        The read ends on a page that comes back short, past the total: a total that ends on a full page may be stale.
        """
        if self._room() <= 0 and len(self._last.records) >= self._step:
            # Other tools spent the key's minute: answer from page one now rather than after its reset (#21).
            on_round(tuple(self._numbers.values()), self._shared, self._progress(len(self._pages_after(self._last))))
        while len(self._last.records) >= self._step:
            if self._last.offset >= self.total + self._step * PAGES_PAST_TOTAL:
                raise FlireoInconsistent(Text("the pages went on past the total of {total}", total=Count(self.total)))
            wanted = self._pages_after(self._last)
            room = self._wait_for_room(min(len(wanted), self._per_window()))
            pages = self._read(wanted[:room])
            self._round_done = time.monotonic()
            for page in pages:
                self._take(page)
            if len(self._last.records) >= self._step:
                numbers = tuple(self._numbers.values())
                on_round(numbers, self._shared, self._progress(len(self._pages_after(self._last))))
        check_whole(self._summaries, self._step, len(self._numbers), self._skipped)
        numbers = tuple(self._numbers.values())
        skipped = self._skipped + self._shared_skipped
        times = tuple(self._read_times) if sum(n for n, _ in self._read_times) == len(numbers) else ()
        return Inventory(numbers, self._shared, skipped, self._requests, self.total, read_times=times)

    def _pages_after(self, last: Page) -> list[int]:
        return covering(last.offset + stride(self._step), self.total, self._step)

    def _take(self, page: Page) -> None:
        if page.total != self._first.total:
            raise FlireoInconsistent(total_changed(self._first.total, page.total))
        check_no_repeat(page, self._seen)
        check_joined(self._last, page, self._step)
        self._summaries.append(_summary(page))
        self._add(page)
        self._last = page

    def _add(self, page: Page) -> None:
        numbers, skipped = page.parsed
        self._skipped += skipped
        before = len(self._numbers)
        for number in numbers:
            self._numbers.setdefault(number.id, number)
        add_run(self._read_times, len(self._numbers) - before, page.read_at)

    def _progress(self, pages_left: int) -> Progress:
        per_window = max(1, self._per_window())
        return Progress(len(self._numbers), self.total, math.ceil(pages_left / per_window) * self._window)

    def _per_window(self) -> int:
        budget = self._client.budget
        if budget is None:
            return 1_000
        return budget.per_minute - (1 if budget.per_minute >= RESERVE_FROM_BUDGET else 0)

    def _wait_for_room(self, wanted: int) -> int:
        """Wait until the budget allows `wanted` requests (beyond the reserve); how many it allows.

        Waiting for the whole round rather than the first slot that frees keeps rounds full: each round rebuilds
        the partial snapshot's index, which must not happen for every single page. Once our last round has left
        the window, whatever room there is will do (other tools on the key may hold the rest).
        """
        while True:
            if self._stop.is_set():
                raise FlireoUnavailable(Text("The bot is stopping; the account was not read to the end."))
            room = self._room()
            ours_gone = self._round_done is None or time.monotonic() >= self._round_done + self._window
            if room >= wanted or (room > 0 and ours_gone):
                return room
            self._stop.wait(self._poll)

    def _room(self) -> int:
        """Requests the budget allows now, beyond the one kept for offers and orders."""
        budget = self._client.budget
        held_back = 1 if budget is not None and budget.per_minute >= RESERVE_FROM_BUDGET else 0
        return self._client.budget_left() - held_back

    def _read(self, offsets: list[int]) -> list[Page]:
        """The pages at `offsets`; a round Flireo fails is tried again after the wait it asked for (bounded)."""
        for failure in range(1, MAX_ROUND_FAILURES + 1):
            try:
                self._requests += len(offsets)
                return self._client.read_pages(offsets, joins=can_overlap(self._step))
            except (FlireoUnavailable, FlireoRateLimited) as exc:
                if failure == MAX_ROUND_FAILURES:
                    raise
                wait = exc.retry_after if isinstance(exc, FlireoRateLimited) else 2.0**failure
                log.info("a round of the progressive read failed (%s); again in %.0f s", exc, wait)
                if self._stop.wait(min(max(wait, 1.0), ROUND_RETRY_CAP_SECONDS)):
                    raise FlireoUnavailable(Text("The bot is stopping; the account was not read to the end.")) from None
                self._wait_for_room(len(offsets))
        raise AssertionError("unreachable")  # pragma: no cover


class AccountReader:
    """Reads the whole account: in one round when its total is known, progressively when it exceeds the budget."""

    def __init__(
        self,
        client: FlireoClient,
        on_round: OnRound,
        *,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self._client = client
        self._on_round = on_round
        self._clock = clock
        self._now = now
        # How long the last whole read took (0 unless it was progressive) and when the last progressive one began.
        self.read_seconds = 0.0
        self.started_at = now()
        self.stopping = threading.Event()

    def read(self, known_total: int | None, *, within: float | None = None) -> Inventory:
        """Every number of the account, whole and consistent (see FlireoClient.fetch_inventory, ProgressiveRead)."""
        began, began_at = self._clock(), self._now()  # page one, read before the account shows its size
        try:
            inventory = self._client.fetch_inventory(known_total, within=within)
        except AccountTooLarge as large:
            self.started_at = began_at
            return self._progressively(large, began)
        self.read_seconds = 0.0
        return inventory

    @staticmethod
    def total_of(large: AccountTooLarge) -> int:
        """The account's total as its first page gave it (0 when missing; for the log)."""
        return large.first.total or 0

    def _progressively(self, large: AccountTooLarge, started: float) -> Inventory:
        """Read over as many budget windows as it takes; start again (bounded) if the account changed meanwhile."""
        budget = self._client.budget
        window = budget.window_seconds if budget is not None else WINDOW_SECONDS
        for start in range(1, MAX_PROGRESSIVE_STARTS + 1):
            log.info("%d numbers are more than one budget window allows: read over several", self.total_of(large))
            try:
                inventory = ProgressiveRead(self._client, large, self.stopping, window).run(self._on_round)
            except FlireoInconsistent as exc:
                if start == MAX_PROGRESSIVE_STARTS:
                    raise
                log.warning(
                    "the account changed while it was read (%s); reading it again from page one", english(exc.reason)
                )
                self.started_at = self._now()  # a new read: its rounds must not pass for the old one's
                try:
                    return self._client.fetch_inventory()
                except AccountTooLarge as again:
                    large = again
                continue
            self.read_seconds = self._clock() - started
            return inventory
        raise AssertionError("unreachable")  # pragma: no cover
