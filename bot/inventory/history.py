"""The history store: the last snapshot, every change since `HISTORY_DAYS` ago, and the channels' watches.

SQLite in `DATA_DIR` (the standard library's sqlite3, WAL mode): each reading is one transaction, so a crash
(even `kill -9`) mid-write loses at most the reading being written, never half of it.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from bot.flireo.models import PhoneNumber
from bot.inventory.diff import Change, ChangeKind, diff
from bot.inventory.snapshot import SnapshotRecord
from bot.inventory.store_health import StoreHealth

log = logging.getLogger(__name__)

# A reading of 10,000 numbers that changed wholesale is 10,000 rows; a question shows a page, not all of them.
MAX_CHANGES_READ = 5_000
# Per channel: enough for any incident room, few enough that `/numbers watches` fits one message (50 blocks).
MAX_WATCHES_PER_CHANNEL = 20
# Slack waits at most a few seconds on another writer; a store busy longer than this is a bug, not load.
BUSY_TIMEOUT_SECONDS = 5.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS snapshot (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    fetched_at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    seen_from TEXT NOT NULL,
    seen_until TEXT NOT NULL,
    kind TEXT NOT NULL,
    number_id TEXT NOT NULL,
    phone_number TEXT NOT NULL,
    field TEXT,
    old TEXT,
    new TEXT
);
CREATE INDEX IF NOT EXISTS changes_by_time ON changes (seen_until);
CREATE INDEX IF NOT EXISTS changes_by_number ON changes (number_id, seen_until);
CREATE TABLE IF NOT EXISTS watches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    channel TEXT NOT NULL,
    query TEXT NOT NULL,
    threshold INTEGER,
    created_by TEXT,
    created_at TEXT NOT NULL,
    below INTEGER NOT NULL DEFAULT 0
);
"""


@dataclass(frozen=True)
class Watch:
    """A channel's standing question: post its changes, or (with `threshold`) when its count falls below it."""

    id: int
    channel: str
    query: str  # canonical query text, read by the same reader as any question
    threshold: int | None = None
    created_by: str | None = None
    created_at: datetime | None = None
    below: bool = False  # a threshold watch's alert is out (until the count recovers)


class HistoryStore(Protocol):
    """What the bot needs from a history store (SQLite here; Redis for replicas)."""

    def last_snapshot(self) -> SnapshotRecord | None: ...
    def record(self, snapshot: SnapshotRecord) -> list[Change]: ...
    def changes(self, since: datetime, until: datetime | None = None) -> list[Change]: ...
    def changes_of_number(self, number_id: str, limit: int) -> list[Change]: ...
    def add_watch(self, watch: Watch) -> Watch: ...
    def watches(self, channel: str | None = None) -> list[Watch]: ...
    def remove_watch(self, channel: str, watch_id: int) -> bool: ...
    def set_below(self, watch_id: int, below: bool) -> None: ...
    def health(self) -> StoreHealth: ...
    def close(self) -> None: ...


