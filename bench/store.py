"""`python -m bench.store`: the history store's cost: bytes written per quiet reading, its share of a refresh, and
`changes` latency.

Figures are ratios against a baseline measured in the same run (bytes: the size of the reading itself as JSON;
share: the rest of the refresh's work in this process; latency: a page of `changes` from a store holding 1,000
changes), so they carry over between machines. The store is the real one (SqlHistory on SQLite in a temporary
folder, and on PostgreSQL when Debian's binaries are installed), driven directly: no Slack, no Flireo.
"""

from __future__ import annotations

import argparse
import io
import json
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text as sql

from bot.answers.changes import answer_changes
from bot.answers.export import ExportPlan, closed, write_csv
from bot.flireo.models import PhoneNumber
from bot.flireo.pages import PAGE_LIMIT, parse_numbers
from bot.flireo.read_times import span
from bot.inventory.diff import Change, ChangeKind
from bot.inventory.history import iso
from bot.inventory.snapshot import Snapshot, SnapshotRecord
from bot.inventory.store.engines import postgres_engine, sqlite_engine
from bot.inventory.store.sql import SqlHistory, _row
from bot.inventory.store.tables import changes as changes_table
from tests.postgres import PostgresServer, pg_bin
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


def reading_of(numbers: tuple[PhoneNumber, ...], began: datetime) -> SnapshotRecord:
    """A reading as the bot stores one: its pages of 100 read a second apart (a progressive read spans minutes)."""
    runs = tuple(
        (len(numbers[at : at + PAGE_LIMIT]), began + timedelta(seconds=page))
        for page, at in enumerate(range(0, len(numbers), PAGE_LIMIT))
    )
    return SnapshotRecord(fetched_at=began, numbers=numbers, read_times=runs, read_span=span(runs))


def checkpoint(store: SqlHistory) -> None:
    """Fold SQLite's WAL into the main file and empty it."""
    with store.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def quiet_sqlite(folder: Path, size: int) -> tuple[int, int, int]:
    """One quiet reading of `size` numbers on SQLite: (bytes it appended to the WAL, bytes this process wrote to
    storage for it including the checkpoint that copies those pages into the file, the reading's JSON size)."""
    path = folder / f"quiet-{size}.sqlite3"
    store = SqlHistory(sqlite_engine(path), keep_days=30, now=lambda: START)
    numbers = numbers_from(generated_records(size))
    store.record(reading_of(numbers, START))
    checkpoint(store)
    quiet = reading_of(numbers, START + timedelta(minutes=5))
    before = written_bytes()
    store.record(quiet)
    wal = path.with_name(path.name + "-wal").stat().st_size
    checkpoint(store)  # what a checkpoint writes belongs to the reading too
    written = written_bytes() - before
    store.close()
    return wal, written, len(quiet.model_dump_json(exclude_defaults=True))


def quiet_postgres(url: str, size: int) -> int:
    """Bytes of WAL PostgreSQL wrote for one quiet reading of `size` numbers (pg_current_wal_lsn before and after)."""
    store = SqlHistory(postgres_engine(url), keep_days=30, now=lambda: START)
    numbers = numbers_from(generated_records(size))
    store.record(reading_of(numbers, START))
    with store.engine.connect() as connection:
        before = connection.execute(sql("SELECT pg_current_wal_lsn()")).scalar_one()
    store.record(reading_of(numbers, START + timedelta(minutes=5)))
    with store.engine.connect() as connection:
        after = connection.execute(sql("SELECT pg_current_wal_lsn()")).scalar_one()
        written = connection.execute(sql("SELECT pg_wal_lsn_diff(:a, :b)"), {"a": after, "b": before}).scalar_one()
    store.close()
    return int(written)


def history_share(folder: Path, size: int) -> tuple[float, float]:
    """A refresh of `size` numbers in this process: (seconds to store its quiet reading in history, seconds of the
    rest: parsing the pages' records and building the snapshot's index)."""
    store = SqlHistory(sqlite_engine(folder / f"share-{size}.sqlite3"), keep_days=30, now=lambda: START)
    records = generated_records(size)
    store.record(SnapshotRecord(fetched_at=START, numbers=numbers_from(records)))
    pages = [json.dumps({"data": records[at : at + PAGE_LIMIT]}) for at in range(0, size, PAGE_LIMIT)]
    started = time.perf_counter()
    numbers: list[PhoneNumber] = []
    for page in pages:
        numbers += parse_numbers(json.loads(page)["data"])[0]
    snapshot = Snapshot(tuple(numbers), (), START + timedelta(minutes=5))
    _ = snapshot.index
    rest = time.perf_counter() - started
    started = time.perf_counter()
    store.record(SnapshotRecord.of(snapshot))
    stored = time.perf_counter() - started
    store.close()
    return stored, rest


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


