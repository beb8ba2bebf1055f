"""The SQLite history store: readings and their changes, retention, watches, and surviving `kill -9`."""

from __future__ import annotations

import copy
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.answers.changes import predicate_for, touches
from bot.inventory.history import Watch
from bot.inventory.snapshot import SnapshotRecord
from bot.inventory.store.engines import sqlite_engine
from bot.inventory.store.sql import SqlHistory
from tests.conftest import OpenStore
from tests.unit.support import RECORDS, make_snapshot, numbers_from, question_for

START = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
REPO_ROOT = Path(__file__).resolve().parents[2]


def reading(minutes: int, records: list[dict] | None = None) -> SnapshotRecord:
    """A reading `minutes` after START."""
    return SnapshotRecord(fetched_at=START + timedelta(minutes=minutes), numbers=numbers_from(records or RECORDS))


def without_n02() -> list[dict]:
    """The account after n02 was released."""
    return [r for r in copy.deepcopy(RECORDS) if r["id"] != "n02"]


def test_the_first_reading_has_no_changes_and_the_next_is_diffed(open_store: OpenStore) -> None:
    store = open_store(keep_days=30, now=lambda: START)
    assert store.record(reading(0)) == []
    (change,) = store.record(reading(5, without_n02()))
    assert (change.kind.value, change.number_id) == ("removed", "n02")
    assert [c.number_id for c in store.changes(START)] == ["n02"]
    assert store.changes(START + timedelta(minutes=5)) == [], "a period after the change has none"


def test_the_last_reading_survives_reopening(open_store: OpenStore) -> None:
    open_store(keep_days=30).record(reading(0))
    stored = open_store(keep_days=30).last_snapshot()
    assert stored is not None
    assert stored.fetched_at == START
    assert len(stored.numbers) == len(RECORDS)


def test_an_older_reading_never_replaces_a_newer_one(open_store: OpenStore) -> None:
    store = open_store(keep_days=30, now=lambda: START)
    store.record(reading(10))
    assert store.record(reading(5, without_n02())) == []
    stored = store.last_snapshot()
    assert stored is not None
    assert stored.fetched_at == START + timedelta(minutes=10)


def test_changes_older_than_the_retention_are_pruned(open_store: OpenStore) -> None:
    now = [START]
    store = open_store(keep_days=1, now=lambda: now[0])
    store.record(reading(0))
    store.record(reading(5, without_n02()))
    now[0] = START + timedelta(days=2)
    store.record(reading(60 * 48))  # n02 is back: a new change, and the old one is past the retention
    assert [c.kind.value for c in store.changes(START - timedelta(days=1))] == ["added"]


def test_a_numbers_history_is_newest_first(open_store: OpenStore) -> None:
    store = open_store(keep_days=30, now=lambda: START)
    store.record(reading(0))
    store.record(reading(5, without_n02()))
    store.record(reading(10))
    assert [c.kind.value for c in store.changes_of_number("n02", 5)] == ["added", "removed"]


def test_the_numbers_that_changed_in_enough_readings_are_found_with_when_and_how(open_store: OpenStore) -> None:
    store = open_store(keep_days=30, now=lambda: START)
    for minutes in range(0, 30, 5):  # n02 released, back, released, back, … 5 changes; nothing else changes
        store.record(reading(minutes, without_n02() if minutes % 10 == 5 else None))
    found = store.frequent_changes(START, START + timedelta(minutes=25), 5)
    assert list(found) == ["n02"]
    assert [kind.value for kind in found["n02"].values()] == ["removed", "added"] * 2 + ["removed"]
    assert min(found["n02"]) == START + timedelta(minutes=5)
    assert store.frequent_changes(START, START + timedelta(minutes=25), 6) == {}, "5 readings, not 6"
    assert store.frequent_changes(START + timedelta(minutes=5), START + timedelta(minutes=25), 5) == {}, "after since"


