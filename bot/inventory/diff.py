"""What changed between two readings of the inventory: a pure diff, keyed by Flireo's number id."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.flireo.models import Assistant, PhoneNumber


class ChangeKind(StrEnum):
    """The kinds of change a number can go through between two readings."""

    ADDED = "added"
    REMOVED = "removed"
    LINKED = "linked"
    UNLINKED = "unlinked"
    RELINKED = "relinked"
    CHANGED = "changed"  # type, locality or availability


@dataclass(frozen=True)
class Change:
    """One change of one number, known only to have happened between two readings (`after` < it ≤ `before`)."""

    kind: ChangeKind
    number_id: str
    phone_number: str
    # The readings it happened between: Flireo has no change feed, so the exact moment is unknown.
    seen_from: datetime
    seen_until: datetime
    old: PhoneNumber | None = None
    new: PhoneNumber | None = None
    # For CHANGED: which field ("number_type", "locality", "available").
    field: str | None = None

    @property
    def current(self) -> PhoneNumber:
        """The record as of the later reading (the earlier one for a removal)."""
        record = self.new or self.old
        assert record is not None
        return record


# Fields whose change is reported as CHANGED; the link is reported by its own kinds.
COMPARED_FIELDS = ("number_type", "locality", "available")


def _assistant_key(assistant: Assistant | None) -> str | None:
    """Who a number is linked to: the assistant's id, or its name when Flireo gives no id."""
    if assistant is None:
        return None
    return assistant.id or f"name:{assistant.name}"


def _link_change(old: PhoneNumber, new: PhoneNumber) -> ChangeKind | None:
    before, after = _assistant_key(old.linked_assistant), _assistant_key(new.linked_assistant)
    if before == after:
        return None
    if before is None:
        return ChangeKind.LINKED
    return ChangeKind.UNLINKED if after is None else ChangeKind.RELINKED


def _changes_of_one(old: PhoneNumber, new: PhoneNumber, seen_from: datetime, seen_until: datetime) -> list[Change]:
    found: list[Change] = []
    link = _link_change(old, new)
    if link is not None:
        found.append(Change(link, new.id, new.phone_number, seen_from, seen_until, old, new))
    for name in COMPARED_FIELDS:
        # Availability follows the link on Flireo; it is only news when the link did not change.
        if name == "available" and link is not None:
            continue
        if getattr(old, name) != getattr(new, name):
            found.append(Change(ChangeKind.CHANGED, new.id, new.phone_number, seen_from, seen_until, old, new, name))
    return found


def same(old: PhoneNumber, new: PhoneNumber) -> bool:
    """Whether two readings of a number hold the same record.

    Their fields compared directly: pydantic's `==` checks type, private and extra state too, which made comparing
    a quiet reading of 100,000 numbers most of the time history took to store it.
    """
    return old is new or (type(old) is type(new) and old.__dict__ == new.__dict__)


@dataclass(frozen=True)
class Delta:
    """Which numbers differ between two readings: the rest is the same record (and is neither diffed nor stored)."""

    added: list[PhoneNumber]
    differing: list[tuple[PhoneNumber, PhoneNumber]]  # (before, after)
    removed: list[PhoneNumber]

    @property
    def quiet(self) -> bool:
        """Nothing differs."""
        return not (self.added or self.differing or self.removed)


def delta(before: Iterable[PhoneNumber], after: Iterable[PhoneNumber]) -> Delta:
    """The numbers that differ from `before` to `after`, by id, in one pass (a number listed twice: the last)."""
    latest = tuple(after)
    was = {number.id: number for number in before}
    added: list[PhoneNumber] = []
    differing: list[tuple[PhoneNumber, PhoneNumber]] = []
    for new in latest:
        old = was.pop(new.id, None)
        if old is None:
            added.append(new)
        elif not same(old, new):
            differing.append((old, new))
    if added and len({number.id for number in latest}) < len(latest):  # an id listed twice: compare the last
        return delta(before, {number.id: number for number in latest}.values())
    return Delta(added, differing, list(was.values()))


def diff(
    before: Iterable[PhoneNumber],
    after: Iterable[PhoneNumber],
    seen_from: datetime,
    seen_until: datetime,
    *,
    differs: Delta | None = None,
) -> list[Change]:
    """Every change from `before` to `after`, in the order of the numbers (order of records is no change).

    `differs`: their delta, when the caller has it already (a quiet reading of 100,000 numbers is compared once).
    """
    found = differs if differs is not None else delta(before, after)
    changes: list[Change] = []
    for new in found.added:
        changes.append(Change(ChangeKind.ADDED, new.id, new.phone_number, seen_from, seen_until, None, new))
    for old, new in found.differing:
        changes += _changes_of_one(old, new, seen_from, seen_until)
    for old in found.removed:
        changes.append(Change(ChangeKind.REMOVED, old.id, old.phone_number, seen_from, seen_until, old, None))
    return sorted(changes, key=lambda change: (change.phone_number, change.kind.value))
