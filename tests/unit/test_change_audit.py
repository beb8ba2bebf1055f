"""Change answers read like an audit log: the changes of one reading sit under one interval line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.i18n import Language, in_language
from bot.inventory.diff import diff
from bot.inventory.snapshot import Snapshot
from bot.replies.change_views import render_changes, render_watch_post
from bot.replies.state import PageState
from bot.results.changes import ChangeListing
from tests.unit.support import generated_records, make_snapshot, numbers_from

T0 = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)
RECORDS = generated_records(12)


def two_readings() -> tuple[ChangeListing, Snapshot]:
    """Seven numbers removed by the reading of 00:05–00:10, then five more by the one of 00:10–00:15."""
    before, after = numbers_from(RECORDS), numbers_from(RECORDS[7:])
    first = diff(before, after, T0 + timedelta(minutes=5), T0 + timedelta(minutes=10))
    second = diff(numbers_from(RECORDS[7:]), [], T0 + timedelta(minutes=10), T0 + timedelta(minutes=15))
    changes = (*second, *first)  # newest first, as the store gives them
    return ChangeListing("all numbers", changes, T0, None), make_snapshot(RECORDS)


def section_lines(blocks: list[dict]) -> list[str]:
    return [line for b in blocks if b["type"] == "section" for line in b["text"]["text"].splitlines()]


def test_the_changes_of_one_reading_sit_under_one_interval_line() -> None:
    listing, snapshot = two_readings()
    message = render_changes(listing, snapshot, PageState(query="changes"), 20, now=T0 + timedelta(hours=1))
    lines = section_lines(message.blocks)
    headings = [line for line in lines if line.startswith("*Between <!date^")]
    assert len(headings) == 2, lines
    assert len(lines) == 12 + 2
    assert lines[0] == headings[0]
    assert lines[6] == headings[1], "five changes, then the earlier reading's seven"
    assert not any("between" in line for line in lines if line not in headings), "no change line repeats it"


def test_a_later_page_opens_with_the_interval_of_its_first_change() -> None:
    listing, snapshot = two_readings()
    state = PageState(query="changes", offset=10)
    message = render_changes(listing, snapshot, state, 10, now=T0 + timedelta(hours=1))
    lines = section_lines(message.blocks)
    assert lines[0].startswith("*Between <!date^")
    assert len(lines) == 3


def test_the_interval_line_reads_in_dutch() -> None:
    listing, snapshot = two_readings()
    with in_language(Language.NL):
        message = render_changes(listing, snapshot, PageState(query="changes"), 20, now=T0 + timedelta(hours=1))
    assert section_lines(message.blocks)[0].startswith("*Tussen <!date^")


def post_lines(changes: tuple, header: str = "Watch 1: changes to all numbers") -> list[str]:
    message = render_watch_post(header, changes, now=T0 + timedelta(hours=1))
    return section_lines(message.blocks)


def test_a_watch_post_counts_its_changes_by_kind_then_dates_each_reading_once() -> None:
    listing, _ = two_readings()
    lines = post_lines(listing.changes)
    assert lines[:2] == ["*Watch 1: changes to all numbers*", "12 removed"]
    headings = [line for line in lines if line.startswith("*Between <!date^")]
    assert len(headings) == 2, lines
    assert lines.index(headings[1]) - lines.index(headings[0]) == 6, "five changes of the later reading in between"
    assert len(lines) == 2 + 2 + 12
    assert not any("between" in line.lower() for line in lines if line not in headings), "before: on every line"


def test_a_watch_post_of_a_few_changes_is_not_summed_up() -> None:
    listing, _ = two_readings()
    lines = post_lines(listing.changes[:3])
    assert lines[1].startswith("*Between <!date^")
    assert len(lines) == 1 + 1 + 3


def test_a_bulk_watch_post_shows_whole_lines_that_fit_and_says_there_are_more() -> None:
    records = generated_records(500)
    changes = tuple(diff(numbers_from(records), [], T0, T0 + timedelta(minutes=5)))
    message = render_watch_post("Watch 1: 500 changes", changes, now=T0 + timedelta(hours=1))
    text = message.blocks[0]["text"]["text"]
    assert len(text) <= 3000
    assert text.splitlines()[1] == "500 removed"
    assert text.endswith("… and more: ask `/numbers changes` for all of them.")
    assert all(line.startswith(("*", "…", "500")) for line in text.splitlines()), "no line cut in two"