def test_watches_are_per_channel_and_removed_only_from_their_channel(open_store: OpenStore) -> None:
    store = open_store(keep_days=30)
    first = store.add_watch(Watch(0, "C1", "linked billing desk"))
    second = store.add_watch(Watch(0, "C2", "available local", threshold=3))
    assert [w.id for w in store.watches("C1")] == [first.id]
    assert not store.remove_watch("C1", second.id)
    store.set_below(second.id, True)
    assert store.watches("C2")[0].below
    assert store.remove_watch("C2", second.id)
    assert store.watches("C2") == []


def test_the_same_watch_stored_twice_is_stored_once_from_any_process(open_store: OpenStore) -> None:
    one, other = open_store(keep_days=30), open_store(keep_days=30)  # two replicas on one database
    first = one.add_watch(Watch(0, "C1", "linked billing desk"))
    assert other.add_watch(Watch(0, "C1", "linked billing desk", created_by="U2")) == one.watches("C1")[0]
    assert one.watches("C1")[0].id == first.id
    below = other.add_watch(Watch(0, "C1", "linked billing desk", threshold=2))
    assert below.id != first.id, "another threshold is another watch"
    assert one.add_watch(Watch(0, "C1", "linked billing desk", threshold=2)).id == below.id
    assert one.add_watch(Watch(0, "C2", "linked billing desk")).id not in (first.id, below.id), "another channel"
    assert len(one.watches()) == 3


def test_a_filter_matches_a_change_when_the_number_passed_it_before_or_after(open_store: OpenStore) -> None:
    store = open_store(keep_days=30, now=lambda: START)
    unlinked = copy.deepcopy(RECORDS)
    next(r for r in unlinked if r["id"] == "n01").update(available=True, linked_assistant=None)
    store.record(reading(0))
    (change,) = store.record(reading(5, unlinked))
    snapshot = make_snapshot()
    assert touches(change, predicate_for(question_for("linked billing desk", snapshot), "NL"))
    assert touches(change, predicate_for(question_for("available local amsterdam", snapshot), "NL"))
    assert not touches(change, predicate_for(question_for("mobile", snapshot), "NL"))


_WRITER = """
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from bot.inventory.store.engines import sqlite_engine
from bot.inventory.store.sql import SqlHistory
from bot.inventory.snapshot import SnapshotRecord
from bot.inventory.store.engines import sqlite_engine
from bot.inventory.store.sql import SqlHistory
from tests.conftest import OpenStore
from tests.unit.support import generated_records, numbers_from

store = SqlHistory(sqlite_engine(Path(sys.argv[1])), keep_days=3650)
full = numbers_from(generated_records(2000))
half = full[:1000]
start = datetime(2026, 1, 1, tzinfo=UTC)
for i in range(1_000_000):  # alternate: each reading after the first removes or adds back 1,000 numbers
    store.record(SnapshotRecord(fetched_at=start + timedelta(minutes=i), numbers=half if i % 2 else full))
"""


def test_the_store_survives_kill_9_mid_write_losing_at_most_the_reading_being_written(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    writer = subprocess.Popen([sys.executable, "-c", textwrap.dedent(_WRITER), str(path)], cwd=REPO_ROOT)
    try:
        deadline = time.monotonic() + 30
        while _readings(path) < 4:  # poll until a few readings are committed, then kill it mid-stream
            assert time.monotonic() < deadline, "the writer made no progress"
            assert writer.poll() is None, "the writer stopped by itself"
            time.sleep(0.05)
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    (last,) = db.execute("SELECT fetched_at FROM snapshot").fetchone()
    readings = round((datetime.fromisoformat(last) - datetime(2026, 1, 1, tzinfo=UTC)) / timedelta(minutes=1)) + 1
    (changes,) = db.execute("SELECT COUNT(*) FROM changes").fetchone()
    # Every committed reading after the first brought exactly 1,000 changes: none half-written, none lost.
    assert changes == 1000 * (readings - 1)
    assert SqlHistory(sqlite_engine(path), keep_days=3650).last_snapshot() is not None


def _readings(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        row = sqlite3.connect(path, timeout=1).execute("SELECT COUNT(*) FROM changes").fetchone()
    except sqlite3.Error:
        return 0
    return int(row[0]) // 1000
