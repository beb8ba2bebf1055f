"""The changes a question asks about as a CSV file, for a postmortem: every one of them, streamed from the store.

The file is for spreadsheets and scripts, so its header and values are fixed English identifiers (ChangeKind
values, E.164 numbers, UTC ISO-8601 times), whatever the language of the question.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO

from bot.answers.changes import change_filter, predicate_for, touches
from bot.flireo.models import PhoneNumber
from bot.i18n.language import Language
from bot.inventory.diff import Change
from bot.inventory.history import HistoryStore
from bot.reading.question import Question

# Rows per read from the store: one page's memory is bounded whatever the period holds.
EXPORT_PAGE_ROWS = 5_000
# More rows than this are not put in one file (about 200 MB of CSV); the user is told to ask for less.
MAX_EXPORT_ROWS = 1_000_000
# Slack: "The maximum file size is 1 GB" (files.getUploadURLExternal; slack_sdk's MAX_V2_FILE_SIZE).
MAX_FILE_BYTES = 1024**3
COLUMNS = (
    "when_from", "when_to", "kind", "number", "number_id", "field", "type_before", "type_after",
    "locality_before", "locality_after", "assistant_before", "assistant_after", "status_before", "status_after",
)  # fmt: skip
# OWASP, "CSV Injection": a cell a spreadsheet would read as a formula starts with one of these; prefix a quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# An E.164 number (`+` and at most 15 digits, ITU-T E.164) is a value, not a formula: it stays as written.
E164 = re.compile(r"\+\d{1,15}")


@dataclass(frozen=True)
class ExportPlan:
    """An export asked for: the question (its period closed, so paging sees a fixed set), how many rows it holds."""

    question: Question
    rows: int
    description: str
    language: Language | None = None

    @property
    def too_large(self) -> bool:
        """More rows than one file takes."""
        return self.rows > MAX_EXPORT_ROWS


def closed(question: Question, now: datetime | None = None) -> Question:
    """The question with its period ending now: changes recorded while the file is written are not in it."""
    if question.until is not None:
        return question
    return question.model_copy(update={"until": now or datetime.now(UTC)})


def neutralised(cell: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (OWASP: prefix `'`)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) and not E164.fullmatch(cell) else cell


def _status(number: PhoneNumber | None) -> str:
    if number is None:
        return "absent"
    if number.linked_assistant is not None:
        return "linked"
    return "available" if number.available else "unavailable"


def _assistant(number: PhoneNumber | None) -> str:
    assistant = number.linked_assistant if number is not None else None
    return (assistant.name or assistant.id or "") if assistant is not None else ""


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def row_of(change: Change) -> list[str]:
    """One change as CSV cells, in COLUMNS order, every cell neutralised."""
    old, new = change.old, change.new
    cells = [
        _utc(change.seen_from),
        _utc(change.seen_until),
        str(change.kind),
        change.phone_number,
        change.number_id,
        change.field or "",
        str(old.number_type or "") if old else "",
        str(new.number_type or "") if new else "",
        (old.locality or "") if old else "",
        (new.locality or "") if new else "",
        _assistant(old),
        _assistant(new),
        _status(old),
        _status(new),
    ]
    return [neutralised(cell) for cell in cells]


def matching_changes(question: Question, history: HistoryStore, region: str) -> Iterator[Change]:
    """Every change the question asks about, newest first, read from the store a page at a time."""
    assert question.since is not None
    where, exact = change_filter(question, region)
    test = predicate_for(question, region)
    offset = 0
    while True:
        page = history.changes(question.since, question.until, where, offset=offset, limit=EXPORT_PAGE_ROWS)
        yield from (change for change in page if exact or touches(change, test))
        if len(page) < EXPORT_PAGE_ROWS:
            return
        offset += len(page)


def write_csv(plan: ExportPlan, history: HistoryStore, region: str, out: IO[str]) -> int:
    """Write the plan's changes to `out` as CSV (header first); how many rows were written."""
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180 line ends
    writer.writerow(COLUMNS)
    rows = 0
    for change in matching_changes(plan.question, history, region):
        writer.writerow(row_of(change))
        rows += 1
    return rows


def file_name(question: Question) -> str:
    """`changes-20261206T2300Z-20261207T0521Z.csv`: the period, in UTC, in the name."""
    assert question.since is not None

    def stamp(moment: datetime) -> str:
        return moment.astimezone(UTC).strftime("%Y%m%dT%H%MZ")

    end = stamp(question.until) if question.until is not None else "now"
    return f"changes-{stamp(question.since)}-{end}.csv"
