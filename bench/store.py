"""`python -m bench.store`: the history store's cost, in bytes written per quiet reading and `changes` latency.

Figures are ratios against a baseline measured in the same run (bytes: the size of the reading itself as JSON;
latency: a page of `changes` from a store holding 1,000 changes), so they carry over between machines. The store
is the real one (SqlHistory on SQLite in a temporary folder), driven directly: no Slack, no Flireo.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.answers.changes import answer_changes
from bot.inventory.diff import Change, ChangeKind
from bot.inventory.history import iso
from bot.inventory.snapshot import SnapshotRecord
from bot.inventory.store.engines import sqlite_engine
from bot.inventory.store.sql import SqlHistory, _row
from bot.inventory.store.tables import changes as changes_table
from tests.unit.support import generated_records, make_snapshot, numbers_from, question_for

START = datetime(2026, 11, 27, tzinfo=UTC)
# Rows per INSERT while filling a store with changes (the fill is set-up, not measured).
FILL_BATCH = 20_000
# Each latency is the median of this many answers (the first warms SQLite's page cache).
REPEATS = 5


def written_bytes() -> int:
    """Bytes this process has written to storage so far (Linux: /proc/self/io)."""
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("write_bytes:"):
            return int(line.split()[1])
    raise RuntimeError("/proc/self/io has no write_bytes")


def quiet_reading_bytes(folder: Path, size: int) -> tuple[int, int]:
    """Bytes written to store one reading of `size` numbers that changed nothing, and that reading's JSON size."""
    store = SqlHistory(sqlite_engine(folder / f"quiet-{size}.sqlite3"), keep_days=30, now=lambda: START)
    numbers = numbers_from(generated_records(size))
    store.record(SnapshotRecord(fetched_at=START, numbers=numbers))
    quiet = SnapshotRecord(fetched_at=START + timedelta(minutes=5), numbers=numbers)
    before = written_bytes()
    store.record(quiet)
    with store.engine.connect() as connection:  # what a checkpoint writes belongs to the reading too
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    written = written_bytes() - before
    store.close()
    return written, len(quiet.model_dump_json(exclude_defaults=True))


def filled_store(folder: Path, stored: int) -> SqlHistory:
    """A store holding `stored` changes of 2,000 numbers over the last day (relinks and unlinks, one a second)."""
    store = SqlHistory(sqlite_engine(folder / f"changes-{stored}.sqlite3"), keep_days=30, now=lambda: START)
    before, after = numbers_from(generated_records(2_000)), numbers_from(generated_records(2_000, start=1))
    templates = []  # one row per number, made once: the fill copies it with its own times
    for old, new in zip(before, after, strict=True):
        kind = ChangeKind.UNLINKED if old.linked else ChangeKind.LINKED
        templates.append(_row(Change(kind, old.id, old.phone_number, START, START, old, new)))
    rows = []
    for i in range(stored):
        moment = START - timedelta(seconds=stored - i)
        rows.append(
            {**templates[i % 2_000], "seen_from": iso(moment - timedelta(seconds=1)), "seen_until": iso(moment)}
        )
        if len(rows) == FILL_BATCH or i == stored - 1:
            with store.engine.begin() as connection:
                connection.execute(changes_table.insert(), rows)
            rows = []
    return store


def median_seconds(work: Callable[[], object]) -> float:
    """The median time of REPEATS runs of `work`."""
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def changes_latency(store: SqlHistory, text: str) -> float:
    """Seconds to answer a change question's first page (counted and paged in the store)."""
    question = question_for(text, make_snapshot(generated_records(2_000)), now=START)
    return median_seconds(lambda: answer_changes(question, store, "NL", offset=0, page_size=10))


def main(argv: list[str]) -> int:
    """Print the store's figures as a Markdown table."""
    parser = argparse.ArgumentParser(prog="python -m bench.store", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: checks the bench runs, not the targets")
    args = parser.parse_args(argv)
    sizes = (1_000, 2_000) if args.quick else (10_000, 100_000)
    stored_sizes = (2_000, 5_000) if args.quick else (100_000, 1_000_000)
    print("| figure | value | ratio |")
    print("|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="numbers-bench-store-") as tmp:
        folder = Path(tmp)
        for size in sizes:
            written, body = quiet_reading_bytes(folder, size)
            ratio = f"{written / body:.2f} × the reading"
            print(f"| bytes written per quiet reading, {size:,} numbers | {written:,} | {ratio} |")
        baseline_store = filled_store(folder, 1_000)
        baseline = changes_latency(baseline_store, "changes")
        print(f"| `changes`, 1,000 stored (baseline) | {baseline * 1000:.1f} ms | 1.00 |")
        for stored in stored_sizes:
            store = filled_store(folder, stored)
            for text in ("changes", "changes billing desk", "changes since 1h"):
                seconds = changes_latency(store, text)
                print(f"| `{text}`, {stored:,} stored | {seconds * 1000:.1f} ms | {seconds / baseline:.1f} |")
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
