"""The watch-post outbox: a post is stored before it is sent, and what happens to it after each attempt.

A post is `pending` until Slack takes it (`sent`) or it cannot be delivered (`dead`: the channel refuses it for
good, or Slack kept failing for GIVE_UP_AFTER). A pending post is claimed by one process at a time for LEASE (a
process that dies lets its claims run out, and another sends them), so replicas sharing PostgreSQL send it once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

PENDING, SENT, DEAD = "pending", "sent", "dead"

# A claim runs out this long after it was made or renewed; a live sender renews its claims every LEASE / 3, so a
# post is re-sent this long after the process sending it was killed (a send takes at most 10 s: HTTP_TIMEOUT).
LEASE = timedelta(seconds=15)
# Backoff after an error that is not a rate limit (HTTP 5xx, `internal_error`, no connection): 2 s, doubled each
# attempt, at most 10 minutes apart.
FIRST_BACKOFF = timedelta(seconds=2)
MAX_BACKOFF = timedelta(minutes=10)
# A post Slack keeps failing is given up this long after it was stored, marked dead and counted (/healthz).
GIVE_UP_AFTER = timedelta(hours=24)
# Sent posts are kept this long (what was delivered when, for whoever asks the database), then deleted; posts given
# up are kept (and counted on /healthz) for a week, long enough for someone to look.
KEEP_SENT = timedelta(days=1)
KEEP_DEAD = timedelta(days=7)


class Outcome(StrEnum):
    """How one attempt at sending a post went."""

    SENT = "sent"
    RATE_LIMITED = "rate_limited"  # HTTP 429: try again after Slack's Retry-After
    FAILED = "failed"  # HTTP 5xx, a Slack-side error, no connection: try again with backoff
    REFUSED = "refused"  # the channel refuses it for good (`not_in_channel`): the watch is broken
    UNSENDABLE = "unsendable"  # Slack refuses this message whatever the channel (`msg_too_long`)


@dataclass(frozen=True)
class Attempt:
    """What Slack answered one attempt: its outcome, its error code, and its Retry-After in seconds if any."""

    outcome: Outcome
    error: str = ""
    retry_after: float | None = None


@dataclass(frozen=True)
class QueuedPost:
    """A post to store: where it goes, the watch it is for, and its message as JSON."""

    channel: str
    watch_id: int | None
    body: str


@dataclass(frozen=True)
class ClaimedPost:
    """A pending post this process has claimed to send."""

    id: int
    channel: str
    watch_id: int | None
    body: str
    attempts: int
    created_at: datetime


@dataclass(frozen=True)
class Next:
    """What becomes of a post after an attempt: `state`, and when it is tried again if still pending."""

    state: str
    at: datetime | None = None
    error: str = ""


def after(attempt: Attempt, post: ClaimedPost, now: datetime) -> Next:
    """The post's next step: sent, dead, or pending until a later moment (Retry-After, or backoff)."""
    if attempt.outcome is Outcome.SENT:
        return Next(SENT)
    if attempt.outcome in (Outcome.REFUSED, Outcome.UNSENDABLE):
        return Next(DEAD, error=attempt.error)
    if now - post.created_at >= GIVE_UP_AFTER:
        hours = int(GIVE_UP_AFTER.total_seconds() // 3600)
        return Next(DEAD, error=f"gave up after {hours} h: {attempt.error}")
    if attempt.outcome is Outcome.RATE_LIMITED and attempt.retry_after is not None:
        return Next(PENDING, now + timedelta(seconds=attempt.retry_after), attempt.error)
    return Next(PENDING, now + backoff(post.attempts), attempt.error)


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt (0 the first): 2 s, 4 s, 8 s … at most MAX_BACKOFF."""
    return min(FIRST_BACKOFF * (2 ** min(attempts, 30)), MAX_BACKOFF)


@dataclass(frozen=True)
class OutboxStatus:
    """What waits in the outbox (of one channel, or of all): for /healthz, /metrics and `/numbers watches`."""

    pending: int = 0
    oldest_pending: datetime | None = None
    dead: int = 0
    last_error: str | None = None  # the latest error of a pending post (None: none was tried and failed)

    def as_json(self, now: datetime) -> dict[str, Any]:
        """For /healthz."""
        age = None if self.oldest_pending is None else round((now - self.oldest_pending).total_seconds(), 1)
        return {
            "pending": self.pending,
            "oldest_pending_age_seconds": age,
            "dead": self.dead,
            "last_error": self.last_error,
        }
