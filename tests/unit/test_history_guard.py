"""The guarded history store: a damaged, full or failing store never stops an answer, and always says so."""

from __future__ import annotations

import copy
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from bot.inventory.history import GAP_FAILED, GAP_UNWRITABLE, Watch
from bot.inventory.snapshot import SnapshotRecord
from bot.inventory.store.engines import sqlite_engine
from bot.inventory.store.guarded import GuardedHistory
from bot.inventory.store.sql import SqlHistory
from bot.inventory.store_health import HistoryUnavailable
from tests.damage import damage_pages, damage_text
from tests.unit.support import RECORDS, numbers_from

START = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


def reading(minutes: int, records: list[dict] | None = None) -> SnapshotRecord:
    """A reading `minutes` after START."""
    return SnapshotRecord(fetched_at=START + timedelta(minutes=minutes), numbers=numbers_from(records or RECORDS))


def without_n02() -> list[dict]:
    """The account after n02 was released."""
    return [r for r in copy.deepcopy(RECORDS) if r["id"] != "n02"]


def plain(path: Path, kind: type[SqlHistory] = SqlHistory) -> SqlHistory:
    """The store without its guard."""
    return kind(sqlite_engine(path), keep_days=30, now=lambda: START)


def guarded(path: Path, kind: type[SqlHistory] = SqlHistory) -> GuardedHistory:
    """The store behind its guard, at a fixed time."""
    return GuardedHistory(lambda: plain(path, kind), where=str(path), path=path, now=lambda: START + timedelta(hours=1))


def filled(path: Path) -> None:
    """A store with two readings, one change and a watch, closed."""
    store = plain(path)
    store.record(reading(0))
    store.record(reading(5, without_n02()))
    store.add_watch(Watch(0, "C0WATCH", "linked billing desk"))
    store.close()


@pytest.mark.parametrize("table", ["snapshot", "changes", "changes_by_number", "watches"])
def test_a_store_with_damaged_pages_is_set_aside_kept_and_a_fresh_one_answers(tmp_path: Path, table: str) -> None:
    path = tmp_path / "h.sqlite3"
    filled(path)
    damage_pages(path, table)
    store = guarded(path)
    assert store.last_snapshot() is None, "the bot's restore at start: nothing, and no exception"
    health = store.health()
    assert health.state == "restarted"
    assert health.reason == "the stored history was damaged"
    assert health.set_aside is not None
    assert Path(health.set_aside).exists(), "the damaged file is kept"
    assert "damaged-20261127T030000Z" in health.set_aside
    assert store.changes(START - timedelta(days=1)) == []
    assert store.record(reading(10)) == []
    assert store.last_snapshot() is not None


def test_text_that_is_not_utf8_in_the_stored_snapshot_is_set_aside_at_restore(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    filled(path)
    damage_text(path, "inventory", b'"phone_number"')  # the stored reading's numbers, one row each (0008)
    with pytest.raises(OperationalError, match="decode"):
        plain(path).last_snapshot()  # what stopped the bot at every start
    store = guarded(path)
    assert store.last_snapshot() is None
    assert store.health().state == "restarted"


def test_text_that_is_not_utf8_in_a_change_is_found_when_read_and_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    filled(path)
    damage_text(path, "changes", b"removed")
    store = guarded(path)
    assert store.last_snapshot() is not None
    assert store.health().state == "ok", "the pages are whole: only reading the row finds it"
    with pytest.raises(HistoryUnavailable, match="history unavailable: the stored history is damaged"):
        store.changes(START - timedelta(days=1))
    assert store.health().state == "restarted"
    assert store.changes(START - timedelta(days=1)) == []


class FullDisk(SqlHistory):
    """A store on a disk with no room left, until `room` is set."""

    room = False

    def record(self, snapshot: SnapshotRecord, gap_reason: str = GAP_FAILED) -> list:
        if not FullDisk.room:
            error = sqlite3.OperationalError("database or disk is full")
            error.sqlite_errorname = "SQLITE_FULL"  # type: ignore[attr-defined]
            raise error
        return super().record(snapshot, gap_reason)


def test_a_full_disk_keeps_answering_refuses_watches_and_recovers(tmp_path: Path) -> None:
    FullDisk.room = True
    store = guarded(tmp_path / "h.sqlite3", FullDisk)
    store.record(reading(0))
    FullDisk.room = False
    with pytest.raises(HistoryUnavailable, match="the disk is full"):
        store.record(reading(5))
    health = store.health()
    assert (health.state, health.reason) == ("unwritable", "the disk is full")
    assert store.changes(START - timedelta(days=1)) == [], "reads go on"
    with pytest.raises(HistoryUnavailable, match="can't keep a watch now: the disk is full"):
        store.add_watch(Watch(0, "C0WATCH", "linked"))
    assert store.watches() == []
    FullDisk.room = True
    store.record(reading(60))
    assert store.health().state == "ok"
    assert [gap.reason for gap in store.coverage(START).gaps] == [GAP_UNWRITABLE], "the gap says why"
    assert store.add_watch(Watch(0, "C0WATCH", "linked")).id == 1


class FailingReads(SqlHistory):
    """A store whose reads fail the way a failing disk does."""

    def changes_of_number(self, number_id: str, limit: int) -> list:
        error = sqlite3.OperationalError("disk I/O error")
        error.sqlite_errorname = "SQLITE_IOERR"  # type: ignore[attr-defined]
        raise error


def test_a_read_that_fails_says_why_and_keeps_the_store(tmp_path: Path) -> None:
    store = guarded(tmp_path / "h.sqlite3", FailingReads)
    with pytest.raises(HistoryUnavailable, match=r"history unavailable: the store failed \(SQLITE_IOERR\)"):
        store.changes_of_number("n01", 5)
    assert store.health().state == "ok"
    assert not list(tmp_path.glob("*damaged*"))


def test_a_store_that_cannot_be_opened_is_unavailable_and_never_raises_at_restore(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    store = guarded(blocked / "h.sqlite3")
    assert store.last_snapshot() is None
    assert store.health().state == "unavailable"
    with pytest.raises(HistoryUnavailable, match="history unavailable: the store's disk failed"):
        store.watches()


def keyed(path: Path, fingerprint: str) -> GuardedHistory:
    """The store as a process reading with the key of `fingerprint` opens it."""
    return GuardedHistory(lambda: plain(path), where=str(path), path=path, fingerprint=fingerprint)


def test_a_new_key_for_the_same_account_keeps_the_store_once_its_first_reading_matches(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    keyed(path, "old-key").record(reading(0))
    store = keyed(path, "new-key")
    assert store.last_snapshot() is None, "not served before a reading shows whose it is"
    (change,) = store.record(reading(5, without_n02()))  # most numbers are the stored ones: the same account
    assert change.number_id == "n02"
    assert store.health().state == "ok"
    assert keyed(path, "new-key").last_snapshot() is not None, "the new key's from now on"


def test_another_accounts_store_is_set_aside_and_invents_no_changes(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    keyed(path, "theirs").record(reading(0))
    others = [{**record, "id": f"x-{record['id']}"} for record in RECORDS]  # other ids: another account
    store = keyed(path, "ours")
    assert store.last_snapshot() is None
    assert store.record(reading(5, others)) == []
    health = store.health()
    assert (health.state, health.reason) == ("restarted", "the stored history was another account's")
    assert health.set_aside is not None
    assert "other-account" in health.set_aside
