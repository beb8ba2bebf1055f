"""`apps.connections.open` as Slack allows it: Tier 1 pacing, Retry-After, `link_disabled`, no URL thrown away.

Slack's rate-limit tiers: Tier 1 methods are for infrequent access, "1+ per minute", and "a small amount of burst
behavior is tolerated" (api.slack.com/apis/rate-limits). Every Socket Mode connection needs one call (a URL holds a
single-use ticket), so the calls are one at a time, from a token bucket, and every answer is seen before the next
call: a 429 pauses them for its Retry-After, `link_disabled` (Socket Mode switched off in the app's settings) for
LINK_DISABLED_RETRY_SECONDS.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from typing import Any

from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)

# One call per connection Slack allows (10 per app), so start-up or a reconnect of every connection is one burst;
# after it, SOCKET_MODE_OPENS_PER_MINUTE (1 by default: Tier 1's "1+ per minute").
OPEN_BURST = 10
# A 429 without a usable Retry-After waits one Tier 1 interval; an absurd one is capped at an hour.
DEFAULT_RETRY_AFTER_SECONDS = 60.0
MAX_RETRY_AFTER_SECONDS = 3600.0
# Switched off by a person in the app's settings: ask again every five minutes, not in a loop.
LINK_DISABLED_RETRY_SECONDS = 300.0
LINK_DISABLED = "link_disabled"


class Opener:
    """Hands out websocket URLs from `apps.connections.open`, one call at a time and never faster than allowed."""

    def __init__(
        self,
        call: Callable[[], str],
        *,
        per_minute: float = 1.0,
        burst: int = OPEN_BURST,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._call = call
        self._rate = per_minute / 60.0
        self._burst = float(burst)
        self._tokens = float(burst)
        self._clock = clock
        self._refilled_at = clock()
        self._turn = threading.Lock()  # held by the one caller allowed to call (or wait to call) Slack
        self._cond = threading.Condition(threading.RLock())  # guards the state below; waits release it
        self._spare: list[str] = []
        self._paused_until = 0.0
        self._stopped = False
        self.state = "ok"  # "ok", "rate_limited" or "link_disabled"
        self.calls = 0

    def next_url(self) -> str | None:
        """A websocket URL (a spare one first); None once stopped. Raises SlackApiError or OSError on failure."""
        with self._turn:
            with self._cond:
                while not self._stopped:
                    if self._spare:
                        return self._spare.pop()
                    wait = self.seconds_until_next_call()
                    if wait <= 0:
                        self._tokens -= 1
                        self.calls += 1
                        break
                    self._cond.wait(wait)
                else:
                    return None
            try:
                url = self._call()
            except SlackApiError as exc:
                self._refused(exc)
                raise
            self._answered()
            return url

    def keep_spare(self, url: str) -> None:
        """A URL fetched but not used (its connection is gone): the next caller gets it, no call spent."""
        with self._cond:
            self._spare.append(url)
            self._cond.notify_all()

    def link_disabled(self, source: str) -> None:
        """Socket Mode is switched off: no call for LINK_DISABLED_RETRY_SECONDS; said once per outage."""
        with self._cond:
            self._paused_until = self._clock() + LINK_DISABLED_RETRY_SECONDS
            self._spare.clear()  # their tickets are for a link that is off
            if self.state == LINK_DISABLED:
                return
            self.state = LINK_DISABLED
        log.warning(
            "Socket Mode is switched off in the Slack app's settings (%s): not reconnecting; asking again every %d s",
            source,
            LINK_DISABLED_RETRY_SECONDS,
        )

    def stop(self) -> None:
        """Wake every waiting caller; nothing is called afterwards."""
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    def status(self) -> dict[str, Any]:
        """For /healthz."""
        with self._cond:
            wait = self.seconds_until_next_call()  # also refills the bucket, so the count below is current
            return {
                "state": self.state,
                "open_calls": self.calls,
                "open_calls_left_in_burst": int(self._tokens),
                "open_paused_seconds": round(max(0.0, self._paused_until - self._clock()), 1),
                "next_open_call_in_seconds": round(wait, 1),
            }

    def seconds_until_next_call(self) -> float:
        """How long the next call waits: Slack's pause (Retry-After, link_disabled) or the pacing, the longer."""
        with self._cond:  # an RLock: next_url calls this holding it
            now = self._clock()
            self._tokens = min(self._burst, self._tokens + (now - self._refilled_at) * self._rate)
            self._refilled_at = now
            pacing = (1 - self._tokens) / self._rate if self._tokens < 1 else 0.0
            return max(self._paused_until - now, pacing)

    def _refused(self, exc: SlackApiError) -> None:
        error = str(exc.response.get("error", ""))
        if error == LINK_DISABLED:
            self.link_disabled("apps.connections.open")
            return
        if exc.response.status_code != 429:
            return
        pause = retry_after_seconds(exc.response.headers)
        with self._cond:
            self._paused_until = max(self._paused_until, self._clock() + pause)
            first = self.state != "rate_limited"
            self.state = "rate_limited"
        if first:
            log.warning("apps.connections.open is rate-limited: no call for %.0f s (Retry-After)", pause)

    def _answered(self) -> None:
        with self._cond:
            before, self.state = self.state, "ok"
        if before == LINK_DISABLED:
            log.info("Socket Mode is switched on again: reconnecting")


def retry_after_seconds(headers: Any) -> float:
    """Slack's Retry-After (seconds) from response headers, bounded; missing or garbage means one Tier 1 interval."""
    raw = None
    if isinstance(headers, dict):
        raw = next((v for k, v in headers.items() if str(k).lower() == "retry-after"), None)
    if isinstance(raw, list):
        raw = raw[0] if raw else None
    try:
        seconds = float(str(raw).strip()[:20])
    except ValueError:
        return DEFAULT_RETRY_AFTER_SECONDS
    if not math.isfinite(seconds) or seconds < 0:
        return DEFAULT_RETRY_AFTER_SECONDS
    return min(max(seconds, 1.0), MAX_RETRY_AFTER_SECONDS)
