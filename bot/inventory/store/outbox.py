"""The outbox in SQL: store posts, claim the due ones (one process each), and record how their sending went.

A claim is one conditional UPDATE per post (`… WHERE id = ? AND state = 'pending' AND claim ran out`): of two
replicas racing for a post on PostgreSQL, the second's UPDATE re-reads the row after the first committed and matches
nothing; on SQLite writers take the file's lock in turn. No SKIP LOCKED, so one statement serves both databases.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Connection, delete, exists, func, insert, or_, select, update

from bot.inventory.history import iso
from bot.inventory.outbox import (
    DEAD,
    KEEP_DEAD,
    KEEP_SENT,
    LEASE,
    PENDING,
    SENT,
    ClaimedPost,
    Next,
    OutboxStatus,
    QueuedPost,
)
from bot.inventory.store.tables import outbox

T = TypeVar("T")

# Claimed at most this many posts a round (a reading's posts are a few; a backlog goes out round after round).
CLAIM_BATCH = 50


def enqueue(connection: Connection, posts: list[QueuedPost], now: datetime) -> None:
    """Store posts to send now; forget sent ones older than KEEP_SENT, and given-up ones older than KEEP_DEAD."""
    if posts:
        stamp = iso(now)
        rows = [
            {"channel": p.channel, "watch_id": p.watch_id, "body": p.body, "state": PENDING, "created_at": stamp,
             "next_attempt_at": stamp, "attempts": 0}
            for p in posts
        ]  # fmt: skip
        connection.execute(insert(outbox), rows)
    for state, kept in ((SENT, KEEP_SENT), (DEAD, KEEP_DEAD)):
        connection.execute(delete(outbox).where((outbox.c.state == state) & (outbox.c.done_at < iso(now - kept))))


def _free(now: datetime) -> ColumnElement[bool]:
    """No live process holds the post: never claimed, or its claim ran out."""
    return or_(outbox.c.claimed_until.is_(None), outbox.c.claimed_until < iso(now))


def _held_back(now: datetime) -> ColumnElement[bool]:
    """An older post to the same channel waits for a later attempt."""
    older = outbox.alias("older")
    return exists().where(
        (older.c.channel == outbox.c.channel)
        & (older.c.state == PENDING)
        & (older.c.id < outbox.c.id)
        & (older.c.next_attempt_at > iso(now))
    )


def claim(connection: Connection, owner: str, now: datetime) -> list[ClaimedPost]:
    """Claim the due pending posts no live process holds, oldest first; returns those this process won.

    A post waits while an older one to its channel waits out a Retry-After or a backoff: Slack rate-limits per
    channel, and a watch's posts keep their order.
    """
    free = (outbox.c.state == PENDING) & _free(now)
    due = free & (outbox.c.next_attempt_at <= iso(now)) & ~_held_back(now)
    ids = connection.execute(select(outbox.c.id).where(due).order_by(outbox.c.id).limit(CLAIM_BATCH)).scalars().all()
    won = []
    for post_id in ids:
        mine = {"claimed_by": owner, "claimed_until": iso(now + LEASE)}
        taken = connection.execute(update(outbox).where((outbox.c.id == post_id) & free).values(**mine))
        if taken.rowcount == 1:
            won.append(post_id)
    if not won:
        return []
    rows = connection.execute(select(outbox).where(outbox.c.id.in_(won)).order_by(outbox.c.id)).all()
    return [
        ClaimedPost(row.id, row.channel, row.watch_id, row.body, row.attempts, datetime.fromisoformat(row.created_at))
        for row in rows
    ]


def renew(connection: Connection, owner: str, now: datetime) -> None:
    """Extend this process's claims on the posts it is still sending."""
    mine = (outbox.c.claimed_by == owner) & (outbox.c.state == PENDING)
    connection.execute(update(outbox).where(mine).values(claimed_until=iso(now + LEASE)))


def settle(connection: Connection, post: ClaimedPost, owner: str, step: Next, now: datetime) -> None:
    """Record an attempt's result for a post this process claimed (a claim that ran out and was taken by another
    process is theirs now: nothing is written)."""
    ours = (outbox.c.id == post.id) & (outbox.c.claimed_by == owner) & (outbox.c.state == PENDING)
    values: dict[str, object] = {"claimed_by": None, "claimed_until": None, "attempts": outbox.c.attempts + 1}
    if step.state == PENDING:
        assert step.at is not None
        values |= {"next_attempt_at": iso(step.at), "last_error": step.error}
    else:
        values |= {"state": step.state, "done_at": iso(now), "last_error": step.error or None}
    connection.execute(update(outbox).where(ours).values(**values))


def forget_watch(connection: Connection, watch_id: int) -> None:
    """A removed watch's posts not sent yet are not sent (unwatch means no more posts)."""
    pending = (outbox.c.watch_id == watch_id) & (outbox.c.state == PENDING) & outbox.c.claimed_by.is_(None)
    connection.execute(delete(outbox).where(pending))


