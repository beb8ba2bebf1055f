"""The history store in SQL (SQLAlchemy Core): one code path for SQLite and PostgreSQL.

Each reading is one transaction: a crash (even `kill -9`) mid-write loses at most the reading being written, never
half of it. Writers take a lock first (SQLite: BEGIN IMMEDIATE; PostgreSQL: a table lock), so processes and
replicas sharing the store diff their readings in turn and each change is written once.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, Row, delete, func, insert, select, text, update

from bot.i18n.language import Language
from bot.inventory.diff import Change, ChangeKind, delta
from bot.inventory.history import (
    GAP_FAILED,
    ChangeFilter,
    Coverage,
    Watch,
    change_from_json,
    change_to_json,
    changes_between,
    iso,
)
from bot.inventory.snapshot import SnapshotRecord
from bot.inventory.store import coverage, outbox, rows
from bot.inventory.store.filters import condition
from bot.inventory.store.migrate import migrate
from bot.inventory.store.outbox import SqlOutbox
from bot.inventory.store.sides import side_values
from bot.inventory.store.tables import changes as changes_table
from bot.inventory.store.tables import snapshot as snapshot_table
from bot.inventory.store.tables import store_meta
from bot.inventory.store.tables import watches as watches_table
from bot.inventory.store_health import StoreHealth

log = logging.getLogger(__name__)

# Readings further apart than this are a gap in history (the container sets it from POLL_SECONDS).
DEFAULT_GAP_AFTER = timedelta(minutes=15)


class SqlHistory(SqlOutbox):
    """The history store in one SQL database; safe to share between threads (and, on PostgreSQL, replicas)."""

    def __init__(
        self,
        engine: Engine,
        *,
        keep_days: float,
        now: Callable[[], datetime] | None = None,
        gap_after: timedelta = DEFAULT_GAP_AFTER,
    ) -> None:
        self.engine = engine
        self.gap_after = gap_after
        self._keep = timedelta(days=keep_days)
        self._now = now or (lambda: datetime.now(UTC))
        self._postgres = engine.dialect.name == "postgresql"
        migrate(engine)
        # The reading this process stored last, by its stored time: the next one is diffed against it (and only the
        # numbers that differ are written) without parsing it back; another process's is read from the store.
        self._written: tuple[str, SnapshotRecord] | None = None

    @contextmanager
    def _writing(self, *, readings: bool = True) -> Iterator[Connection]:
        with self.engine.connect() as connection:
            connection = connection.execution_options(writing=True)
            with connection.begin():
                # The previous reading is read under the lock (replicas diff in turn); the outbox's writes skip it.
                if self._postgres and readings:
                    connection.execute(text("LOCK TABLE snapshot IN SHARE ROW EXCLUSIVE MODE"))
                yield connection

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        with self.engine.connect() as connection, connection.begin():
            yield connection

    def last_snapshot(self) -> SnapshotRecord | None:
        """The last reading stored, or None (a new store, or an unreadable row)."""
        with self._reading() as connection:
            return self._stored_snapshot(connection)

    def _stored_snapshot(self, connection: Connection) -> SnapshotRecord | None:
        stamp = connection.execute(select(snapshot_table.c.fetched_at).where(snapshot_table.c.id == 1)).scalar()
        if stamp is None:
            return None
        if self._written is not None and self._written[0] == stamp:
            return self._written[1]
        return rows.read_stored(connection)

    def record(self, snapshot: SnapshotRecord, gap_reason: str = GAP_FAILED) -> list[Change]:
        """Store a new reading and its changes against the previous one, in one transaction; returns the changes.

        The reading extends what history covers; after a gap, `gap_reason` says why there were no readings.
        """
        with self._writing() as connection:
            previous = self._stored_snapshot(connection)
            if previous is not None and snapshot.fetched_at <= previous.fetched_at:
                return []  # an older reading (another replica's, adopted late) never replaces a newer one
            # Compared once: the numbers that differ are diffed and their rows written, the rest left alone.
            differs = delta(previous.numbers, snapshot.numbers) if previous is not None else None
            changes = changes_between(previous, snapshot, differs)
            if changes:
                connection.execute(insert(changes_table), [_row(change) for change in changes])
            rows.write_reading(connection, snapshot, differs)
            cutoff = self._now() - self._keep
            connection.execute(delete(changes_table).where(changes_table.c.seen_until < iso(cutoff)))
            coverage.extend(connection, snapshot.fetched_at, gap_after=self.gap_after, reason=gap_reason)
            coverage.prune(connection, cutoff)
        self._written = (iso(snapshot.fetched_at), snapshot)
        return changes

    def changes(
        self,
        since: datetime,
        until: datetime | None = None,
        where: ChangeFilter | None = None,
        *,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[Change]:
        """The changes seen after `since` (up to `until`) that `where` asks about, newest first; a page of them."""
        query = select(*_STORED).where(_period(since, until), condition(where))
        query = query.order_by(changes_table.c.seen_until.desc(), changes_table.c.seq).offset(offset).limit(limit)
        with self._reading() as connection:
            return _decoded(connection.execute(query).all())

    def count_changes(self, since: datetime, until: datetime | None = None, where: ChangeFilter | None = None) -> int:
        """How many changes `changes` would list, counted where they are stored (exact at any size)."""
        query = select(func.count()).select_from(changes_table).where(_period(since, until), condition(where))
        with self._reading() as connection:
            return int(connection.execute(query).scalar_one())

    def count_by_kind(
        self, since: datetime, until: datetime | None = None, where: ChangeFilter | None = None
    ) -> dict[str, int]:
        """How many of those changes there are of each kind ('linked': 20, …), counted where they are stored."""
        kind = changes_table.c.kind
        query = select(kind, func.count()).where(_period(since, until), condition(where)).group_by(kind)
        with self._reading() as connection:
            return {str(row[0]): int(row[1]) for row in connection.execute(query).all()}

    def changes_of_number(self, number_id: str, limit: int) -> list[Change]:
        """One number's latest changes, newest first."""
        query = (
            select(changes_table)
            .where(changes_table.c.number_id == number_id)
            .order_by(changes_table.c.seen_until.desc(), changes_table.c.seq)
            .limit(limit)
        )
        with self._reading() as connection:
            return _decoded(connection.execute(query).all())

    def frequent_changes(
        self, since: datetime, until: datetime, at_least: int
    ) -> dict[str, dict[datetime, ChangeKind]]:
        """The numbers that changed in at least `at_least` readings of a period: when each changed, and how."""
        stored = changes_table.c
        frequent = (
            select(stored.number_id)
            .where(_period(since, until))
            .group_by(stored.number_id)
            .having(func.count(stored.seen_until.distinct()) >= at_least)
        )
        query = select(stored.number_id, stored.seen_until, stored.kind).where(
            _period(since, until), stored.number_id.in_(frequent)
        )
        found: dict[str, dict[datetime, ChangeKind]] = {}
        with self._reading() as connection:
            for row in connection.execute(query.order_by(stored.seen_until, stored.seq)).all():
                moment = datetime.fromisoformat(row.seen_until)
                found.setdefault(row.number_id, {}).setdefault(moment, ChangeKind(row.kind))
        return found

    def fact(self, name: str) -> str | None:
        """One of the store's facts about itself (`key`: the fingerprint of the key that wrote it last)."""
        with self._reading() as connection:
            return connection.execute(select(store_meta.c.value).where(store_meta.c.name == name)).scalar()

    def set_fact(self, name: str, value: str) -> None:
        """Remember a fact about the store."""
        with self._writing() as connection:
            connection.execute(delete(store_meta).where(store_meta.c.name == name))
            connection.execute(insert(store_meta).values(name=name, value=value))

    def coverage(self, since: datetime, until: datetime | None = None) -> Coverage:
        """What history covers of a period: its first and last stored reading, and the gaps inside the period."""
        with self._reading() as connection:
            found = coverage.read(connection, since, until, kept_since=self._now() - self._keep)
        return replace(found, gap_after=self.gap_after)

    def add_watch(self, watch: Watch) -> Watch:
        """Store a new watch and return it with its id; or the identical one the channel has (same question and
        threshold), looked for under the write lock, so the same watch typed at once on two replicas is stored once."""
        values = {
            "channel": watch.channel, "query": watch.query, "threshold": watch.threshold,
            "created_by": watch.created_by, "created_at": iso(watch.created_at or self._now()),
            "language": watch.language.value if watch.language else None,
        }  # fmt: skip
        stored = watches_table.c
        same = select(watches_table).where(
            stored.channel == watch.channel,
            stored.query == watch.query,
            stored.threshold.is_(None) if watch.threshold is None else stored.threshold == watch.threshold,
        )
        with self._writing() as connection:
            if existing := connection.execute(same.order_by(stored.id).limit(1)).first():
                return _watch(existing)
            key = connection.execute(insert(watches_table).values(**values)).inserted_primary_key
        return replace(watch, id=int(key[0]) if key else 0)

    def watches(self, channel: str | None = None) -> list[Watch]:
        """A channel's watches (every channel's with None), oldest first."""
        query = select(watches_table).order_by(watches_table.c.id)
        if channel is not None:
            query = query.where(watches_table.c.channel == channel)
        with self._reading() as connection:
            rows = connection.execute(query).all()
        return [_watch(row) for row in rows]

    def remove_watch(self, channel: str, watch_id: int) -> bool:
        """Remove a channel's watch, and its posts not sent yet; False when it has no such watch."""
        condition = (watches_table.c.id == watch_id) & (watches_table.c.channel == channel)
        with self._writing() as connection:
            removed = connection.execute(delete(watches_table).where(condition)).rowcount > 0
            if removed:
                outbox.forget_watch(connection, watch_id)
            return removed

    def set_below(self, watch_id: int, below: bool) -> None:
        """Remember whether a threshold watch's alert is out."""
        with self._writing() as connection:
            connection.execute(update(watches_table).where(watches_table.c.id == watch_id).values(below=int(below)))

    def set_broken(self, watch_id: int, reason: str | None) -> None:
        """Mark a watch broken with Slack's reason (None: it posts again)."""
        with self._writing() as connection:
            connection.execute(update(watches_table).where(watches_table.c.id == watch_id).values(broken=reason))

    def stored_changes(self) -> int:
        """How many changes are stored (for the log and the benchmark)."""
        with self._reading() as connection:
            return int(connection.execute(select(func.count()).select_from(changes_table)).scalar_one())

    def health(self) -> StoreHealth:
        """Unguarded, the store knows no trouble: GuardedHistory tracks it."""
        return StoreHealth()

    def integrity(self) -> str:
        """SQLite's quick check of every page: "ok", or what it found damaged (PostgreSQL checks its own pages)."""
        if self._postgres:
            return "ok"
        with self.engine.connect() as connection:
            rows = connection.exec_driver_sql("PRAGMA quick_check").all()
        return "; ".join(str(row[0]) for row in rows)

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


