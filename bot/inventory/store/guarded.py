"""The history store behind a guard: whatever the file does (damaged, full, unreadable), the bot answers.

A damaged store is moved aside (kept, renamed with the time, its path logged) and a fresh one started; a store
that cannot be written (a full disk) keeps answering from what it holds and says since when it stopped recording;
a read that fails raises `HistoryUnavailable`, whose sentence the replies show beside the rest of the answer.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from bot.i18n.translator import Text, english
from bot.inventory.diff import Change, ChangeKind
from bot.inventory.history import GAP_FAILED, GAP_STOPPED, GAP_UNWRITABLE, ChangeFilter, Coverage, Watch
from bot.inventory.snapshot import SnapshotRecord
from bot.inventory.store.account import KEY_FACT, same_account
from bot.inventory.store.errors import damaged, reason_for, store_errors
from bot.inventory.store.outbox import GuardedOutbox
from bot.inventory.store_health import HistoryUnavailable, StoreHealth, watch_refused

if TYPE_CHECKING:  # SQLAlchemy is loaded with the store, at first use
    from bot.inventory.store.sql import SqlHistory

log = logging.getLogger(__name__)

T = TypeVar("T")

# A store that could not be opened is tried again at the next use after this long (a database that is down costs
# a user's answer at most its connect timeout once per this many seconds).
RETRY_OPEN_SECONDS = 5.0


def set_aside(path: Path, at: datetime, label: str = "damaged") -> Path:
    """Rename a store (and its WAL files) to `<name>.<label>-<time>.sqlite3`, kept; returns the new path."""
    aside = path.with_name(f"{path.stem}.{label}-{at.strftime('%Y%m%dT%H%M%SZ')}{path.suffix}")
    path.rename(aside)
    for extra in ("-wal", "-shm"):
        companion = path.with_name(path.name + extra)
        if companion.exists():
            companion.rename(aside.with_name(aside.name + extra))
    return aside


def checked(store: SqlHistory) -> SqlHistory:
    """The store once SQLite's quick check finds its pages whole; raises sqlite3.DatabaseError when damaged."""
    found = store.integrity()
    if found != "ok":
        store.close()
        raise sqlite3.DatabaseError(f"database disk image is malformed: {found.splitlines()[-1][:200]}")
    return store