def release(connection: Connection, owner: str) -> int:
    """Give up this process's claims on posts it has not sent (it is stopping); returns how many."""
    mine = (outbox.c.claimed_by == owner) & (outbox.c.state == PENDING)
    return int(connection.execute(update(outbox).where(mine).values(claimed_by=None, claimed_until=None)).rowcount)


def next_due(connection: Connection, now: datetime) -> datetime | None:
    """When the earliest pending post no live process holds is due, or None when none waits."""
    waiting = (outbox.c.state == PENDING) & _free(now) & ~_held_back(now)
    stamp = connection.execute(select(func.min(outbox.c.next_attempt_at)).where(waiting)).scalar()
    return datetime.fromisoformat(stamp) if stamp else None


def status(connection: Connection, channel: str | None = None) -> OutboxStatus:
    """What waits (of one channel, or every channel's), and how many posts were given up."""
    where = outbox.c.channel == channel if channel is not None else None
    pending_query = select(func.count(), func.min(outbox.c.created_at)).where(outbox.c.state == PENDING)
    dead_query = select(func.count()).select_from(outbox).where(outbox.c.state == DEAD)
    error_query = (
        select(outbox.c.last_error)
        .where((outbox.c.state == PENDING) & outbox.c.last_error.is_not(None))
        .order_by(outbox.c.id.desc())
        .limit(1)
    )
    if where is not None:
        pending_query, dead_query, error_query = (q.where(where) for q in (pending_query, dead_query, error_query))
    count, oldest = connection.execute(pending_query).one()
    dead = int(connection.execute(dead_query).scalar_one())
    error = connection.execute(error_query).scalar()
    return OutboxStatus(int(count), datetime.fromisoformat(oldest) if oldest else None, dead, error)


class SqlOutbox:
    """The outbox's calls of the SQL store (SqlHistory brings its connections and its clock)."""

    _now: Callable[[], datetime]

    def _writing(self, *, readings: bool = True) -> AbstractContextManager[Connection]:
        raise NotImplementedError

    def _reading(self) -> AbstractContextManager[Connection]:
        raise NotImplementedError

    def enqueue_posts(self, posts: list[QueuedPost]) -> None:
        """Store watch posts to send; they are sent by whichever process claims them."""
        with self._writing(readings=False) as connection:
            enqueue(connection, posts, self._now())

    def claim_posts(self, owner: str) -> list[ClaimedPost]:
        """Claim the due posts no live process holds (for LEASE, renewed while sending)."""
        with self._writing(readings=False) as connection:
            return claim(connection, owner, self._now())

    def renew_claims(self, owner: str) -> None:
        """Extend this process's claims on the posts it is still sending."""
        with self._writing(readings=False) as connection:
            renew(connection, owner, self._now())

    def settle_post(self, post: ClaimedPost, owner: str, step: Next) -> None:
        """Record how sending a claimed post went: sent, dead, or pending until `step.at`."""
        with self._writing(readings=False) as connection:
            settle(connection, post, owner, step, self._now())

    def release_claims(self, owner: str) -> int:
        """Give back this process's claims on posts it has not sent (it is stopping)."""
        with self._writing(readings=False) as connection:
            return release(connection, owner)

    def next_post_due(self) -> datetime | None:
        """When the earliest pending post is due, or None."""
        with self._reading() as connection:
            return next_due(connection, self._now())

    def outbox_status(self, channel: str | None = None) -> OutboxStatus:
        """What waits in the outbox (of one channel, or every channel's)."""
        with self._reading() as connection:
            return status(connection, channel)


class GuardedOutbox:
    """The outbox's calls behind the store's guard (GuardedHistory brings `_call`). They neither mark the store
    unwritable nor clear it: that is the readings' to say."""

    def _call(self, work: Callable[[Any], T], *, write: bool) -> T:
        raise NotImplementedError

    def enqueue_posts(self, posts: list[QueuedPost]) -> None:
        """Store watch posts to send."""
        self._call(lambda store: store.enqueue_posts(posts), write=False)

    def claim_posts(self, owner: str) -> list[ClaimedPost]:
        """Claim the due posts no live process holds."""
        return self._call(lambda store: store.claim_posts(owner), write=False)

    def renew_claims(self, owner: str) -> None:
        """Extend this process's claims."""
        self._call(lambda store: store.renew_claims(owner), write=False)

    def settle_post(self, post: ClaimedPost, owner: str, step: Next) -> None:
        """Record how sending a claimed post went."""
        self._call(lambda store: store.settle_post(post, owner, step), write=False)

    def release_claims(self, owner: str) -> int:
        """Give back this process's claims on posts it has not sent."""
        return self._call(lambda store: store.release_claims(owner), write=False)

    def next_post_due(self) -> datetime | None:
        """When the earliest pending post is due, or None."""
        return self._call(lambda store: store.next_post_due(), write=False)

    def outbox_status(self, channel: str | None = None) -> OutboxStatus:
        """What waits in the outbox."""
        return self._call(lambda store: store.outbox_status(channel), write=False)
