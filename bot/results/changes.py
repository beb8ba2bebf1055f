"""What a change question found in the history, before it is rendered."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.inventory.diff import Change
from bot.inventory.history import Coverage


@dataclass(frozen=True)
class ChangeListing:
    """The changes that answer a question, newest first, with what was asked in words."""

    description: str
    changes: Sequence[Change]  # all of them, or a Window: the page asked for, and how many there are
    since: datetime
    until: datetime | None
    coverage: Coverage | None = None  # what history saw of the period (None: not asked)
    by_kind: Mapping[str, int] | None = None  # how many of `changes` are of each kind, over the whole period