class GuardedHistory(GuardedOutbox):
    """A HistoryStore that never raises anything but `HistoryUnavailable`, and recovers from a damaged file.

    `path` is the SQLite file (set aside when damaged); PostgreSQL (`path` None) keeps its own pages, so damage
    reported there leaves history unavailable, said, until the database is repaired.
    """

    def __init__(
        self,
        opener: Callable[[], SqlHistory],
        *,
        where: str,
        path: Path | None = None,
        now: Callable[[], datetime] | None = None,
        fingerprint: str | None = None,
    ) -> None:
        self.where = where
        self.path = path
        self._opener = opener
        self._now = now or (lambda: datetime.now(UTC))
        self._lock = threading.RLock()
        self._store: SqlHistory | None = None
        self._health = StoreHealth()
        # Opened at first use (the Slack modes restore from it at start): `ask stats` never pays for the store.
        self._next_open = 0.0
        self._opened_once = False
        self._recorded = False  # this process has stored a reading
        self._fingerprint = fingerprint  # of the key this process reads with (None: not checked)
        self._verified = fingerprint is None  # the store is known to be this account's
        self._refused = False  # the database is another account's (PostgreSQL): never opened again by this process

    def health(self) -> StoreHealth:
        """What the store can do now."""
        return self._health

    def _open(self) -> None:
        self._next_open = time.monotonic() + RETRY_OPEN_SECONDS
        try:
            self._store = checked(self._opener())
            if not self._opened_once:
                self._opened_once = True
                log.info("history stored in %s", self.where)
            if self._health.state == "unavailable":
                log.warning("history store %s opened (it could not be since %s)", self.where, self._health.since)
                self._health = StoreHealth("ok", None, None, self._health.set_aside)
        except store_errors() as exc:
            self._store = None
            if damaged(exc) and self.path is not None:
                self._restart(exc)
            elif self._became("unavailable", reason_for(exc)):
                log.error("history unavailable: cannot open %s (%s)", self.where, reason_for(exc))

    def _restart(self, exc: BaseException | Text, label: str = "damaged") -> None:
        """Keep the file aside (damaged, or another account's) and start a fresh store in its place."""
        # What a user reads after "history unavailable:", in the language of the reply showing it.
        why = Text("the stored history was damaged") if label == "damaged" else exc
        if self.path is None:  # PostgreSQL: nothing to rename; the database is left as it is, unused, and said
            # Another account's history read as ours is invented changes against their numbers (30 removed, 40
            # added): nothing is read from or written to it by this process until DATABASE_URL is changed.
            self._refused = True
            if self._store is not None:
                with contextlib.suppress(*store_errors()):
                    self._store.close()
                self._store = None
            self._became("unavailable", why)
            log.error(
                "history unavailable: %s (%s); set DATABASE_URL to this account's database", english(why), self.where
            )
            return
        if self._store is not None:
            with contextlib.suppress(*store_errors()):  # a damaged file may not close cleanly; it goes aside anyway
                self._store.close()
            self._store = None
        at = self._now()
        try:
            aside = set_aside(self.path, at, label)
        except OSError as move_error:
            aside_failed = Text(
                "{why}, and it could not be set aside ({error})", why=why, error=f"`{type(move_error).__name__}`"
            )
            self._became("unavailable", aside_failed)
            log.error("history unavailable: %s: %s could not be moved aside (%s)", english(why), self.path, move_error)
            return
        log.error("history store %s: %s (%s): kept as %s; a fresh one starts now", self.path, english(why), exc, aside)
        try:
            self._store = self._opener()
        except store_errors() as fresh_error:
            self._became("unavailable", reason_for(fresh_error))
            return
        self._health = StoreHealth("restarted", at, why, str(aside))

    def _became(self, state: str, reason: str | Text) -> bool:
        """Enter a state (from now); False when the store was in it already."""
        if self._health.state == state and self._health.reason == reason:
            return False
        self._health = StoreHealth(state, self._now(), reason, self._health.set_aside)
        return True

    def _call(self, work: Callable[[SqlHistory], T], *, write: bool) -> T:
        with self._lock:
            store = self._store
            if store is None and not self._refused and time.monotonic() >= self._next_open:
                self._open()
                store = self._store
            if store is None:
                raise HistoryUnavailable(Text("history unavailable: {reason}", reason=self._health.reason))
        try:
            result = work(store)
        except store_errors() as exc:
            raise self._failed(store, exc, write=write) from None
        if write and self._health.state == "unwritable":
            log.warning("history is recording again (it could not since %s)", self._health.since)
            self._health = StoreHealth("ok", None, None, self._health.set_aside)
        return result

    def _failed(self, store: SqlHistory, exc: BaseException, *, write: bool) -> HistoryUnavailable:
        reason = reason_for(exc)
        with self._lock:
            if damaged(exc) and self.path is not None:
                if store is self._store:  # another thread may have set it aside already
                    self._restart(exc)
                return HistoryUnavailable(
                    Text("history unavailable: {reason}; a fresh history starts now", reason=reason)
                )
            if damaged(exc):  # PostgreSQL keeps its own pages: said, and watches refused, until it is repaired
                if self._became("unavailable", reason):  # not "unwritable": a write that works does not mend it
                    log.error("history unavailable: %s in %s; repair it, then restart the bot", reason, self.where)
            elif write:
                if self._became("unwritable", reason):
                    log.error("history cannot be stored: %s (%s)", reason, type(exc).__name__)
            else:
                log.warning("history could not be read: %s (%s)", reason, type(exc).__name__)
        return HistoryUnavailable(Text("history unavailable: {reason}", reason=reason))

    # HistoryStore ----------------------------------------------------------------------------------------

    def last_snapshot(self) -> SnapshotRecord | None:
        """The last stored reading; None when there is none, it cannot be read (the store says why), or another
        key wrote it (served once the first reading shows it is this account's)."""
        try:
            stored = self._call(lambda store: store.last_snapshot(), write=False)
            written_by = self._call(lambda store: store.fact(KEY_FACT), write=False) if stored else None
        except HistoryUnavailable:
            return None
        if written_by not in (None, self._fingerprint) and not self._verified:
            log.warning("the stored history was written with another key: it is used once a reading shows the account")
            return None
        return stored

    def _verify(self, fresh: SnapshotRecord) -> None:
        """Before the first reading of this process is stored: is the store this account's? Set aside if not."""
        stored = self._call(lambda store: store.last_snapshot(), write=False)
        written_by = self._call(lambda store: store.fact(KEY_FACT), write=False)
        if stored is not None and not same_account(stored, fresh):
            with self._lock:
                self._restart(Text("the stored history was another account's"), "other-account")
        elif written_by not in (None, self._fingerprint):
            log.warning("a new key for the same account (its numbers are the stored ones): history kept")
        if self._fingerprint is not None and written_by != self._fingerprint:
            fingerprint = self._fingerprint
            self._call(lambda store: store.set_fact(KEY_FACT, fingerprint), write=True)
        self._verified = True

    def record(self, snapshot: SnapshotRecord) -> list[Change]:
        """Store a reading; raises HistoryUnavailable (and remembers since when) when it cannot.

        Were it the end of a gap, the gap's reason: the store could not be written, or this process has just started
        (so the bot was stopped), or else its readings failed.
        """
        if not self._verified:
            self._verify(snapshot)
        reason = GAP_UNWRITABLE if self._health.state == "unwritable" else GAP_FAILED if self._recorded else GAP_STOPPED
        changes = self._call(lambda store: store.record(snapshot, reason), write=True)
        self._recorded = True
        return changes

    def coverage(self, since: datetime, until: datetime | None = None) -> Coverage:
        """What history covers of a period."""
        return self._call(lambda store: store.coverage(since, until), write=False)

    def changes(
        self,
        since: datetime,
        until: datetime | None = None,
        where: ChangeFilter | None = None,
        *,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[Change]:
        """Changes seen in a period that a filter asks about, newest first; a page of them."""
        return self._call(lambda store: store.changes(since, until, where, offset=offset, limit=limit), write=False)

    def count_changes(self, since: datetime, until: datetime | None = None, where: ChangeFilter | None = None) -> int:
        """How many changes `changes` would list."""
        return self._call(lambda store: store.count_changes(since, until, where), write=False)

    def count_by_kind(
        self, since: datetime, until: datetime | None = None, where: ChangeFilter | None = None
    ) -> dict[str, int]:
        """How many of those changes there are of each kind."""
        return self._call(lambda store: store.count_by_kind(since, until, where), write=False)

    def changes_of_number(self, number_id: str, limit: int) -> list[Change]:
        """One number's latest changes."""
        return self._call(lambda store: store.changes_of_number(number_id, limit), write=False)

    def frequent_changes(
        self, since: datetime, until: datetime, at_least: int
    ) -> dict[str, dict[datetime, ChangeKind]]:
        """The numbers that changed in at least `at_least` readings of a period, with when and how."""
        return self._call(lambda store: store.frequent_changes(since, until, at_least), write=False)

    def add_watch(self, watch: Watch) -> Watch:
        """Store a watch; refused (HistoryUnavailable) while nothing can be stored."""
        if reason := self._health.unwritable:
            raise HistoryUnavailable(watch_refused(reason))
        return self._call(lambda store: store.add_watch(watch), write=True)

    def watches(self, channel: str | None = None) -> list[Watch]:
        """A channel's watches (every channel's with None)."""
        return self._call(lambda store: store.watches(channel), write=False)

    def remove_watch(self, channel: str, watch_id: int) -> bool:
        """Remove a channel's watch."""
        return self._call(lambda store: store.remove_watch(channel, watch_id), write=True)

    def set_below(self, watch_id: int, below: bool) -> None:
        """Remember whether a threshold watch's alert is out."""
        self._call(lambda store: store.set_below(watch_id, below), write=True)

    def set_broken(self, watch_id: int, reason: str | None) -> None:
        """Mark a watch broken with Slack's reason (None: it posts again)."""
        self._call(lambda store: store.set_broken(watch_id, reason), write=True)

    def close(self) -> None:
        """Close the store."""
        with self._lock:
            if self._store is not None:
                try:
                    self._store.close()
                except store_errors():
                    log.warning("history store did not close cleanly")
