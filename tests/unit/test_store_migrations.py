"""Versioned schema migrations: a store written by version 0.1 (bot/inventory/history.py's SQLite) upgrades in place."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from bot.i18n import Language
from bot.inventory.history import ChangeFilter, Watch
from bot.inventory.snapshot import SnapshotRecord
from bot.inventory.store.engines import sqlite_engine
from bot.inventory.store.migrate import HEAD, alembic_config
from bot.inventory.store.sql import SqlHistory
from tests.conftest import OpenStore
from tests.unit.support import RECORDS, numbers_from

START = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)

# Exactly what version 0.1 created (bot/inventory/history.py's _SCHEMA before the store moved to SQLAlchemy).
VERSION_0_1_SCHEMA = """
CREATE TABLE IF NOT EXISTS snapshot (
    id INTEGER PRIMARY KEY CHECK (id = 1), fetched_at TEXT NOT NULL, body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, seen_from TEXT NOT NULL, seen_until TEXT NOT NULL, kind TEXT NOT NULL,
    number_id TEXT NOT NULL, phone_number TEXT NOT NULL, field TEXT, old TEXT, new TEXT
);
CREATE INDEX IF NOT EXISTS changes_by_time ON changes (seen_until);
CREATE INDEX IF NOT EXISTS changes_by_number ON changes (number_id, seen_until);
CREATE TABLE IF NOT EXISTS watches (
    id INTEGER PRIMARY KEY AUTOINCREMENT, channel TEXT NOT NULL, query TEXT NOT NULL, threshold INTEGER,
    created_by TEXT, created_at TEXT NOT NULL, below INTEGER NOT NULL DEFAULT 0
);
"""


def version_0_1_store(path: Path) -> None:
    """A store as version 0.1 left it: one reading, one removal of n02, a threshold watch that is below."""
    snapshot = SnapshotRecord(fetched_at=START + timedelta(minutes=5), numbers=numbers_from(RECORDS[1:]))
    removed = next(n for n in numbers_from(RECORDS) if n.id == RECORDS[0]["id"])
    db = sqlite3.connect(path)
    db.executescript(VERSION_0_1_SCHEMA)
    db.execute(
        "INSERT INTO snapshot VALUES (1, ?, ?)",
        (START.replace(minute=5).isoformat(timespec="microseconds"), snapshot.model_dump_json(exclude_defaults=True)),
    )
    db.execute(
        "INSERT INTO changes (seen_from, seen_until, kind, number_id, phone_number, old) VALUES (?, ?, ?, ?, ?, ?)",
        (START.isoformat(timespec="microseconds"), START.replace(minute=5).isoformat(timespec="microseconds"),
         "removed", removed.id, removed.phone_number, json.dumps(removed.model_dump(mode="json"))),
    )  # fmt: skip
    db.execute(
        "INSERT INTO watches (channel, query, threshold, created_at, below) VALUES ('C1', 'available local', 3, ?, 1)",
        (START.isoformat(),),
    )
    db.commit()
    db.close()


def test_a_version_0_1_store_is_upgraded_in_place_keeping_its_reading_changes_and_watches(tmp_path: Path) -> None:
    path = tmp_path / "history-abc.sqlite3"
    version_0_1_store(path)
    store = SqlHistory(sqlite_engine(path), keep_days=30, now=lambda: START)
    stored = store.last_snapshot()
    assert stored is not None
    assert stored.fetched_at == START + timedelta(minutes=5)
    ((change,),) = [store.changes(START - timedelta(hours=1))]
    assert (change.kind.value, change.number_id) == ("removed", RECORDS[0]["id"])
    backfilled = ChangeFilter(assistants=("billing desk",), localities=("amsterdam",))
    assert store.count_changes(START - timedelta(hours=1), None, backfilled) == 1, "filters find the old changes too"
    (watch,) = store.watches("C1")
    assert (watch.query, watch.threshold, watch.below) == ("available local", 3, True)
    # The next reading is diffed against the stored one: n02 back is one "added", nothing invented.
    back = store.record(SnapshotRecord(fetched_at=START + timedelta(minutes=10), numbers=numbers_from(RECORDS)))
    assert [(c.kind.value, c.number_id) for c in back] == [("added", RECORDS[0]["id"])]
    store.close()
    versions = sqlite3.connect(path).execute("SELECT version_num FROM alembic_version").fetchall()
    assert versions == [(HEAD,)]


def test_a_new_store_gets_every_table_at_the_latest_version(open_store: OpenStore) -> None:
    store = open_store()
    tables = set(inspect(store.engine).get_table_names())
    assert {"snapshot", "changes", "watches", "alembic_version"} <= tables
    reopened = open_store()  # opening again migrates nothing and keeps working
    assert reopened.watches() == []


def test_the_head_the_store_checks_at_open_is_alembics_head() -> None:
    from alembic.script import ScriptDirectory

    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD


def test_a_watch_from_before_languages_has_none_and_a_new_one_keeps_its_language(tmp_path: Path) -> None:
    path = tmp_path / "history-abc.sqlite3"
    version_0_1_store(path)
    store = SqlHistory(sqlite_engine(path), keep_days=30, now=lambda: START)
    (old,) = store.watches("C1")
    assert old.language is None  # posts in DEFAULT_LANGUAGE
    store.add_watch(Watch(0, "C1", "linked", language=Language.NL))
    assert [watch.language for watch in store.watches("C1")] == [None, Language.NL]
    store.close()


def test_copies_of_a_watch_from_before_are_one_watch_and_the_database_refuses_another(tmp_path: Path) -> None:
    path = tmp_path / "history-abc.sqlite3"
    version_0_1_store(path)  # watch 1: 'available local' below 3 in C1
    db = sqlite3.connect(path)
    for channel, query, threshold in [("C1", "available local", 3), ("C1", "linked", None), ("C1", "linked", None),
                                      ("C2", "linked", None), ("C1", "available local", 2)]:  # fmt: skip
        db.execute(
            "INSERT INTO watches (channel, query, threshold, created_at) VALUES (?, ?, ?, ?)",
            (channel, query, threshold, START.isoformat()),
        )
    db.commit()
    db.close()
    store = SqlHistory(sqlite_engine(path), keep_days=30, now=lambda: START)
    kept = [(w.id, w.channel, w.query, w.threshold) for w in store.watches()]
    assert kept == [(1, "C1", "available local", 3), (3, "C1", "linked", None), (5, "C2", "linked", None),
                    (6, "C1", "available local", 2)], "the oldest of each copy is kept"  # fmt: skip
    copy = text("INSERT INTO watches (channel, query, created_at) VALUES ('C1', 'linked', 'x')")
    with pytest.raises(IntegrityError), store.engine.begin() as connection:  # refused by the database itself
        connection.execute(copy)
    store.close()
