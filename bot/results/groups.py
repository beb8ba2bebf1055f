"""What a "how many per assistant, place or type" question found, before it is rendered."""

from __future__ import annotations

from dataclasses import dataclass

from bot.reading.question import GroupBy


@dataclass(frozen=True)
class Group:
    """The count of one assistant, place or type (or of the numbers with none: not `named`)."""

    label: str
    total: int
    available: int
    linked: int
    named: bool = True


@dataclass(frozen=True)
class Groups:
    """A count for each assistant, place or type, largest first; the numbers with none of them last."""

    description: str
    group_by: GroupBy
    total: int
    groups: tuple[Group, ...]
    # The question fixed the status, or an assistant's numbers are all linked: a group's status split says nothing.
    status_known: bool = False
    hint: str | None = None  # why nothing could be counted, when the question cannot have an answer
    # "which places have no free numbers": the status none of the listed groups' numbers has ("available")
    none_of: str | None = None
    among: int = 0  # with none_of: how many places have numbers at all