# What a change is read back from (the filter columns are for the query, not the answer).
_STORED = tuple(changes_table.c[name] for name in (
    "seq", "seen_from", "seen_until", "kind", "number_id", "phone_number", "field", "old", "new",
    "reading_from", "reading_until",
))  # fmt: skip


def _watch(row: Row[Any]) -> Watch:
    created_at = datetime.fromisoformat(row.created_at)
    language = _language(row.language)
    return Watch(row.id, row.channel, row.query, row.threshold, row.created_by, created_at, bool(row.below), language,
                 row.broken)  # fmt: skip


def _period(since: datetime, until: datetime | None) -> ColumnElement[bool]:
    seen_until = changes_table.c.seen_until
    after = seen_until > iso(since)
    return after if until is None else after & (seen_until <= iso(until))


def _row(change: Change) -> dict[str, Any]:
    data = change_to_json(change)
    data["old"] = json.dumps(data["old"]) if data["old"] else None
    data["new"] = json.dumps(data["new"]) if data["new"] else None
    return {**data, **side_values("old", change.old), **side_values("new", change.new)}


def _decoded(rows: Sequence[Row[Any]]) -> list[Change]:
    changes = []
    for row in rows:
        data = {
            "kind": row.kind, "number_id": row.number_id, "phone_number": row.phone_number,
            "seen_from": row.seen_from, "seen_until": row.seen_until, "field": row.field,
            "old": json.loads(row.old) if row.old else None, "new": json.loads(row.new) if row.new else None,
            "reading_from": row.reading_from, "reading_until": row.reading_until,
        }  # fmt: skip
        try:
            changes.append(change_from_json(data))
        except ValueError:
            log.warning("skipped an unreadable stored change")
    return changes


def _language(stored: str | None) -> Language | None:
    """A watch's stored language; one this version does not know is the default's (None)."""
    return Language(stored) if stored in {language.value for language in Language} else None
