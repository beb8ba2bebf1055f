"""Answers change questions from the history store, with the same filters as any listing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.answers.search import describe, resolve, to_e164
from bot.errors import UserError
from bot.flireo.models import PhoneNumber
from bot.inventory.diff import Change
from bot.inventory.history import HistoryStore
from bot.inventory.index import national_digits
from bot.inventory.snapshot import Snapshot
from bot.reading.query import Query, Status
from bot.reading.text import digits, fold

MIN_FRAGMENT_DIGITS = 3

NumberTest = Callable[[PhoneNumber], bool]


@dataclass(frozen=True)
class ChangeListing:
    """The changes that answer a question, newest first, with what was asked in words."""

    description: str
    changes: tuple[Change, ...]
    since: datetime
    until: datetime | None


def predicate_for(query: Query, snapshot: Snapshot, region: str) -> NumberTest:
    """Whether a number passes the query's filters: the one test changes and watches share.

    Names are resolved against the current snapshot, like a listing's; raises UserError for words that name nothing.
    """
    if query.number:
        return _number_test(query.number, region)
    filters = resolve(query, snapshot.index)

    def passes(number: PhoneNumber) -> bool:
        if number.shared != filters.shared:
            return False
        if filters.status is Status.AVAILABLE and not number.available:
            return False
        if filters.status is Status.LINKED and not number.linked:
            return False
        if filters.number_type and number.number_type != filters.number_type:
            return False
        if filters.localities and fold(number.locality or "") not in filters.localities:
            return False
        assistant = number.linked_assistant
        return not filters.assistants or (assistant is not None and fold(assistant.name) in filters.assistants)

    return passes


def _number_test(typed: str, region: str) -> NumberTest:
    e164 = to_e164(typed, region)
    fragment = digits(typed)
    if e164 is None and len(fragment) < MIN_FRAGMENT_DIGITS:
        raise UserError(f"Give at least {MIN_FRAGMENT_DIGITS} digits to look up a number.")

    def passes(number: PhoneNumber) -> bool:
        if e164 is not None:
            return number.phone_number == e164
        return fragment in digits(number.phone_number) or fragment in national_digits(number.phone_number)

    return passes


def count_passing(snapshot: Snapshot, test: NumberTest) -> int:
    """How many numbers (account and shared) pass a filter: what a threshold watch counts."""
    return sum(1 for number in (*snapshot.numbers, *snapshot.shared) if test(number))


def touches(change: Change, test: NumberTest) -> bool:
    """A change matters to a filter when the number passed it before or after the change."""
    return any(record is not None and test(record) for record in (change.old, change.new))


def describe_query(query: Query, snapshot: Snapshot) -> str:
    """'available local numbers in Amsterdam', or the number asked about."""
    if query.number:
        return query.number
    return describe(resolve(query, snapshot.index), snapshot.index)


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


def answer_changes(query: Query, snapshot: Snapshot, history: HistoryStore, region: str) -> ChangeListing:
    """The stored changes in the query's period that touch numbers passing its filters, newest first."""
    assert query.since is not None
    changes = history.changes(query.since, query.until)
    try:
        names, test = snapshot, predicate_for(query, snapshot, region)
    except UserError:  # a name only the earlier records had: index them too (only then, it costs an index build)
        names = with_names_from(snapshot, changes)
        test = predicate_for(query, names, region)
    found = tuple(change for change in changes if touches(change, test))
    return ChangeListing(describe_query(query, names), found, query.since, query.until)
