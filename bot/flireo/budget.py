"""A moving one-minute window that keeps our Flireo requests under budget (SPEC §5), and under what Flireo's
own rate-limit headers say is left of the key's minute (other tools may share the key)."""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from bot.errors import FlireoRateLimited
from bot.i18n.translator import Text

log = logging.getLogger(__name__)

WINDOW_SECONDS = 60.0
# Flireo's limit is per minute: a Reset further off than that is not believed (a header is untrusted input).
MAX_RESET_SECONDS = 60.0
# Flireo's docs name X-RateLimit-Reset without saying whether it is a Unix time or seconds from now: a value
# past this (September 2001) can only be a Unix time.
UNIX_TIME_AFTER = 1_000_000_000
# Two answers whose reset times are this close describe the same window of Flireo's (Reset has whole seconds).
SAME_WINDOW_SECONDS = 2.0
# A "0 left" nothing confirmed (no countdown to it, no 429) is checked with one request (#19: a proxy or a broken
# Flireo sending `Remaining: 0` on every successful reply kept the account from ever being read). While that probe
# is out, other requests look again this often instead of waiting for the reset.
PROBE_POLL_SECONDS = 0.05
# A probe that got no answer (timed out) stops counting as out after this long (a fetch's whole deadline).
PROBE_GIVE_UP_SECONDS = 12.0


@dataclass(frozen=True)
class UpstreamLimit:
    """What Flireo's headers last said about the key: requests left until `reset_at` (on the budget's clock)."""

    limit: int | None
    remaining: int
    reset_at: float
    # Whether "none left" is borne out: the count ran down to it in this window, or Flireo answered a 429.
    confirmed: bool = True

    def health(self, now: float) -> dict[str, Any]:
        """For /healthz."""
        return {"limit": self.limit, "remaining": self.remaining, "reset_in_seconds": round(self.reset_at - now, 1)}

    @property
    def unconfirmed_zero(self) -> bool:
        """Says none is left, with nothing yet to bear it out."""
        return self.remaining <= 0 and not self.confirmed


def _whole(text: str | None) -> int | None:
    """A non-negative integer header, or None (missing, garbled or absurd)."""
    if text is None or not text.strip().isdigit() or len(text.strip()) > 12:
        return None
    return int(text.strip())


def _signed(text: str | None) -> int | None:
    """An integer header that may be negative (a Reset in the past), or None (missing, garbled or absurd)."""
    if text is None:
        return None
    stripped = text.strip()
    return -_whole(stripped[1:]) if stripped.startswith("-") and _whole(stripped[1:]) is not None else _whole(stripped)


def read_rate_limit(headers: Mapping[str, str], now: float, unix_now: float) -> UpstreamLimit | None:
    """Flireo's X-RateLimit-Limit/Remaining/Reset as an UpstreamLimit on a clock reading `now`; None without them."""
    lower = {key.lower(): value for key, value in headers.items()}
    remaining = _whole(lower.get("x-ratelimit-remaining"))
    if remaining is None:
        return None
    reset = _signed(lower.get("x-ratelimit-reset"))
    seconds = MAX_RESET_SECONDS if reset is None else float(reset)
    if seconds > UNIX_TIME_AFTER:
        seconds -= unix_now
    # A reset in the past (`Reset: -30`, a Unix time gone by) is over: its window says nothing about now.
    reset_at = now + min(max(seconds, 0.0), MAX_RESET_SECONDS)
    return UpstreamLimit(_whole(lower.get("x-ratelimit-limit")), remaining, reset_at)


