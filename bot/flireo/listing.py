"""Reading Flireo's whole number listing through a client: whole and consistent, or an error (#10, #14)."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.errors import FlireoError
from bot.flireo.budget import RequestBudget
from bot.flireo.conflicts import reconciled
from bot.flireo.models import PhoneNumber
from bot.flireo.pages import (
    MAX_PAGES,
    PAGE_LIMIT,
    FlireoInconsistent,
    Page,
    can_overlap,
    check_no_repeat,
    check_whole,
    covering,
    parse_numbers,
    stride,
)
from bot.flireo.read_times import ReadTimes, runs_of
from bot.i18n.translator import Count, NText, Text, english

log = logging.getLogger(__name__)

# A fetch whose pages do not add up is read once more before it is given up (#10).
MAX_FETCH_ATTEMPTS = 2


@dataclass(frozen=True)
class Inventory:
    """Everything one fetch of the account returned."""

    numbers: tuple[PhoneNumber, ...]
    shared: tuple[PhoneNumber, ...]
    skipped: int
    requests: int
    # Flireo's count of the account's numbers, when it gave one: the next refresh plans its pages from it.
    total: int | None = None
    # Where records' ids and numbers disagree (bot/flireo/conflicts.py), one sentence each; sorted.
    conflicts: tuple[Text, ...] = ()
    # When each number's page arrived, as runs along `numbers` (bot/flireo/read_times.py; () when not known).
    read_times: ReadTimes = ()


class AccountTooLarge(FlireoError):
    """The account needs more requests than one window of the budget allows (or than the key has left this
    minute): read it progressively instead."""

    def __init__(self, first: Page, step: int, pages: int, room: str = "one minute's budget") -> None:
        super().__init__(f"The account has {first.total:,} numbers: {pages} requests to read, more than {room}.")
        self.first = first
        self.step = step


def _page_size(first: Page) -> int:
    """The page size Flireo honours: the limit we asked, or what came when Flireo clamped it."""
    # Fewer than we asked on a first page that is not the whole account means a clamped limit.
    size = len(first.records)
    if 0 < size < PAGE_LIMIT and first.total is not None and first.total > size:
        return size
    return PAGE_LIMIT


def _unique(numbers: Iterable[PhoneNumber]) -> tuple[PhoneNumber, ...]:
    seen: dict[str, PhoneNumber] = {}
    for number in numbers:
        seen.setdefault(number.id, number)
    return tuple(seen.values())


class PageSource(Protocol):
    """What a read of the listing needs of the Flireo client."""

    @property
    def budget(self) -> RequestBudget | None: ...
    @property
    def requests_sent(self) -> int: ...
    @property
    def max_concurrency(self) -> int: ...
    @property
    def deadline_seconds(self) -> float: ...
    def budget_left(self) -> int: ...
    def get_page(self, offset: int, deadline: float, *, with_shared: bool = False, joins: bool = False) -> Page: ...
    def get_pages(
        self, offsets: list[int], deadline: float, *, with_shared_first: bool = False, joins: bool = False
    ) -> list[Page]: ...


class ListingRead:
    """One read of the whole listing: page one, then the rest overlapping by a record, checked as #10 requires."""

    def __init__(self, source: PageSource) -> None:
        self._source = source

    def whole(self, known_total: int | None = None, *, within: float | None = None) -> Inventory:
        """Every number of the account and the shared default numbers, whole and consistent, or an error.

        Each page after the first starts on the last record of the one before, so numbers released or bought while
        we page show as a page that does not join (#10). Pages that do not add up (a total that moved, a repeated,
        short or unjoined page, numbers missing) are read again, once, within the same deadline; a second failure
        raises FlireoInconsistent rather than return a wrong inventory. With `known_total` (a refresh) every page
        is asked in one round. An account larger than one window of the budget raises AccountTooLarge (with its
        first page) for a progressive read. `within` shortens the deadline (a second read within the first's).
        """
        seconds = self._source.deadline_seconds if within is None else min(within, self._source.deadline_seconds)
        deadline = time.monotonic() + max(0.0, seconds)
        sent_before = self._source.requests_sent
        conflicts: tuple[Text, ...] | None = None
        for attempt in range(1, MAX_FETCH_ATTEMPTS + 1):
            try:
                inventory = None
                if attempt == 1 and known_total is not None:
                    inventory = self._fetch_in_one_round(known_total, deadline, sent_before)
                inventory = inventory or self._fetch_whole(deadline, sent_before)
                # Records whose ids and numbers disagree are read again; the same on the next read is Flireo's data.
                if not inventory.conflicts or inventory.conflicts == conflicts:
                    return inventory
                conflicts = inventory.conflicts
                raise FlireoInconsistent(
                    NText(
                        "ids and numbers disagree in {count} place: {first}",
                        "ids and numbers disagree in {count} places: {first}",
                        len(conflicts),
                        first=conflicts[0],
                    )
                )
            except FlireoInconsistent as exc:
                if attempt == MAX_FETCH_ATTEMPTS or time.monotonic() >= deadline:
                    raise
                log.warning("inventory did not add up (%s); reading it again", english(exc.reason))
        raise AssertionError("unreachable")  # pragma: no cover

    def _fetch_whole(self, deadline: float, sent_before: int) -> Inventory:
        """Page one, which tells the total and page size; then the rest in one round, and on while pages come full."""
        first = self._source.get_page(0, deadline, with_shared=True)
        step = _page_size(first)
        self._check_budget_fits(first, step)
        pages, seen = [first], {first.ids: 0}
        if first.total is None:
            return self._inventory([first, *self._walk(first, step, deadline, seen)], step, sent_before)
        if len(first.records) >= step:
            overlapped, aligned = covering(0, first.total, step)[1:], list(range(step, first.total, step))
            self._check_key_has_room(len(aligned), first, step)
            overlapping = self._overlapping(step, len(overlapped), len(aligned))
            planned = overlapped if overlapping else aligned
            pages += self._checked(self._source.get_pages(planned, deadline, joins=overlapping), seen)
            if overlapping:
                pages += self._walk(pages[-1], step, deadline, seen)
        return self._inventory(pages, step, sent_before)

    def _check_key_has_room(self, needed: int, first: Page | None = None, step: int = PAGE_LIMIT) -> None:
        """Start no pages Flireo's headers say the key cannot serve this minute: they would meet 429s, or our own
        wait, halfway through, and the pages read until then would be wasted.

        With page one in hand (`first`: a read with no data yet) raises AccountTooLarge: the progressive reader
        answers from what the key allows now, marked partial, and completes after its reset (#21). Otherwise (a
        refresh) raises FlireoRateLimited without a status (nothing failed: the current data stays, with its age).
        """
        budget = self._source.budget
        left = budget.key_left() if budget is not None else None
        if left is None or left[0] >= needed:
            return
        remaining, reset_in = left
        if first is not None:
            log.info("%d requests left on the key, %d needed: read progressively from what is left", remaining, needed)
            raise AccountTooLarge(first, step, needed + 1, "the key has left this minute")
        raise budget.key_spent(
            reset_in,
            Text(
                ": {remaining} left, and reading the account takes {needed}",
                remaining=Count(remaining),
                needed=Count(needed),
            ),
        )

    def _overlapping(self, step: int, overlapped: int, aligned: int) -> bool:
        """Whether the pages after the first are asked overlapping; not when only aligned pages fit the budget left.

        Other tools on the key may have spent most of its minute (Flireo's headers say so): then the `aligned` pages
        that tile the total without overlap, and without a page to prove the end, are read rather than none; a shift
        while paging then shows only in the count. 2,000 numbers are 21 overlapping requests, or 20.
        """
        if not can_overlap(step):
            return False
        left = self._source.budget_left()
        if overlapped <= left or aligned > left:
            return True
        log.info("%d requests left on the key this minute: pages read without overlap, trusting the total", left)
        return False

    def _fetch_in_one_round(self, known_total: int, deadline: float, sent_before: int) -> Inventory | None:
        """A refresh: every page the last total implies, up to one past it, asked at once; None to read as usual.

        None when the budget cannot spare the round, or page one shows a clamped page size or no total.
        """
        self._check_key_has_room(math.ceil(known_total / PAGE_LIMIT))
        offsets = covering(0, known_total, PAGE_LIMIT)
        if len(offsets) > min(self._source.budget_left(), self._source.max_concurrency * 5, MAX_PAGES):
            return None
        pages = self._source.get_pages(offsets, deadline, with_shared_first=True, joins=True)
        if pages[0].total is None or _page_size(pages[0]) < PAGE_LIMIT:
            return None
        seen: dict[tuple[str, ...], int] = {}
        pages = self._checked(pages, seen)  # first: a Flireo ignoring `offset` would look like an account that grew
        self._check_budget_fits(pages[0], PAGE_LIMIT)  # grown past one window of the budget: read progressively
        while len(pages) > 1 and not pages[-1].records:
            pages.pop()  # past the end: the account shrank
        pages += self._walk(pages[-1], PAGE_LIMIT, deadline, seen)
        return self._inventory(pages, PAGE_LIMIT, sent_before)

    @staticmethod
    def _checked(pages: list[Page], seen: dict[tuple[str, ...], int]) -> list[Page]:
        """The pages, each refused if it repeats one at another offset (`seen` collects them)."""
        for page in pages:
            check_no_repeat(page, seen)
        return pages

    def _inventory(self, pages: list[Page], step: int, sent_before: int) -> Inventory:
        """The checked inventory of a fetch's pages (FlireoInconsistent when they do not add up)."""
        numbers: list[PhoneNumber] = []
        skipped = 0
        read_at: dict[str, datetime] = {}
        for page in pages:
            page_numbers, page_skipped = page.parsed
            numbers.extend(page_numbers)
            skipped += page_skipped
            if page.read_at is not None:
                for number in page_numbers:
                    read_at.setdefault(number.id, page.read_at)
        shared, shared_skipped = parse_numbers(pages[0].shared, shared=True)
        unique, conflicts = reconciled(numbers)
        check_whole(pages, step, len(unique), skipped)
        total = pages[0].total
        if total is not None and len(unique) + skipped > total:
            log.info("Flireo's total said %d, its pages held %d numbers; kept them all", total, len(unique))
        requests = self._source.requests_sent - sent_before
        times = runs_of(unique, read_at)
        return Inventory(unique, _unique(shared), skipped + shared_skipped, requests, total, conflicts, times)

    def _check_budget_fits(self, first: Page, step: int) -> None:
        """An account that needs more requests than one window of the budget is read progressively (AccountTooLarge).

        Otherwise every fetch would spend the whole budget and then fail, minute after minute.
        """
        if first.total is None or self._source.budget is None:
            return
        requests = len(covering(0, first.total, step))
        if requests > self._source.budget.per_minute:
            raise AccountTooLarge(first, step, requests)

    def _walk(self, last: Page, step: int, deadline: float, seen: dict[tuple[str, ...], int]) -> list[Page]:
        """After a full last page (the total was missing or stale) read on until a short one, in doubling rounds.

        Doubling (1, 2, 4 ... pages) keeps an account of 3,000 numbers without a total to a handful of round trips,
        and wastes at most as many requests past the end as it needed to find it.
        """
        pages: list[Page] = []
        batch, offset = 1, last.offset + stride(step)
        while len(last.records) >= step and offset < step * MAX_PAGES:
            offsets = [offset + i * stride(step) for i in range(batch) if offset + i * stride(step) < step * MAX_PAGES]
            for page in self._checked(self._source.get_pages(offsets, deadline, joins=can_overlap(step)), seen):
                pages.append(page)
                last = page
                if len(page.records) < step:
                    return pages
            offset = offsets[-1] + stride(step)
            batch = max(1, min(batch * 2, self._source.max_concurrency, self._source.budget_left() // 2))
        return pages
