"""What changed between two readings of the inventory: a pure diff, keyed by Flireo's number id."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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
    # The two readings around it, from the earlier one's first page to the later one's last (None: stored before
    # pages were dated, when seen_from/seen_until were these): the changes of one reading are listed under it.
    reading_from: datetime | None = None
    reading_until: datetime | None = None

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


def _changes_of_one(old: PhoneNumber, new: PhoneNumber, dated: _Dated) -> list[Change]:
    found: list[Change] = []
    link = _link_change(old, new)
    if link is not None:
        found.append(dated.change(link, new, old, new))
    for name in COMPARED_FIELDS:
        # Availability follows the link on Flireo; it is only news when the link did not change.
        if name == "available" and link is not None:
            continue
        if getattr(old, name) != getattr(new, name):
            found.append(dated.change(ChangeKind.CHANGED, new, old, new, name))
    return found


@dataclass(frozen=True)
class _Dated:
    """Dates one number's changes: from the last page that saw it before to the first page that saw it after."""

    seen_from: datetime
    seen_until: datetime
    reading: tuple[datetime, datetime] | None

    def change(
        self,
        kind: ChangeKind,
        number: PhoneNumber,
        old: PhoneNumber | None,
        new: PhoneNumber | None,
        field: str | None = None,
    ) -> Change:
        reading_from, reading_until = self.reading or (None, None)
        return Change(
            kind, number.id, number.phone_number, self.seen_from, self.seen_until, old, new, field,
            reading_from, reading_until,
        )  # fmt: skip


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

    def ids(self) -> set[str]:
        """The ids of every number that differs."""
        return {n.id for n in self.added} | {new.id for _, new in self.differing} | {n.id for n in self.removed}


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
    read_before: Mapping[str, datetime] | None = None,
    read_after: Mapping[str, datetime] | None = None,
) -> list[Change]:
    """Every change from `before` to `after`, in the order of the numbers (order of records is no change).

    `seen_from` is when the earlier reading began, `seen_until` when the later one ended. With the numbers' read
    times (`read_before`, `read_after`: their pages' arrival, by id) each change is dated by its own pages: from the
    earlier reading's page that still saw the old state to the later one's that saw the new. A number added was not
    seen before (from `seen_from`); one removed was not seen after (until `seen_until`). A number whose time is
    missing falls back to the reading's: wider, never wrong. `differs`: their delta, when the caller has it already
    (a quiet reading of 100,000 numbers is compared once).
    """
    found = differs if differs is not None else delta(before, after)
    reading = (seen_from, seen_until) if read_before is not None or read_after is not None else None
    was, now = read_before or {}, read_after or {}
    changes: list[Change] = []
    for new in found.added:
        changes.append(_Dated(seen_from, now.get(new.id, seen_until), reading).change(ChangeKind.ADDED, new, None, new))
    for old, new in found.differing:
        dated = _Dated(was.get(new.id, seen_from), now.get(new.id, seen_until), reading)
        changes += _changes_of_one(old, new, dated)
    for old in found.removed:
        gone = _Dated(was.get(old.id, seen_from), seen_until, reading)
        changes.append(gone.change(ChangeKind.REMOVED, old, old, None))
    return sorted(changes, key=lambda change: (change.phone_number, change.kind.value))
