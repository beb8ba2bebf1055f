"""History knows what it covers: where it starts, its gaps and why, and the answers say so."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.inventory.history import GAP_STOPPED, GAP_UNWRITABLE, Coverage, Gap
from bot.inventory.snapshot import SnapshotRecord
from bot.replies.change_views import coverage_note
from tests.conftest import OpenStore
from tests.unit.support import RECORDS, numbers_from

START = datetime(2026, 11, 27, 0, 26, tzinfo=UTC)


def at(minutes: int) -> SnapshotRecord:
    """The account read `minutes` after START."""
    return SnapshotRecord(fetched_at=START + timedelta(minutes=minutes), numbers=numbers_from(RECORDS))


def test_history_starts_at_its_first_reading_and_gaps_carry_their_reason(open_store: OpenStore) -> None:
    store = open_store(now=lambda: START + timedelta(hours=3))
    assert store.coverage(START - timedelta(days=1)) == Coverage(None, None, (), store.gap_after)
    for minutes in (0, 5, 10):  # every 5 minutes: one span
        store.record(at(minutes))
    store.record(at(104), GAP_STOPPED)  # 1 h 34 min later, after a restart
    store.record(at(109))
    store.record(at(150), GAP_UNWRITABLE)
    seen = store.coverage(START - timedelta(days=1))
    assert seen.first == START
    assert seen.last == START + timedelta(minutes=150)
    assert seen.gaps == (
        Gap(START + timedelta(minutes=10), START + timedelta(minutes=104), GAP_STOPPED),
        Gap(START + timedelta(minutes=109), START + timedelta(minutes=150), GAP_UNWRITABLE),
    )
    later = store.coverage(START + timedelta(minutes=120))
    assert [gap.reason for gap in later.gaps] == [GAP_UNWRITABLE], "only the gaps inside the period asked about"
    assert open_store().coverage(START).first == START, "kept in the store, for the next process too"


def test_spans_older_than_the_kept_history_are_forgotten(open_store: OpenStore) -> None:
    now = [START]
    store = open_store(keep_days=1, now=lambda: now[0])
    store.record(at(0))
    now[0] = START + timedelta(days=3)
    store.record(at(60 * 24 * 3), GAP_STOPPED)
    seen = store.coverage(START - timedelta(days=5))
    assert seen.first == START + timedelta(days=3)
    assert seen.gaps == ()


def test_a_fresh_history_says_where_it_starts_instead_of_no_changes() -> None:
    first = START + timedelta(hours=24)
    note = coverage_note(Coverage(first, first, ()), START, None, now=first + timedelta(seconds=5))
    assert note is not None
    assert "history starts <!date^" in note
    assert "nothing known before" in note


def test_gaps_and_a_stale_end_are_named_and_a_whole_period_needs_no_note() -> None:
    gaps = (Gap(START + timedelta(minutes=104), START + timedelta(minutes=134), GAP_STOPPED),)
    seen = Coverage(START, START + timedelta(minutes=200), gaps, timedelta(minutes=15))
    note = coverage_note(seen, START, None, now=START + timedelta(minutes=300))
    assert note is not None
    assert "no readings <!date^" in note
    assert "(the bot was stopped)" in note
    assert "no readings since" in note, "100 minutes without a reading at the end"
    assert "history starts" not in note
    whole = Coverage(START, START + timedelta(minutes=200), ())
    assert coverage_note(whole, START + timedelta(minutes=1), None, now=START + timedelta(minutes=201)) is None
    assert "no readings yet" in (coverage_note(Coverage(None, None, ()), START, None) or "")
