"""The CSV export of a change answer: every change, streamed in pages; cells safe in a spreadsheet; asked in words."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from bot.answers.changes import ChangeListing
from bot.answers.export import COLUMNS, EXPORT_PAGE_ROWS, MAX_EXPORT_ROWS, ExportPlan, file_name, neutralised, write_csv
from bot.i18n import Language, in_language
from bot.inventory.diff import Change, diff
from bot.inventory.history import ChangeFilter
from bot.reading.question import Question
from bot.replies.change_views import render_changes
from bot.replies.export_views import export_note, notice, upload_refused
from bot.replies.state import Action, PageState
from tests.unit.dutch_words import english_left
from tests.unit.support import generated_records, make_snapshot, numbers_from, question_for

T0 = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)


class PagedStore:
    """Just the store's `changes`: newest first, a page at `offset`; counts the pages read."""

    def __init__(self, changes: list[Change]) -> None:
        self._changes = changes
        self.pages = 0

    def changes(
        self,
        since: datetime,
        until: datetime | None = None,
        where: ChangeFilter | None = None,
        *,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[Change]:
        self.pages += 1
        return self._changes[offset : offset + limit if limit is not None else None]


def many_changes(count: int) -> list[Change]:
    """`count` numbers removed in one reading."""
    records = generated_records(count)
    return diff(numbers_from(records), [], T0, T0 + timedelta(minutes=5))


def plan_for(rows: int, **question: object) -> ExportPlan:
    asked = Question(kind="changes", since=T0 - timedelta(hours=1), until=T0 + timedelta(hours=1), export=True)
    return ExportPlan(asked.model_copy(update=question), rows, "all numbers", Language.EN)


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("+31201234567", "+31201234567"),
        ("Amsterdam", "Amsterdam"),
        ("", ""),
    ],
)
def test_a_cell_that_a_spreadsheet_would_run_is_written_as_text(cell: str, written: str) -> None:
    assert neutralised(cell) == written


def test_every_change_is_written_across_pages_once_each() -> None:
    changes = many_changes(2 * EXPORT_PAGE_ROWS + 7)
    store = PagedStore(changes)
    out = io.StringIO()
    rows = write_csv(plan_for(len(changes)), store, "NL", out)  # type: ignore[arg-type]
    table = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert rows == len(changes) == len(table) - 1
    assert table[0] == list(COLUMNS)
    assert [row[3] for row in table[1:]] == [change.phone_number for change in changes]
    assert store.pages == 3, "read a page at a time, never all at once"
    assert table[1][:3] == ["2026-12-07T00:00:00Z", "2026-12-07T00:05:00Z", "removed"]
    assert table[1][-2:] == [table[1][-2], "absent"]


def test_a_plan_over_the_cap_says_so_rather_than_truncating() -> None:
    plan = plan_for(MAX_EXPORT_ROWS + 1)
    assert plan.too_large
    assert "1,000,001 changes are more than I put in one file (1,000,000)" in export_note(
        plan.rows, plan.description, MAX_EXPORT_ROWS
    )
    assert "Nothing to export" in export_note(0, "all numbers", MAX_EXPORT_ROWS)
    assert "Exporting 1 change as a CSV file" in export_note(1, "all numbers", MAX_EXPORT_ROWS)


def test_the_file_is_named_by_its_period_in_utc() -> None:
    assert file_name(plan_for(1).question) == "changes-20261206T2300Z-20261207T0100Z.csv"


@pytest.mark.parametrize(
    "text", ["changes today csv", "export changes since midnight", "exporteer wijzigingen van vandaag",
             "changes today as csv", "changes today export to csv"],
)  # fmt: skip
def test_an_export_is_asked_for_in_words_and_read_back_the_same(text: str) -> None:
    asked = question_for(text, make_snapshot())
    assert asked.kind == "changes"
    assert asked.export
    assert asked.ignored == ()
    again = question_for(asked.canonical(), make_snapshot())
    assert (again.export, again.since, again.until) == (True, asked.since, asked.until)
    assert not question_for("changes today", make_snapshot()).export


def test_a_change_answer_offers_export_and_an_empty_one_does_not() -> None:
    changes = many_changes(3)
    listing = ChangeListing("all numbers", changes, T0, None)
    message = render_changes(listing, make_snapshot(), PageState(query="changes since 1h"), 10, now=T0)
    buttons = {e["action_id"]: e for b in message.blocks if b["type"] == "actions" for e in b["elements"]}
    value = PageState.from_value(buttons[Action.EXPORT.value]["value"])
    assert value.query == "changes since 1h csv"
    empty = render_changes(ChangeListing("all numbers", (), T0, None), make_snapshot(), PageState(query="c"), 10)
    assert Action.EXPORT.value not in str(empty.blocks)


def test_an_upload_refused_for_a_missing_scope_says_what_to_do_in_dutch_too() -> None:
    assert "the app lacks the `files:write` scope" in upload_refused("missing_scope")
    assert "not a member" in upload_refused("not_in_channel")
    assert "Slack answered: internal_error" in upload_refused("internal_error")
    with in_language(Language.NL):
        for text in (
            upload_refused("missing_scope"),
            upload_refused("channel_not_found"),
            export_note(4, "all numbers", MAX_EXPORT_ROWS),
        ):
            # The blocks: the fallback reads `files:write` aloud as words, which are no English prose.
            assert english_left({"blocks": notice(text).blocks}) == [], text
