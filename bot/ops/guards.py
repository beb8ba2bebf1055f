"""Request guards that are not about data: seen events, per-user rate limits, allowlists."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from cachetools import TTLCache

from bot.i18n import _

# Slack retries an event up to 3 times within about 5 minutes; remember ids a little longer.
SEEN_EVENT_TTL_SECONDS = 15 * 60
SEEN_EVENT_MAX = 50_000
# Users tracked at once by the rate limiter; idle ones expire after their window.
MAX_TRACKED_USERS = 50_000


class SeenEvents:
    """A bounded, expiring set of event ids, so a retried delivery is answered once."""

    def __init__(
        self, ttl_seconds: float = SEEN_EVENT_TTL_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._seen: TTLCache[str, bool] = TTLCache(maxsize=SEEN_EVENT_MAX, ttl=ttl_seconds, timer=clock)
        self._lock = threading.Lock()

    def first_time(self, event_id: str) -> bool:
        """True the first time an id is seen (and remembers it); False for a repeat."""
        with self._lock:
            if event_id in self._seen:
                return False
            self._seen[event_id] = True
            return True


class UserRateLimit:
    """At most `limit` requests per user in any `window_seconds`; `limit` 0 means no limit."""

    def __init__(self, limit: int, window_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window_seconds = window_seconds
        self._clock = clock
        self._recent: TTLCache[str, deque[float]] = TTLCache(MAX_TRACKED_USERS, ttl=window_seconds, timer=clock)
        self._lock = threading.Lock()

    def wait_seconds(self, user_id: str) -> float:
        """0 when the user may go ahead now (and counts the request), else how long until they may."""
        if self.limit <= 0:
            return 0.0
        with self._lock:
            now = self._clock()
            recent = self._recent.get(user_id) or deque()
            while recent and now - recent[0] >= self.window_seconds:
                recent.popleft()
            if len(recent) >= self.limit:
                self._recent[user_id] = recent
                return recent[0] + self.window_seconds - now
            recent.append(now)
            self._recent[user_id] = recent  # re-set so the entry's TTL restarts
            return 0.0


class Allowlist:
    """Channels and users the bot answers; an empty list allows everyone."""

    def __init__(self, channel_ids: frozenset[str], user_ids: frozenset[str]) -> None:
        self.channel_ids = channel_ids
        self.user_ids = user_ids

    def refusal(self, user_id: str | None, channel_id: str | None) -> str | None:
        """The sentence to show when this user or channel is not allowed, else None.

        `channel_id` is None for places that are no channel (a DM with the bot, the Home tab): the channel list
        does not apply there, the user list does.
        """
        if self.user_ids and user_id not in self.user_ids:
            return _("Sorry, numbers is not enabled for you. Ask an admin to add you to ALLOWED_USER_IDS.")
        if self.channel_ids and channel_id is not None and channel_id not in self.channel_ids:
            return _("numbers is not enabled in this channel. Ask an admin, or try it in an allowed channel.")
        return None


class EventsRateLimited:
    """Slack's `app_rate_limited` notices: Slack drops this app's events for a workspace (over 30,000 an hour)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.count = 0
        self.last: dict[str, Any] | None = None

    def note(self, team_id: object, minute: object) -> bool:
        """Record one notice; True for the first (the one worth a log line)."""
        with self._lock:
            self.count += 1
            minute_rate_limited = minute if isinstance(minute, int) else None
            self.last = {"team_id": str(team_id)[:20], "minute_rate_limited": minute_rate_limited}
            return self.count == 1

    def status(self) -> dict[str, Any] | None:
        """What /healthz says: how many notices, and the last one's workspace and minute; None before any."""
        with self._lock:
            return None if self.last is None else {"notices": self.count, **self.last}
