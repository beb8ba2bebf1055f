"""Change questions filtered and counted where the changes are stored: the same changes as `touches`, exactly."""

from __future__ import annotations

import copy
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.answers.changes import NumberTest, answer_changes, change_filter, predicate_for, touches
from bot.inventory.diff import Change
from bot.inventory.snapshot import SnapshotRecord
from bot.inventory.store.sql import SqlHistory
from bot.reading.question import Question
from tests.conftest import OpenStore
from tests.unit.support import RECORDS, _linked, make_snapshot, numbers_from, question_for

START = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
NOW = START + timedelta(hours=1)

QUESTIONS = [
    "changes", "changes linked", "changes available", "changes billing desk", "changes night support",
    "changes amsterdam", "changes den haag linked", "changes local", "changes mobile", "changes not mobile",
    "changes outside amsterdam", "changes except billing desk", "changes +31 20 123 4567", "changes 085",
    "changes ending in 4567", "changes available local amsterdam", "changes utrecht", "changes zoeterwoude",
    "changes 4567", "changes 0612345678 0201110000", "changes unlinked", "what was removed", "wat is verwijderd",
    "welke nummers zijn toegevoegd", "changes linked or relinked", "changes amsterdam unlinked",
]  # fmt: skip


def changed_account() -> list[dict[str, Any]]:
    """RECORDS after a busy night: unlinked, linked, relinked, moved, retyped, released, added."""
    records = copy.deepcopy(RECORDS)
    by_id = {r["id"]: r for r in records}
    by_id["n01"].update(linked_assistant=None, available=True)
    by_id["n02"].update(linked_assistant=_linked("Night Support"), available=False)
    by_id["n05"].update(linked_assistant=_linked("Billing Desk"))
    by_id["n04"].update(locality="Utrecht")
    by_id["n08"].update(number_type="national")
    records.remove(by_id["n06"])
    records.append({"id": "n11", "phone_number": "+31704445555", "locality": "Den Haag", "number_type": "local",
                    "available": False, "linked_assistant": _linked("Front Desk Utrecht")})  # fmt: skip
    return records


def busy_store(open_store: OpenStore) -> SqlHistory:
    """Two readings, then the changed account, then RECORDS again: every change made and undone."""
    store = open_store(now=lambda: NOW)
    for minutes, records in ((0, RECORDS), (5, changed_account()), (10, RECORDS)):
        store.record(SnapshotRecord(fetched_at=START + timedelta(minutes=minutes), numbers=numbers_from(records)))
    return store


def asked_about(change: Change, question: Question, test: NumberTest) -> bool:
    """The change touches a number the filters ask about, and is of a kind asked about ("changes linked")."""
    return touches(change, test) and (not question.change_kinds or str(change.kind) in question.change_kinds)


@pytest.mark.parametrize("text", QUESTIONS)
def test_the_store_finds_and_counts_exactly_the_changes_touches_finds(open_store: OpenStore, text: str) -> None:
    store = busy_store(open_store)
    snapshot = make_snapshot(RECORDS + [r for r in changed_account() if r["id"] == "n11"])
    question = question_for(text, snapshot, now=NOW)
    assert question.since is not None, text
    test = predicate_for(question, "NL")
    expected = [change for change in store.changes(question.since) if asked_about(change, question, test)]
    listing = answer_changes(question, store, "NL", offset=0, page_size=3)
    assert len(listing.changes) == len(expected), text
    pages = [
        answer_changes(question, store, "NL", offset=offset, page_size=3).changes[offset : offset + 3]
        for offset in range(0, len(expected), 3)
    ]
    assert [c for page in pages for c in page] == expected, text


def test_only_digits_inside_the_number_are_left_to_python() -> None:
    snapshot = make_snapshot()
    assert change_filter(question_for("changes billing desk local", snapshot, now=NOW), "NL")[1]
    assert not change_filter(question_for("changes 4567", snapshot, now=NOW), "NL")[1]


@pytest.mark.parametrize("text", QUESTIONS)
def test_the_count_by_kind_covers_every_change_of_the_period_not_a_page(open_store: OpenStore, text: str) -> None:
    store = busy_store(open_store)
    snapshot = make_snapshot(RECORDS + [r for r in changed_account() if r["id"] == "n11"])
    question = question_for(text, snapshot, now=NOW)
    assert question.since is not None, text
    test = predicate_for(question, "NL")
    expected = Counter(
        str(change.kind) for change in store.changes(question.since) if asked_about(change, question, test)
    )
    listing = answer_changes(question, store, "NL", offset=0, page_size=3)
    assert dict(listing.by_kind or {}) == dict(expected), text
