"""The diff of two readings: every kind of change, and nothing when nothing changed."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

from bot.inventory.diff import ChangeKind, diff
from tests.unit.support import RECORDS, numbers_from

EARLIER = datetime(2026, 11, 27, 2, 5, tzinfo=UTC)
LATER = datetime(2026, 11, 27, 2, 10, tzinfo=UTC)
BILLING = {"id": "assistant-billing-desk", "name": "Billing Desk"}
NIGHT = {"id": "assistant-night-support", "name": "Night Support"}


def changed(edit: Any) -> list[tuple[str, str, str | None]]:
    """The (kind, id, field) of each change after `edit` mutates a copy of the records."""
    after = copy.deepcopy(RECORDS)
    edit(after)
    changes = diff(numbers_from(RECORDS), numbers_from(after), EARLIER, LATER)
    return [(c.kind.value, c.number_id, c.field) for c in changes]


def record(records: list[dict[str, Any]], number_id: str) -> dict[str, Any]:
    """The record with this id."""
    return next(r for r in records if r["id"] == number_id)


def test_unchanged_inventories_produce_no_changes() -> None:
    assert changed(lambda records: None) == []


def test_a_record_that_only_changed_order_is_no_change() -> None:
    assert changed(lambda records: records.reverse()) == []


def test_an_added_number_is_added() -> None:
    new = {"id": "n99", "phone_number": "+31209999999", "number_type": "local", "available": True}
    assert changed(lambda records: records.append(new)) == [("added", "n99", None)]


def test_a_removed_number_is_removed() -> None:
    assert changed(lambda records: records.remove(record(records, "n02"))) == [("removed", "n02", None)]


def test_linking_a_free_number_is_linked_not_also_an_availability_change() -> None:
    def link(records: list[dict[str, Any]]) -> None:
        record(records, "n02").update(available=False, linked_assistant=BILLING)

    assert changed(link) == [("linked", "n02", None)]


def test_unlinking_is_unlinked_from_whom() -> None:
    def unlink(records: list[dict[str, Any]]) -> None:
        record(records, "n01").update(available=True, linked_assistant=None)

    after = copy.deepcopy(RECORDS)
    unlink(after)
    (change,) = diff(numbers_from(RECORDS), numbers_from(after), EARLIER, LATER)
    assert change.kind is ChangeKind.UNLINKED
    assert change.old is not None
    assert change.old.linked_assistant is not None
    assert change.old.linked_assistant.name == "Billing Desk"


def test_relinking_is_from_one_assistant_to_another() -> None:
    def relink(records: list[dict[str, Any]]) -> None:
        record(records, "n01")["linked_assistant"] = NIGHT

    after = copy.deepcopy(RECORDS)
    relink(after)
    (change,) = diff(numbers_from(RECORDS), numbers_from(after), EARLIER, LATER)
    assert change.kind is ChangeKind.RELINKED
    assert change.old
    assert change.old.linked_assistant
    assert change.old.linked_assistant.name == "Billing Desk"
    assert change.new
    assert change.new.linked_assistant
    assert change.new.linked_assistant.name == "Night Support"


def test_type_and_locality_changes_name_their_field() -> None:
    def edit(records: list[dict[str, Any]]) -> None:
        record(records, "n08")["number_type"] = "national"
        record(records, "n04")["locality"] = "Rijswijk"

    assert changed(edit) == [("changed", "n08", "number_type"), ("changed", "n04", "locality")]  # by number


def test_an_availability_change_without_a_link_change_is_reported() -> None:
    assert changed(lambda records: record(records, "n02").update(available=False)) == [("changed", "n02", "available")]


def test_a_renamed_assistant_with_the_same_id_is_no_relink() -> None:
    def rename(records: list[dict[str, Any]]) -> None:
        record(records, "n01")["linked_assistant"] = {**BILLING, "name": "Billing"}

    assert changed(rename) == []


def test_each_change_carries_the_interval_between_the_two_readings() -> None:
    after = copy.deepcopy(RECORDS)
    after.pop()
    (change,) = diff(numbers_from(RECORDS), numbers_from(after), EARLIER, LATER)
    assert (change.seen_from, change.seen_until) == (EARLIER, LATER)
