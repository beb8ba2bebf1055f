"""When each number of a reading was read: its page's arrival, kept as runs along the reading's numbers.

A reading of 20,000 numbers takes ~3.4 minutes at the default budget: a change is dated by the page that saw it,
not by the reading's start. Runs ("the next 100 numbers were read at 02:07:31") cost one entry a page, not one a
number: 1,000 entries at 100,000 numbers, small enough to share between replicas with the snapshot.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime

from bot.flireo.models import PhoneNumber

# (how many numbers, when they were read), along a reading's numbers in order.
ReadTimes = tuple[tuple[int, datetime], ...]


def add_run(runs: list[tuple[int, datetime]], count: int, at: datetime | None) -> None:
    """Append `count` numbers read at `at` (merged with the run before when read at the same time)."""
    if count <= 0 or at is None:
        return
    if runs and runs[-1][1] == at:
        runs[-1] = (runs[-1][0] + count, at)
    else:
        runs.append((count, at))


def runs_of(numbers: Iterable[PhoneNumber], read_at: Mapping[str, datetime]) -> ReadTimes:
    """The runs of `numbers` in order, each dated by `read_at` (by id); () when a number's time is not known."""
    runs: list[tuple[int, datetime]] = []
    for number in numbers:
        at = read_at.get(number.id)
        if at is None:
            return ()
        add_run(runs, 1, at)
    return tuple(runs)


def times_by_id(numbers: Sequence[PhoneNumber], runs: ReadTimes, ids: Collection[str]) -> dict[str, datetime]:
    """The read times (by id) of the numbers in `ids`, from runs along `numbers`; {} when the runs do not cover
    them exactly."""
    if not runs or not ids or sum(count for count, _ in runs) != len(numbers):
        return {}
    found: dict[str, datetime] = {}
    at = 0
    for count, moment in runs:
        for number in numbers[at : at + count]:
            if number.id in ids:
                found[number.id] = moment
        at += count
    return found


def span(runs: ReadTimes) -> tuple[datetime, datetime] | None:
    """The first and last page's times, or None without runs."""
    if not runs:
        return None
    moments = [moment for _, moment in runs]
    return min(moments), max(moments)
