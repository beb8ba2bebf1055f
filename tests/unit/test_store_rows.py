"""The stored inventory is rows keyed by the number's id: a reading writes what changed, not the whole account."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, create_engine, event, text

from bot.inventory.snapshot import SnapshotRecord
from bot.inventory.store.migrate import alembic_config
from tests.conftest import OpenStore
from tests.unit.support import RECORDS, SHARED, numbers_from

START = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


def reading(minutes: int, records: list[dict[str, Any]] | None = None) -> SnapshotRecord:
    """A reading `minutes` after START, with the shared numbers."""
    return SnapshotRecord(
        fetched_at=START + timedelta(minutes=minutes),
        numbers=numbers_from(RECORDS if records is None else records),
        shared=numbers_from(SHARED, shared=True),
    )


@contextmanager
def inventory_writes(engine: Engine) -> Iterator[list[tuple[str, int]]]:
    """Every INSERT, UPDATE or DELETE on the inventory table while inside, with how many rows it was given."""
    seen: list[tuple[str, int]] = []

    def before(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, many: bool) -> None:
        words = statement.split()
        if words[0] in {"INSERT", "UPDATE", "DELETE"} and "inventory" in words[:4]:
            seen.append((words[0], len(parameters) if many else 1))

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)


def test_a_quiet_reading_writes_no_number_rows_and_a_change_writes_its_own(open_store: OpenStore) -> None:
    store = open_store(keep_days=30, now=lambda: START)
    store.record(reading(0))
    with inventory_writes(store.engine) as writes:
        assert store.record(reading(5)) == []
    assert writes == [], "a quiet reading touches no number's row"
    records = copy.deepcopy(RECORDS)
    records[2]["available"] = False  # n03 changes
    with inventory_writes(store.engine) as writes:
        (change,) = store.record(reading(10, records))
    assert change.number_id == "n03"
    assert writes == [("DELETE", 1), ("INSERT", 1)], "only n03's row is rewritten"


def test_a_reopened_store_diffs_against_its_rows_and_writes_only_what_changed(open_store: OpenStore) -> None:
    open_store(keep_days=30, now=lambda: START).record(reading(0))
    reopened = open_store(keep_days=30, now=lambda: START)  # another process: the reading is read from its rows
    records = [r for r in copy.deepcopy(RECORDS) if r["id"] != "n02"]
    with inventory_writes(reopened.engine) as writes:
        (change,) = reopened.record(reading(5, records))
    assert (change.kind.value, change.number_id) == ("removed", "n02")
    assert writes == [("DELETE", 1)]
    stored = open_store(keep_days=30).last_snapshot()
    assert stored is not None
    assert sorted(n.id for n in stored.numbers) == sorted(r["id"] for r in records)
    assert [n.id for n in stored.shared] == ["s01", "s02"], "the shared numbers stay in the reading's row"
    assert {n.id: n for n in stored.numbers}["n01"] == {n.id: n for n in reading(0).numbers}["n01"]


def engine_at_0006(url: str) -> Engine:
    """A database brought to revision 0006 (the head before the inventory rows), as the previous version left it."""
    from alembic import command

    engine = create_engine(url)
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0006")
    return engine


def test_a_store_of_revision_0006_with_data_upgrades_in_place_keeping_reading_changes_and_watches(
    open_store: OpenStore,
) -> None:
    probe = open_store(keep_days=30, now=lambda: START)  # only for where its database is
    url = probe.engine.url.render_as_string(hide_password=False)
    probe.close()
    with create_engine(url).begin() as connection:  # empty it: it is rebuilt as revision 0006 left a store
        for table in (
            "inventory",
            "snapshot",
            "changes",
            "watches",
            "coverage",
            "store_meta",
            "outbox",
            "alembic_version",
        ):
            connection.execute(text(f"DROP TABLE {table}"))
    old = engine_at_0006(url)
    first = reading(0)
    with old.begin() as connection:
        connection.execute(
            text("INSERT INTO snapshot (id, fetched_at, body) VALUES (1, :at, :body)"),
            {"at": START.isoformat(timespec="microseconds"), "body": first.model_dump_json(exclude_defaults=True)},
        )
        connection.execute(
            text(
                "INSERT INTO changes (seen_from, seen_until, kind, number_id, phone_number)"
                " VALUES (:a, :b, 'added', 'n01', :p)"
            ),
            {"a": (START - timedelta(minutes=5)).isoformat(), "b": START.isoformat(), "p": RECORDS[0]["phone_number"]},
        )
        connection.execute(
            text("INSERT INTO watches (channel, query, created_at) VALUES ('C1', 'linked', :at)"),
            {"at": START.isoformat()},
        )
    old.dispose()

    store = open_store(keep_days=30, now=lambda: START)
    stored = store.last_snapshot()
    assert stored is not None
    assert stored.fetched_at == START
    assert sorted(stored.numbers, key=lambda n: n.id) == sorted(first.numbers, key=lambda n: n.id)
    assert [n.id for n in stored.shared] == ["s01", "s02"]
    assert [(c.kind.value, c.number_id) for c in store.changes(START - timedelta(hours=1))] == [("added", "n01")]
    assert [w.query for w in store.watches("C1")] == ["linked"]
    with store.engine.connect() as connection:
        body = json.loads(connection.execute(text("SELECT body FROM snapshot")).scalar_one())
        assert "numbers" not in body, "the numbers moved to their rows"
        assert connection.execute(text("SELECT COUNT(*) FROM inventory")).scalar_one() == len(RECORDS)
    with inventory_writes(store.engine) as writes:
        assert store.record(reading(5)) == [], "the upgraded reading diffs against the next: nothing invented"
    assert writes == []