class RequestBudget:
    """Allows `per_minute` requests in any 60-second window; a burst up to the budget goes out at once.

    Flireo's headers, passed to `observe`, narrow it further: none goes out while they say the key has no
    requests left, until their reset time. They are a hint checked against what happens (#19): a "0 left" that no
    countdown led to is checked with one request; when that succeeds the headers' count is not believed again until
    Flireo answers a 429.
    """

    def __init__(
        self,
        per_minute: int,
        clock: Callable[[], float] = time.monotonic,
        unix: Callable[[], float] = time.time,
        window_seconds: float = WINDOW_SECONDS,
    ) -> None:
        self.per_minute = per_minute
        # Flireo's window is a minute; tests shorten ours (FLIREO_RATE_WINDOW_SECONDS) to see several in seconds.
        self.window_seconds = window_seconds
        self._clock = clock
        self._unix = unix
        self._sent: deque[float] = deque()
        self._upstream: UpstreamLimit | None = None
        # When the one request checking an unconfirmed "0 left" went out (None: none is out).
        self._probe_sent: float | None = None
        # Set when a request succeeded although the headers said none was left: their count is not believed.
        self._disbelieved = False
        self._lock = threading.Lock()
        self._freed = threading.Condition(self._lock)

    def _forget_old(self, now: float) -> None:
        while self._sent and now - self._sent[0] >= self.window_seconds:
            self._sent.popleft()

    def _needed(self, now: float) -> float:
        """Seconds until a request may go (0: now); call with the lock held."""
        self._forget_old(now)
        own = 0.0 if len(self._sent) < self.per_minute else self._sent[0] + self.window_seconds - now
        return max(own, self.upstream_wait(now))

    def upstream_wait(self, now: float) -> float:
        """Seconds until Flireo's headers allow another request (0: they allow it, or said nothing)."""
        upstream = self._believed(now)
        if upstream is None or upstream.remaining > 0:
            return 0.0
        if upstream.unconfirmed_zero:  # one request goes to check it; the others wait for its answer
            return PROBE_POLL_SECONDS if self._probe_out(now) else 0.0
        return upstream.reset_at - now

    def _probe_out(self, now: float) -> bool:
        if self._probe_sent is not None and now - self._probe_sent > PROBE_GIVE_UP_SECONDS:
            self._probe_sent = None
        return self._probe_sent is not None

    def _believed(self, now: float) -> UpstreamLimit | None:
        """The headers' last word as far as it is believed (None: no word, or their count proved wrong)."""
        return None if self._disbelieved else self.upstream_limit(now)

    def wait_seconds(self) -> float:
        """How long the next request would have to wait; 0 when it may go now."""
        with self._lock:
            return self._needed(self._clock())

    def try_acquire(self, max_wait: float) -> float:
        """Take a slot, waiting at most `max_wait` seconds; return 0 on success, else the wait still needed."""
        deadline = self._clock() + max_wait
        with self._lock:
            while True:
                now = self._clock()
                needed = self._needed(now)
                if not needed:
                    self._sent.append(now)
                    self._spend_upstream()
                    return 0.0
                if now + needed > deadline:
                    return needed
                self._freed.wait(timeout=needed)

    def used(self) -> int:
        """Requests counted against the current window: ours, or more when Flireo says the key has less left."""
        with self._lock:
            now = self._clock()
            self._forget_old(now)
            upstream = self._believed(now)
            unknown = upstream is None or upstream.unconfirmed_zero
            theirs = 0 if unknown else self.per_minute - upstream.remaining
            return max(len(self._sent), theirs)

    def observe(self, headers: Mapping[str, str], status: int = 200) -> None:
        """Take in the rate-limit headers of a Flireo response of `status` (no headers: nothing changes)."""
        now = self._clock()
        seen = read_rate_limit(headers, now, self._unix())
        with self._lock:
            probed, self._probe_sent = self._probe_sent is not None, None
            if status == 429:  # what happened bears the headers out (or there were none): believe them again
                self._disbelieved = False
            elif probed and status < 400 and not self._disbelieved:
                self._disbelieved = True
                log.warning("Flireo answered although its rate headers said no request was left; not believing them")
            self._freed.notify_all()
            if seen is None:
                if status == 429 and self._upstream is not None:
                    self._set_upstream(replace(self._upstream, confirmed=True))
                return
            known = self.upstream_limit(now)
            same_window = known is not None and abs(seen.reset_at - known.reset_at) <= SAME_WINDOW_SECONDS
            if known is not None and same_window:
                # Answers to concurrent requests arrive in any order: within a window the lowest count is the truth.
                seen = replace(seen, remaining=min(seen.remaining, known.remaining))
            # "None left" is borne out by a count that ran down to it in this window, or by a 429.
            counted_down = known is not None and same_window and (known.remaining > 0 or known.confirmed)
            self._set_upstream(replace(seen, confirmed=status == 429 or seen.remaining > 0 or counted_down))

    def key_spent(self, retry_after: float, detail: str | Text = "") -> FlireoRateLimited:
        """The error when Flireo's headers say other tools on the key spent it (no status: nothing failed)."""
        return FlireoRateLimited(
            Text(
                "Other tools using this Flireo key have spent its requests this minute{detail}; "
                "try again in {seconds} s.",
                detail=detail,
                seconds=max(1, math.ceil(retry_after)),
            ),
            retry_after,
            status=None,
        )

    def key_left(self) -> tuple[int, float] | None:
        """What Flireo's headers say the key has left this minute, and the seconds until it resets (None: no word)."""
        with self._lock:
            now = self._clock()
            upstream = self._believed(now)
            if upstream is None or upstream.unconfirmed_zero:
                return None
            return upstream.remaining, upstream.reset_at - now

    def upstream_health(self) -> dict[str, Any] | None:
        """What Flireo's headers last said, for /healthz (None before any said anything, or once it reset)."""
        with self._lock:
            now = self._clock()
            upstream = self.upstream_limit(now)
            if upstream is None:
                return None
            # Said only when they are not believed (a request succeeded although they said none was left).
            return {**upstream.health(now), "believed": False} if self._disbelieved else upstream.health(now)

    # Where the headers' word is kept: here, or shared by replicas (bot/inventory/coordination). The lock is held.

    def upstream_limit(self, now: float) -> UpstreamLimit | None:
        """The last word of Flireo's headers, while it is in force (until its reset time)."""
        if self._upstream is not None and now >= self._upstream.reset_at:
            self._upstream = None
        return self._upstream

    def _set_upstream(self, upstream: UpstreamLimit) -> None:
        self._upstream = upstream

    def _spend_upstream(self) -> None:
        """Count a request that goes out against what the headers said was left (it checks a "0" nothing confirmed)."""
        if self._upstream is not None:
            if self._upstream.unconfirmed_zero and not self._disbelieved:
                self._probe_sent = self._clock()
            self._upstream = replace(self._upstream, remaining=max(0, self._upstream.remaining - 1))
