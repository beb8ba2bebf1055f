"""Flapping: a number that keeps changing back and forth gets one summary post, not a post per change."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.inventory.diff import Change, ChangeKind

# A number toggling every poll posted on every poll: 288 posts a day per watch at the default POLL_SECONDS of 300
# (issue 20). Nobody acts on a number change by change once it has changed more than 3 times in an hour: up to 3
# are posted one by one (a relink and its undo, and one more, still show as they happen), the 4th gets one summary
# post, and the changes after it post nothing until the number has changed at most 3 times in the hour before a
# change again ("settled"); that change is posted as usual.
FLAP_CHANGES = 3
FLAP_WINDOW = timedelta(hours=1)


class Flap(StrEnum):
    """How a number's change is posted."""

    STEADY = "steady"  # posted as usual
    STARTED = "started"  # it just began flapping: one summary line instead of the change
    DAMPED = "damped"  # still flapping: not posted


@dataclass(frozen=True)
class FlapState:
    """A changed number's state: how its change is posted, its changes in the window, and their kinds."""

    flap: Flap
    count: int
    kinds: tuple[ChangeKind, ...]


class FlapDamper:
    """Remembers when each number changed (the readings it changed in, the last two windows) to tell flapping."""

    def __init__(self, limit: int = FLAP_CHANGES, window: timedelta = FLAP_WINDOW) -> None:
        self._limit = limit
        self._window = window
        self._seen: dict[str, dict[datetime, ChangeKind]] = {}

    def note(self, changes: Sequence[Change]) -> dict[str, FlapState]:
        """Record one reading's changes; how each changed number is to be posted."""
        for change in changes:
            self._seen.setdefault(change.number_id, {}).setdefault(change.seen_until, change.kind)
        if changes:
            self._forget_before(max(change.seen_until for change in changes) - 2 * self._window)
        states = {}
        for number_id in {change.number_id for change in changes}:
            moments = sorted(self._seen[number_id])
            now = moments[-1]
            recent = [moment for moment in moments if moment > now - self._window]
            if not self._flapping(moments, now):
                flap = Flap.STEADY
            elif len(moments) > 1 and self._flapping(moments, moments[-2]):
                flap = Flap.DAMPED
            else:
                flap = Flap.STARTED
            kinds = tuple(dict.fromkeys(self._seen[number_id][moment] for moment in recent))
            states[number_id] = FlapState(flap, len(recent), kinds)
        return states

    def _flapping(self, moments: list[datetime], at: datetime) -> bool:
        return sum(1 for moment in moments if at - self._window < moment <= at) > self._limit

    def _forget_before(self, oldest: datetime) -> None:
        for number_id in list(self._seen):
            kept = {moment: kind for moment, kind in self._seen[number_id].items() if moment > oldest}
            if kept:
                self._seen[number_id] = kept
            else:
                del self._seen[number_id]