def export_seconds(store: SqlHistory) -> tuple[float, int]:
    """Seconds to write every change of the last day as CSV (the export, read in pages), and the rows written."""
    asked = question_for("changes csv", make_snapshot(generated_records(2_000)), now=START)
    plan = ExportPlan(closed(asked, START), 0, "all numbers")
    started = time.perf_counter()
    rows = write_csv(plan, store, "NL", io.StringIO())
    return time.perf_counter() - started, rows


def row(figure: str, value: str, ratio: str) -> None:
    """Print one row of the table."""
    print(f"| {figure} | {value} | {ratio} |")


def bytes_figures(folder: Path, sizes: tuple[int, ...], postgres: bool) -> None:
    """Print the bytes one quiet reading writes, and history's share of a refresh, at each size."""
    server = start_postgres() if postgres else None
    try:
        for size in sizes:
            wal, written, body = quiet_sqlite(folder, size)
            print(
                f"| SQLite WAL bytes per quiet reading, {size:,} numbers | {wal:,} | {wal / body:.4f} × the reading |"
            )
            ratio = f"{written / body:.4f} × the reading"
            print(f"| bytes to disk per quiet reading (WAL + checkpoint), {size:,} numbers | {written:,} | {ratio} |")
            if server is not None:
                pg = quiet_postgres(server.new_database(), size)
                row(f"PostgreSQL WAL bytes per quiet reading, {size:,} numbers", f"{pg:,}",
                    f"{pg / body:.4f} × the reading")  # fmt: skip
            stored, rest = history_share(folder, size)
            share = f"{stored / (stored + rest):.1%} of the refresh"
            print(f"| storing a quiet reading of {size:,} numbers in history | {stored * 1000:.1f} ms | {share} |")
    finally:
        if server is not None:
            server.stop()


def start_postgres() -> PostgresServer | None:
    """A throwaway PostgreSQL server (tests/postgres.py), or None when Debian's binaries are not installed."""
    binaries = pg_bin()
    if binaries is None:
        print("| PostgreSQL | not installed: its figures are left out | |")
        return None
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    return PostgresServer(binaries, port)


def main(argv: list[str]) -> int:
    """Print the store's figures as a Markdown table."""
    parser = argparse.ArgumentParser(prog="python -m bench.store", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: checks the bench runs, not the targets")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only, even when PostgreSQL is installed")
    parser.add_argument("--writes-only", action="store_true", help="the bytes and share figures, not `changes` latency")
    args = parser.parse_args(argv)
    sizes = (1_000, 2_000) if args.quick else (10_000, 100_000)
    stored_sizes = (2_000, 5_000) if args.quick else (100_000, 1_000_000)
    print("| figure | value | ratio |")
    print("|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="numbers-bench-store-") as tmp:
        folder = Path(tmp)
        bytes_figures(folder, sizes, postgres=not args.no_postgres)
        if args.writes_only:
            return 0
        started = time.perf_counter()
        baseline_store = filled_store(folder, 1_000)
        baseline = changes_latency(baseline_store, "changes")
        print(f"| `changes`, 1,000 stored (baseline) | {baseline * 1000:.1f} ms | 1.00 |")
        for stored in stored_sizes:
            store = filled_store(folder, stored)
            for asked in ("changes", "changes billing desk", "changes since 1h"):
                seconds = changes_latency(store, asked)
                print(f"| `{asked}`, {stored:,} stored | {seconds * 1000:.1f} ms | {seconds / baseline:.1f} |")
            seconds, rows = export_seconds(store)
            row(f"`changes csv` export, {stored:,} stored ({rows:,} rows of the last day)", f"{seconds:.2f} s",
                f"{seconds / rows / baseline:.3f} × the baseline a row")  # fmt: skip
            store.close()
        print(f"\nFilling the stores and asking took {time.perf_counter() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
