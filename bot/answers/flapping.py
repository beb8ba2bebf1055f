"""Flapping: a number that keeps changing back and forth gets one summary post, not a post per change.

Whether a number is flapping is worked out from its stored changes (SQL), not from this process's memory: a restart
or another replica (each reading is recorded, and posted, by one of them) tells it the same way (issue 20).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
# How far back a change's past is read: the window before it, and the window before the previous change (whether
# that one was flapping already tells a change that starts the summary from one that is damped).
FLAP_MEMORY = 2 * FLAP_WINDOW

# When each number changed (the readings it changed in) and how: {number_id: {seen_until: kind}}.
ChangeMoments = Mapping[str, Mapping[datetime, ChangeKind]]


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


def flap_states(
    changes: Sequence[Change],
    seen: ChangeMoments,
    limit: int = FLAP_CHANGES,
    window: timedelta = FLAP_WINDOW,
) -> dict[str, FlapState]:
    """How each number changed in one reading is posted, given when it changed before (`seen`, the reading's own
    changes may be in it already: a change is counted once per reading)."""
    states = {}
    for number_id in {change.number_id for change in changes}:
        own = [change for change in changes if change.number_id == number_id]
        kinds_at = dict(seen.get(number_id, {}))
        for change in own:
            kinds_at.setdefault(change.seen_until, change.kind)
        now = max(change.seen_until for change in own)  # a later reading (another replica's) is not its past
        moments = sorted(moment for moment in kinds_at if moment <= now)
        recent = [moment for moment in moments if now - window < moment <= now]
        if not _flapping(moments, now, limit, window):
            flap = Flap.STEADY
        elif len(moments) > 1 and _flapping(moments, moments[-2], limit, window):
            flap = Flap.DAMPED
        else:
            flap = Flap.STARTED
        kinds = tuple(dict.fromkeys(kinds_at[moment] for moment in recent))
        states[number_id] = FlapState(flap, len(recent), kinds)
    return states


def _flapping(moments: list[datetime], at: datetime, limit: int, window: timedelta) -> bool:
    return sum(1 for moment in moments if at - window < moment <= at) > limit
