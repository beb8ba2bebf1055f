"""A sudden large shrink of the listing is believed only when a read later than a glitch lasts shows it too (#10, #19).

Flireo restarting while its database loads listed 50 of 250 numbers for 3 s; a confirming read sent at once fell in
the same window, saw the same 50, and owned numbers read "not on this account" for a minute while history recorded
hundreds of false removals. So the confirming read waits, and the last good data answers meanwhile, marked.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.errors import FlireoBadResponse
from bot.flireo.listing import Inventory
from bot.flireo.pages import FlireoInconsistent
from bot.i18n.translator import Count, Text

# A fetch that loses more than half the numbers (of an account of at least 10) is believed only when a later fetch
# shows the same: a Flireo glitch must not tell users that numbers we own are gone (#10).
SHRINK_CONFIRM_FRACTION = 0.5
SHRINK_CONFIRM_MIN_NUMBERS = 10
# Two fetches "show the same" when their counts differ by at most this fraction (numbers do come and go).
SHRINK_AGREEMENT_FRACTION = 0.05
# The confirming read goes this long after the shrink was seen, times 1 to 1.5 (jitter, so replicas and a Flireo
# coming back from a restart are not met in step). A restart that loads its database is seconds (#19: 3 s); 20 to
# 30 s is well past that, still inside the 60 s a snapshot is fresh, and costs one more read of the listing (three
# requests for 250 numbers) in a minute whose budget is 60.
SHRINK_RECHECK_SECONDS = 20.0
SHRINK_RECHECK_JITTER = 0.5
# A timer firing this early still counts as due (timers are not exact).
DUE_SLACK_SECONDS = 0.05


def shrank(before: int, after: int) -> bool:
    """Whether going from `before` to `after` numbers is a shrink large enough to need confirming."""
    return before >= SHRINK_CONFIRM_MIN_NUMBERS and after < before * SHRINK_CONFIRM_FRACTION


class ShrinkUnconfirmed(FlireoBadResponse):
    """A read showed a sudden shrink; nothing is read again, and the last good data answers, until a later read."""


@dataclass(frozen=True)
class PendingShrink:
    """A shrink seen once: from `before` to `seen` numbers, to be read again at `due` (on the cache's clock)."""

    before: int
    seen: int
    due: float
    due_at: datetime

    def error(self) -> ShrinkUnconfirmed:
        """What users read (marked stale) and /healthz shows while the shrink waits to be confirmed."""
        return ShrinkUnconfirmed(
            Text(
                "Flireo listed {seen} of the {before} numbers; the last good data answers until a read at {time} UTC "
                "shows the same",
                seen=Count(self.seen),
                before=Count(self.before),
                time=f"{self.due_at:%H:%M:%S}",
            ),
            200,
        )


class ShrinkCheck:
    """Holds a shrink seen once until a read at least `delay_seconds` (with jitter) later agrees with it."""

    def __init__(
        self,
        clock: Callable[[], float],
        now: Callable[[], datetime],
        on_due: Callable[[], None],
        delay_seconds: float = SHRINK_RECHECK_SECONDS,
    ) -> None:
        self._clock = clock
        self._now = now
        self._on_due = on_due
        self._delay = delay_seconds
        self._pending: PendingShrink | None = None
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def hold(self) -> None:
        """Raise ShrinkUnconfirmed while a shrink waits for its later read: no read before then."""
        with self._lock:
            pending = self._pending
        if pending is not None and self._clock() < pending.due - DUE_SLACK_SECONDS:
            raise pending.error()

    def checked(self, before: int, inventory: Inventory) -> Inventory:
        """`inventory` when it is no sudden shrink, or one a read later than a glitch lasts agrees with; else raise."""
        seen = len(inventory.numbers)
        with self._lock:
            pending, self._pending = self._pending, None
        if not shrank(before, seen):
            self.close()  # the glitch is over: its later read is not needed
            return inventory
        if pending is not None and self._clock() >= pending.due - DUE_SLACK_SECONDS:
            if abs(seen - pending.seen) <= max(1.0, pending.seen * SHRINK_AGREEMENT_FRACTION):
                return inventory
            self._wait(before, seen)
            raise FlireoInconsistent(
                Text(
                    "the count fell from {before} to {pending}, then read {seen}",
                    before=Count(before),
                    pending=Count(pending.seen),
                    seen=Count(seen),
                )
            )
        raise self._wait(before, seen).error()

    def close(self) -> None:
        """Cancel a read still waiting."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()

    def _wait(self, before: int, seen: int) -> PendingShrink:
        """Hold the shrink and set a timer for the read that confirms it."""
        delay = self._delay * random.uniform(1.0, 1.0 + SHRINK_RECHECK_JITTER)
        pending = PendingShrink(before, seen, self._clock() + delay, self._now() + timedelta(seconds=delay))
        timer = threading.Timer(delay, self._on_due)
        timer.daemon = True
        with self._lock:
            self._pending = pending
            if self._timer is not None:
                self._timer.cancel()
            self._timer = timer
        timer.start()
        return pending