def iso(moment: datetime) -> str:
    """A UTC timestamp that sorts as text: `2026-11-28T02:05:00.000000+00:00`."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def change_to_json(change: Change) -> dict[str, Any]:
    """A change as plain JSON values (for SQLite rows and Redis)."""
    return {
        "kind": change.kind.value,
        "number_id": change.number_id,
        "phone_number": change.phone_number,
        "seen_from": iso(change.seen_from),
        "seen_until": iso(change.seen_until),
        "field": change.field,
        "old": change.old.model_dump(mode="json") if change.old else None,
        "new": change.new.model_dump(mode="json") if change.new else None,
    }


def change_from_json(data: dict[str, Any]) -> Change:
    """The change `change_to_json` wrote; raises ValueError for anything else."""
    try:
        return Change(
            ChangeKind(data["kind"]),
            str(data["number_id"]),
            str(data["phone_number"]),
            datetime.fromisoformat(data["seen_from"]),
            datetime.fromisoformat(data["seen_until"]),
            PhoneNumber.model_validate(data["old"]) if data.get("old") else None,
            PhoneNumber.model_validate(data["new"]) if data.get("new") else None,
            data.get("field"),
        )
    except (KeyError, TypeError) as exc:
        raise ValueError(f"not a stored change: {exc}") from None


def changes_between(previous: SnapshotRecord | None, snapshot: SnapshotRecord) -> list[Change]:
    """The changes a new reading brings; the first reading has nothing to compare with."""
    if previous is None or snapshot.fetched_at <= previous.fetched_at or previous.demo != snapshot.demo:
        return []
    return diff(previous.numbers, snapshot.numbers, previous.fetched_at, snapshot.fetched_at)


class SqliteHistory:
    """The history store in one SQLite file; safe to share between threads."""

    def __init__(self, path: Path, *, keep_days: float, now: Callable[[], datetime] | None = None) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._keep = timedelta(days=keep_days)
        self._now = now or (lambda: datetime.now(UTC))
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        # WAL with synchronous=NORMAL: a committed reading survives the process being killed (not a power cut).
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        # The reading this process stored last, by its stored time: the next one is diffed against it without
        # parsing it back (8 of the 11 ms a reading of 2,000 numbers took); another process's is read from the file.
        self._written: tuple[str, SnapshotRecord] | None = None

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def last_snapshot(self) -> SnapshotRecord | None:
        """The last reading stored, or None (a new store, or an unreadable row)."""
        with self._lock:
            return self._stored_snapshot(self._db)

    def _stored_snapshot(self, db: sqlite3.Connection) -> SnapshotRecord | None:
        stamp = db.execute("SELECT fetched_at FROM snapshot WHERE id = 1").fetchone()
        if stamp is None:
            return None
        if self._written is not None and self._written[0] == stamp[0]:
            return self._written[1]
        row = db.execute("SELECT body FROM snapshot WHERE id = 1").fetchone()
        try:
            return SnapshotRecord.model_validate_json(row[0])
        except ValueError:
            log.warning("ignored an unreadable stored snapshot in %s", self.path.name)
            return None

    def record(self, snapshot: SnapshotRecord) -> list[Change]:
        """Store a new reading and its changes against the previous one, in one transaction; returns the changes.

        The previous reading is read inside the transaction, so processes sharing the file diff in turn.
        """
        with self._transaction() as db:
            previous = self._stored_snapshot(db)
            if previous is not None and snapshot.fetched_at <= previous.fetched_at:
                return []  # an older reading (another replica's, adopted late) never replaces a newer one
            changes = changes_between(previous, snapshot)
            db.executemany(
                "INSERT INTO changes (seen_from, seen_until, kind, number_id, phone_number, field, old, new)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [_row(change) for change in changes],
            )
            stamp = iso(snapshot.fetched_at)
            db.execute(
                "INSERT OR REPLACE INTO snapshot (id, fetched_at, body) VALUES (1, ?, ?)",
                (stamp, snapshot.model_dump_json(exclude_defaults=True)),
            )
            db.execute("DELETE FROM changes WHERE seen_until < ?", (iso(self._now() - self._keep),))
        self._written = (stamp, snapshot)
        return changes

    def changes(self, since: datetime, until: datetime | None = None) -> list[Change]:
        """Changes seen after `since` (and up to `until`), newest first."""
        until_text = iso(until) if until else "9999"
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM changes WHERE seen_until > ? AND seen_until <= ? ORDER BY seen_until DESC, seq LIMIT ?",
                (iso(since), until_text, MAX_CHANGES_READ),
            ).fetchall()
        return _decoded(rows)

    def changes_of_number(self, number_id: str, limit: int) -> list[Change]:
        """One number's latest changes, newest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM changes WHERE number_id = ? ORDER BY seen_until DESC, seq LIMIT ?", (number_id, limit)
            ).fetchall()
        return _decoded(rows)

    def add_watch(self, watch: Watch) -> Watch:
        """Store a new watch; returns it with its id."""
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO watches (channel, query, threshold, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
                (watch.channel, watch.query, watch.threshold, watch.created_by, iso(watch.created_at or self._now())),
            )
        return replace(watch, id=int(cursor.lastrowid or 0))

    def watches(self, channel: str | None = None) -> list[Watch]:
        """A channel's watches (every channel's with None), oldest first."""
        sql = "SELECT id, channel, query, threshold, created_by, created_at, below FROM watches"
        with self._lock:
            rows = (
                self._db.execute(sql + " WHERE channel = ? ORDER BY id", (channel,))
                if channel is not None
                else self._db.execute(sql + " ORDER BY id")
            ).fetchall()
        return [
            Watch(row[0], row[1], row[2], row[3], row[4], datetime.fromisoformat(row[5]), bool(row[6])) for row in rows
        ]

    def remove_watch(self, channel: str, watch_id: int) -> bool:
        """Remove a channel's watch; False when it has no such watch."""
        with self._transaction() as db:
            cursor = db.execute("DELETE FROM watches WHERE id = ? AND channel = ?", (watch_id, channel))
        return cursor.rowcount > 0

    def set_below(self, watch_id: int, below: bool) -> None:
        """Remember whether a threshold watch's alert is out."""
        with self._transaction() as db:
            db.execute("UPDATE watches SET below = ? WHERE id = ?", (int(below), watch_id))

    def health(self) -> StoreHealth:
        """Unguarded, the store knows no trouble: GuardedHistory tracks it."""
        return StoreHealth()

    def integrity(self) -> str:
        """SQLite's quick check of every page: "ok", or what it found damaged."""
        with self._lock:
            rows = self._db.execute("PRAGMA quick_check").fetchall()
        return "; ".join(str(row[0]) for row in rows)

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()


def _row(change: Change) -> tuple[Any, ...]:
    data = change_to_json(change)
    return (
        data["seen_from"],
        data["seen_until"],
        data["kind"],
        data["number_id"],
        data["phone_number"],
        data["field"],
        json.dumps(data["old"]) if data["old"] else None,
        json.dumps(data["new"]) if data["new"] else None,
    )


def _decoded(rows: list[tuple[Any, ...]]) -> list[Change]:
    changes = []
    for _seq, seen_from, seen_until, kind, number_id, phone, field, old, new in rows:
        data = {
            "kind": kind, "number_id": number_id, "phone_number": phone, "seen_from": seen_from,
            "seen_until": seen_until, "field": field, "old": json.loads(old) if old else None,
            "new": json.loads(new) if new else None,
        }  # fmt: skip
        try:
            changes.append(change_from_json(data))
        except ValueError:
            log.warning("skipped an unreadable stored change")
    return changes
