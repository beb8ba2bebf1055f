"""Each number's state is dated by its page's arrival: a change's interval is the pages around it, not the readings'
starts (a reading of 20,000 numbers spans ~3.4 minutes)."""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.flireo.budget import RequestBudget
from bot.flireo.listing import AccountTooLarge
from bot.flireo.read_times import add_run, runs_of, span, times_by_id
from bot.inventory.diff import ChangeKind, diff
from bot.inventory.history import changes_between
from bot.inventory.progressive import ProgressiveRead
from bot.inventory.snapshot import SnapshotRecord
from bot.replies.change_views import GroupedLines
from tests.conftest import OpenStore
from tests.unit.support import RECORDS, FakeClock, FlireoStub, client_on, generated_records, numbers_from

T0 = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    """T0 plus some minutes."""
    return T0 + timedelta(minutes=minutes)


def paged(records: list[dict[str, Any]], start: float, per_page: int = 3) -> SnapshotRecord:
    """A reading that began at `start` minutes and read a page of `per_page` numbers each further minute."""
    numbers = numbers_from(records)
    runs: list[tuple[int, datetime]] = []
    for page, first in enumerate(range(0, len(numbers), per_page)):
        add_run(runs, len(numbers[first : first + per_page]), at(start + page))
    return SnapshotRecord(fetched_at=at(start), numbers=numbers, read_times=tuple(runs), read_span=span(tuple(runs)))


def test_runs_date_each_number_and_merge_pages_read_at_the_same_moment() -> None:
    numbers = numbers_from(RECORDS)
    runs: list[tuple[int, datetime]] = []
    add_run(runs, 4, at(0))
    add_run(runs, 3, at(0))  # a second page that arrived at the same moment
    add_run(runs, 3, at(1))
    add_run(runs, 0, at(2))  # a page that added nothing (its one record overlapped the page before)
    assert runs == [(7, at(0)), (3, at(1))]
    times = times_by_id(numbers, tuple(runs), {"n01", "n07", "n08", "n10"})
    assert times == {"n01": at(0), "n07": at(0), "n08": at(1), "n10": at(1)}
    assert times_by_id(numbers[:-1], tuple(runs), {"n01"}) == {}, "runs that do not cover the numbers date nothing"
    assert runs_of(numbers, {n.id: at(5) for n in numbers}) == ((10, at(5)),)
    assert runs_of(numbers, {"n01": at(5)}) == (), "a number without a time: no runs at all"


def test_a_change_is_dated_by_the_pages_that_saw_the_number_before_and_after() -> None:
    before = paged(RECORDS, 0)  # pages at 0, 1, 2, 3 minutes: n10 is on the fourth page (3 min)
    records = copy.deepcopy(RECORDS)
    records[9]["linked_assistant"] = None  # n10 unlinked
    records[9]["available"] = True
    records.pop(1)  # n02 released
    records.append({"id": "n11", "phone_number": "+31201119999", "number_type": "local", "available": True})
    after = paged(records, 10)  # pages at 10, 11, 12, 13 minutes
    changes = {c.number_id: c for c in changes_between(before, after)}
    unlinked = changes["n10"]
    assert unlinked.kind is ChangeKind.UNLINKED
    # n10 was read at 3 min before and at 13 min after (it moved to the fourth page... of 10 numbers: index 8).
    assert (unlinked.seen_from, unlinked.seen_until) == (at(3), at(12))
    assert (unlinked.reading_from, unlinked.reading_until) == (at(0), at(13)), "the readings' span: first to last page"
    removed = changes["n02"]
    assert (removed.seen_from, removed.seen_until) == (at(0), at(13)), "seen on page one; missing by the reading's end"
    added = changes["n11"]
    assert (added.seen_from, added.seen_until) == (at(0), at(13)), "not seen since the earlier reading began"


def test_a_change_made_while_a_reading_ran_lies_inside_its_interval() -> None:
    before = paged(RECORDS, 0)
    made = at(12.5)  # during the later reading, after its third page and before its fourth (13 min)
    records = copy.deepcopy(RECORDS)
    records[9]["locality"] = "Utrecht"
    (change,) = changes_between(before, paged(records, 10))
    assert change.seen_from <= made <= change.seen_until
    undated = diff(before.numbers, numbers_from(records), before.fetched_at, at(10))
    assert not undated[0].seen_from <= made <= undated[0].seen_until, "dated from the reading's start, it did not hold"


