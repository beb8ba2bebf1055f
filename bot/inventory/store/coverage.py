"""Keeping and reading what history covers: spans of stored readings, and the gaps between them with their reason."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, insert, select, update

from bot.inventory.history import Coverage, Gap, iso
from bot.inventory.store.tables import coverage as spans


def extend(connection: Connection, at: datetime, *, gap_after: timedelta, reason: str) -> None:
    """A reading stored at `at`: it extends the last span, or starts one after a gap (or at the very start)."""
    last = connection.execute(select(spans.c.id, spans.c.ended_at).order_by(spans.c.ended_at.desc()).limit(1)).first()
    if last is not None and at - datetime.fromisoformat(last.ended_at) <= gap_after:
        connection.execute(update(spans).where(spans.c.id == last.id).values(ended_at=iso(at)))
        return
    first = last is None
    connection.execute(insert(spans).values(started_at=iso(at), ended_at=iso(at), gap_reason=None if first else reason))


def prune(connection: Connection, cutoff: datetime) -> None:
    """Forget spans that ended before the oldest change kept."""
    connection.execute(delete(spans).where(spans.c.ended_at < iso(cutoff)))


def read(connection: Connection, since: datetime, until: datetime | None, *, kept_since: datetime) -> Coverage:
    """What history covers of a period: where it starts, the gaps inside the period, the last reading."""
    rows = connection.execute(select(spans).order_by(spans.c.started_at)).all()
    if not rows:
        return Coverage(None, None, ())
    starts = [max(datetime.fromisoformat(row.started_at), kept_since) for row in rows]
    ends = [datetime.fromisoformat(row.ended_at) for row in rows]
    gaps = tuple(
        Gap(ends[i - 1], starts[i], rows[i].gap_reason)
        for i in range(1, len(rows))
        if starts[i] > since and (until is None or ends[i - 1] < until)
    )
    return Coverage(starts[0], ends[-1], gaps)
