"""Answers change questions from the history store, with the same filters as any listing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import overload

from bot.answers.search import describe, passes
from bot.flireo.models import PhoneNumber
from bot.i18n import pgettext
from bot.i18n.words import either
from bot.inventory.diff import Change
from bot.inventory.history import ChangeFilter, HistoryStore
from bot.inventory.snapshot import Snapshot
from bot.reading.phones import international_prefix
from bot.reading.question import Question, Status
from bot.reading.text import fold
from bot.replies.views import clamp_offset
from bot.results.changes import ChangeListing

NumberTest = Callable[[PhoneNumber], bool]


def predicate_for(question: Question, region: str) -> NumberTest:
    """Whether a number passes the question's filters: the one test changes and watches share.

    The reader has already resolved names against the data, so the test needs no snapshot.
    """
    return lambda number: passes(question, number, region)


def count_passing(snapshot: Snapshot, test: NumberTest) -> int:
    """How many numbers (account and shared) pass a filter: what a threshold watch counts."""
    return sum(1 for number in (*snapshot.numbers, *snapshot.shared) if test(number))


def touches(change: Change, test: NumberTest) -> bool:
    """A change matters to a filter when the number passed it before or after the change."""
    return any(record is not None and test(record) for record in (change.old, change.new))


def describe_question(question: Question, count: int | None = None) -> str:
    """'available local numbers in Amsterdam', or the numbers asked about; after a count, in its number."""
    described = either(question.lookups, "and") if question.lookups else describe(question, count)
    if question.change_kinds:  # "all numbers (unlinked)": an empty answer must not read as "nothing changed"
        kinds = either([pgettext("change", kind) for kind in question.change_kinds], "or")  # msgids of change_views
        described = f"{described} ({kinds})"
    return described


def with_names_from(snapshot: Snapshot, changes: Sequence[Change]) -> Snapshot:
    """A snapshot that also knows the names the changes' earlier records had, for reading filters only.

    "changes billing desk" must still work after Billing Desk's last number was unlinked.
    """
    known = {n.id: n for n in snapshot.numbers}
    gone = [c.old for c in changes if c.old is not None and c.old != known.get(c.old.id)]
    if not gone:
        return snapshot
    earlier = {n.id: n for n in gone if n.id not in known}  # records no longer on the account
    renamed = [n for n in gone if n.id in known]  # records that changed: both versions name something
    return Snapshot((*snapshot.numbers, *earlier.values(), *renamed), snapshot.shared, snapshot.fetched_at)


def change_filter(question: Question, region: str) -> tuple[ChangeFilter, bool]:
    """The question's filters as the store tests them, and whether that is all of them (else `touches` finishes).

    Digits the number contains (a fragment, in national or international form) and shared numbers are tested
    here, on the rows the store narrowed down; everything else runs in the query.
    """
    status, alone = question.status, bool(question.lookups)  # a lookup asks about its numbers, whatever else
    where = ChangeFilter(
        phone_numbers=question.lookups,
        kinds=question.change_kinds,
        available=status is Status.AVAILABLE,
        linked=status is Status.LINKED,
        types=question.number_types or None,
        not_types=question.not_number_types,
        localities=tuple({fold(s) for s in question.place_spellings}) if question.places else None,
        not_localities=tuple({fold(s) for s in question.not_place_spellings}),
        assistants=tuple({fold(name) for name in question.assistants}) if question.assistants else None,
        not_assistants=tuple({fold(name) for name in question.not_assistants}),
        phone_prefix=international_prefix(question.prefix, region) if question.prefix and not alone else None,
        digits_suffix=None if alone else question.suffix,
    )
    return where, alone or not (question.fragment or question.shared)


def answer_changes(
    question: Question, history: HistoryStore, region: str, *, offset: int = 0, page_size: int | None = None
) -> ChangeListing:
    """The stored changes in the question's period that touch numbers passing its filters, newest first.

    Counted and paged where they are stored (with `page_size`, only the page at `offset` is read), so the count is
    exact at any size; a filter the store cannot test is applied here to every row it narrowed down.
    """
    assert question.since is not None
    where, exact = change_filter(question, region)
    if exact and page_size is not None:
        total = history.count_changes(question.since, question.until, where)
        start = clamp_offset(offset, total, page_size)
        page = history.changes(question.since, question.until, where, offset=start, limit=page_size)
        found: Sequence[Change] = Window(total, start, tuple(page))
        by_kind = history.count_by_kind(question.since, question.until, where) if total else {}
    else:
        test = predicate_for(question, region)
        narrowed = history.changes(question.since, question.until, where)
        found = tuple(change for change in narrowed if exact or touches(change, test))
        by_kind = dict(Counter(str(change.kind) for change in found))
    seen = history.coverage(question.since, question.until)
    return ChangeListing(describe_question(question), found, question.since, question.until, seen, by_kind)


class Window(Sequence[Change]):
    """`total` changes of which only the page at `offset` was read: enough to render that page and count them all."""

    def __init__(self, total: int, offset: int, page: tuple[Change, ...]) -> None:
        self._total, self._offset, self._page = total, offset, page

    def __len__(self) -> int:
        return self._total

    @overload
    def __getitem__(self, index: int) -> Change: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Change]: ...
    def __getitem__(self, index: int | slice) -> Change | Sequence[Change]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._total))]
        at = (index + self._total if index < 0 else index) - self._offset
        if not 0 <= at < len(self._page):
            raise IndexError(f"change {index} is outside the page that was read")
        return self._page[at]