def test_readings_without_page_times_keep_the_readings_times() -> None:
    before = SnapshotRecord(fetched_at=at(0), numbers=numbers_from(RECORDS))
    records = copy.deepcopy(RECORDS)
    records[0]["locality"] = "Haarlem"
    (change,) = changes_between(before, SnapshotRecord(fetched_at=at(5), numbers=numbers_from(records)))
    assert (change.seen_from, change.seen_until) == (at(0), at(5))
    assert (change.reading_from, change.reading_until) == (at(0), at(5))


def test_the_store_keeps_each_changes_page_interval_and_its_readings_span(open_store: OpenStore) -> None:
    store = open_store(keep_days=30, now=lambda: at(20))
    store.record(paged(RECORDS, 0))
    records = copy.deepcopy(RECORDS)
    records[0]["locality"] = "Haarlem"  # n01: page one
    records[9]["locality"] = "Utrecht"  # n10: page four
    store.record(paged(records, 10))
    stored = {c.number_id: c for c in store.changes(at(-60))}
    assert (stored["n01"].seen_from, stored["n01"].seen_until) == (at(0), at(10))
    assert (stored["n10"].seen_from, stored["n10"].seen_until) == (at(3), at(13))
    assert {(c.reading_from, c.reading_until) for c in stored.values()} == {(at(0), at(13))}
    # Read back by another process, the earlier reading has no page times: its start is the (wider) lower bound.
    records[4]["locality"] = "Delft"  # n05: page two
    (later,) = open_store(keep_days=30, now=lambda: at(30)).record(paged(records, 20))
    assert (later.seen_from, later.seen_until) == (at(10), at(21))


def test_an_answer_lists_one_readings_changes_under_one_line_with_the_readings_span() -> None:
    before = paged(RECORDS, 0)
    records = copy.deepcopy(RECORDS)
    records[0]["locality"] = "Haarlem"
    records[9]["locality"] = "Utrecht"
    changes = changes_between(before, paged(records, 10))
    assert len({(c.seen_from, c.seen_until) for c in changes}) == 2, "each change has its own pages"
    lines = list(GroupedLines(changes, now=at(20))[0:2])
    assert lines[0].startswith("*Between"), lines
    assert "\n" not in lines[1], "the second change of the reading is under the same line"
    assert str(int(at(0).timestamp())) in lines[0], "from the earlier reading's first page"
    assert str(int(at(13).timestamp())) in lines[0], "to the later reading's last"


ACCOUNT = 1_200


@pytest.fixture
def budget() -> Iterator[RequestBudget]:
    """5 requests a minute on a fake clock, moved on a minute whenever it is spent."""
    clock = FakeClock()
    budget = RequestBudget(5, clock=clock)
    done = threading.Event()

    def move_on() -> None:
        while not done.wait(0.01):
            if budget.used() >= 5:
                clock.advance(60)

    mover = threading.Thread(target=move_on, daemon=True)
    mover.start()
    yield budget
    done.set()
    mover.join()


def test_a_progressive_read_dates_each_number_by_its_own_page(budget: RequestBudget) -> None:
    client = client_on(FlireoStub(generated_records(ACCOUNT)), budget=budget)
    with pytest.raises(AccountTooLarge) as large:
        client.fetch_inventory()
    inventory = ProgressiveRead(client, large.value, threading.Event(), 60).run(lambda *_: None)
    assert sum(count for count, _ in inventory.read_times) == len(inventory.numbers) == ACCOUNT
    assert len(inventory.read_times) > 3, "pages of different rounds arrived at different times"
    first, last = inventory.numbers[0].id, inventory.numbers[-1].id
    times = times_by_id(inventory.numbers, inventory.read_times, {first, last})
    assert times[first] < times[last], "page one was read rounds before the last page"


def test_a_read_in_one_round_dates_every_number() -> None:
    client = client_on(FlireoStub(generated_records(250)))
    inventory = client.fetch_inventory()
    assert sum(count for count, _ in inventory.read_times) == len(inventory.numbers) == 250
    assert len(inventory.read_times) <= 3, "one run per page at most"
