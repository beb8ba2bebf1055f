"""Answers change questions from the history store, with the same filters as any listing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.answers.search import describe, passes
from bot.flireo.models import PhoneNumber
from bot.inventory.diff import Change
from bot.inventory.history import HistoryStore
from bot.inventory.snapshot import Snapshot
from bot.reading.question import Question

NumberTest = Callable[[PhoneNumber], bool]


@dataclass(frozen=True)
class ChangeListing:
    """The changes that answer a question, newest first, with what was asked in words."""

    description: str
    changes: tuple[Change, ...]
    since: datetime
    until: datetime | None


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


def describe_question(question: Question) -> str:
    """'available local numbers in Amsterdam', or the numbers asked about."""
    if question.lookups:
        return " and ".join(question.lookups)
    return describe(question)


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


def answer_changes(question: Question, history: HistoryStore, region: str) -> ChangeListing:
    """The stored changes in the question's period that touch numbers passing its filters, newest first."""
    assert question.since is not None
    test = predicate_for(question, region)
    found = tuple(change for change in history.changes(question.since, question.until) if touches(change, test))
    return ChangeListing(describe_question(question), found, question.since, question.until)
