"""A count for each assistant, place or type among the numbers a question selects ("how many per assistant")."""

from __future__ import annotations

from collections.abc import Callable

from bot.answers.search import describe, select
from bot.flireo.models import PhoneNumber
from bot.i18n import N_, _
from bot.inventory.index import SearchIndex
from bot.reading.question import GroupBy, Question, Status
from bot.results.groups import Group, Groups

# What the numbers without the grouped-by field are counted under.
# Marked here, translated where shown (group_views): a label is compared and sorted as it is made.
UNGROUPED = {GroupBy.ASSISTANT: N_("not linked"), GroupBy.PLACE: N_("no place"), GroupBy.TYPE: N_("untyped")}


def groups(question: Question, index: SearchIndex, region: str) -> Groups:
    """The numbers a question selects, counted for each assistant, place or type; largest first, then by name."""
    assert question.group_by is not None
    if question.with_none and question.status is not None:
        return _places_with_none(question, question.status, index, region)
    label = _group_label(question.group_by, index)
    found = select(index, question, region)
    counts = _counted(found, label)
    rows = sorted(
        (Group(name or UNGROUPED[question.group_by], *row, named=name is not None) for name, row in counts.items()),
        key=lambda group: (not group.named, -group.total, group.label.casefold()),
    )
    status_known = question.status is not None or question.group_by is GroupBy.ASSISTANT
    hint = None
    if question.group_by is GroupBy.ASSISTANT and question.status is Status.AVAILABLE:
        hint = _("A number linked to an assistant is never free, so no assistant has available numbers.")
    return Groups(describe(question, len(found)), question.group_by, len(found), tuple(rows), status_known, hint)


def _places_with_none(question: Question, status: Status, index: SearchIndex, region: str) -> Groups:
    """The places with numbers (of the question's other filters), none of them of `status`: where it ran out."""
    found = select(index, question.model_copy(update={"status": None}), region)
    by_place = _counted(found, _group_label(GroupBy.PLACE, index))
    counts = {place: row for place, row in by_place.items() if place is not None}
    of_status = 1 if status is Status.AVAILABLE else 2
    rows = sorted(
        (Group(place, *row) for place, row in counts.items() if row[of_status] == 0),
        key=lambda group: (-group.total, group.label.casefold()),
    )
    total = sum(group.total for group in rows)
    return Groups(describe(question, total), GroupBy.PLACE, total, tuple(rows), none_of=status.value, among=len(counts))


def _counted(found: tuple[PhoneNumber, ...], label: Callable[[PhoneNumber], str | None]) -> dict[str | None, list[int]]:
    """[total, available, linked] for each label the numbers are counted under."""
    counts: dict[str | None, list[int]] = {}
    for number in found:
        row = counts.setdefault(label(number), [0, 0, 0])
        row[0] += 1
        row[1] += number.available
        row[2] += number.linked
    return counts


def _group_label(group_by: GroupBy, index: SearchIndex) -> Callable[[PhoneNumber], str | None]:
    """What a number is counted under: its assistant's name, its place as most records spell it, or its type."""
    if group_by is GroupBy.ASSISTANT:
        return lambda number: number.linked_assistant.name if number.linked_assistant else None
    if group_by is GroupBy.PLACE:  # the spelling most records use, so "den haag" and "Den Haag" count as one
        return lambda number: index.localities.get(index.locality_of.get(number.id, ""))
    return lambda number: number.number_type
