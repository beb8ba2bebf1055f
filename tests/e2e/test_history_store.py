"""The bot answers whatever its history store does: damaged pages, a full disk (through the real `app.py`)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.damage import GARBAGE, checkpointed, damage_pages, damage_text
from tests.e2e.conftest import AppProcess, free_port
from tests.e2e.helpers import all_text, shown_numbers
from tests.e2e.test_history import (
    POLLING,
    WATCH_CHANNEL,
    answer,
    eventually,
    make_changes,
    posts_in,
    readings_seen,
    stored_readings,
    wait_for_post,
    wait_for_readings,
)
from tests.fakes.flireo import FlireoFake, make_numbers, make_shared_numbers
from tests.fakes.slack import SlackFake
from tests.postgres import PostgresServer, skip_or_fail_without_postgres


@pytest.fixture
def flireo() -> Iterator[FlireoFake]:
    """A small account (one page), so the poller can read it every second within budget."""
    with FlireoFake(make_numbers(40), shared=make_shared_numbers(2)) as fake:
        yield fake


def health(app: AppProcess) -> dict[str, Any]:
    """/healthz's body."""
    status, body = app.get("/healthz")
    assert status == 200
    return dict(json.loads(body))


def store_file(data_dir: Path) -> Path:
    """The account's history file."""
    (path,) = [p for p in data_dir.glob("history-*.sqlite3") if "damaged" not in p.name]
    return path


def readings_stored(store_env: dict[str, str], data_dir: Path) -> int:
    """How many stored snapshots the app's store holds: SQLite files in `data_dir`, or DATABASE_URL's database."""
    url = store_env.get("DATABASE_URL")
    if url is None:
        return stored_readings(data_dir)
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import SQLAlchemyError
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT COUNT(*) FROM snapshot")).scalar_one())
    except SQLAlchemyError:  # no table yet: the store is not created
        return 0
    finally:
        engine.dispose()


def history_with_changes(
    start_app, slack: SlackFake, flireo: FlireoFake, data_dir: Path, store_env: dict[str, str] | None = None
) -> dict[str, str]:
    """Run the bot until it has stored changes and a watch, then stop it; returns what changed."""
    store_env = store_env or {}
    app = start_app({**POLLING, **store_env})
    eventually(lambda: readings_stored(store_env, data_dir), what="the first reading to be stored")
    answer(app, slack, "watch linked", channel=WATCH_CHANNEL)
    changed = make_changes(flireo)
    eventually(lambda: len(shown_numbers(answer(app, slack, "changes"))) == 4, what="the changes to be stored")
    app.stop()
    return changed


DAMAGES = {
    "snapshot-pages": lambda path: damage_pages(path, "snapshot"),
    "snapshot-text": lambda path: damage_text(path, "snapshot", b'"phone_number"'),
    "inventory-pages": lambda path: damage_pages(path, "inventory"),
    "inventory-text": lambda path: damage_text(path, "inventory", b'"phone_number"'),
    "changes-pages": lambda path: damage_pages(path, "changes"),
    "changes-index": lambda path: damage_pages(path, "changes_by_number"),
    "watches-pages": lambda path: damage_pages(path, "watches"),
    "coverage-pages": lambda path: damage_pages(path, "coverage"),
    "coverage-index": lambda path: damage_pages(path, "coverage_by_end"),
    "store_meta-pages": lambda path: damage_pages(path, "store_meta"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_store_is_kept_aside_and_the_bot_starts_answers_and_watches_on_a_fresh_one(
    start_app, slack: SlackFake, flireo: FlireoFake, tmp_path: Path, damage: str
) -> None:
    data_dir = tmp_path / "data"
    changed = history_with_changes(start_app, slack, flireo, data_dir)
    DAMAGES[damage](store_file(data_dir))

    app = start_app(POLLING)  # before: exit 1 at every start ("Could not decode to UTF-8") until the file was deleted
    state = health(app)["history"]
    assert state["state"] == "restarted"
    assert state["reason"] == "the stored history was damaged"
    aside = Path(state["set_aside"])
    assert aside.exists(), "the damaged file is kept"
    assert aside.parent == data_dir.resolve(), "beside the fresh one"
    assert str(aside) in app.logs()

    number = next(iter(changed))
    card = all_text(answer(app, slack, f"find {number}"))
    assert shown_numbers(answer(app, slack, f"find {number}")) == [number], "the card is whole"
    assert "Something went wrong" not in card
    assert "history starts" in card
    assert "the stored history was damaged" in card
    listing = all_text(answer(app, slack, "changes"))
    assert "history starts" in listing, "never a bare 'no changes' for what the damaged store held"

    wait_for_readings(flireo, 1)
    assert "I'll post every change" in all_text(answer(app, slack, "watch", channel=WATCH_CHANNEL))
    before = len(posts_in(slack, WATCH_CHANNEL))
    records = flireo.numbers
    gone = records.pop()
    flireo.set_numbers(records)
    post = wait_for_post(slack, WATCH_CHANNEL, before + 1)[-1]
    assert shown_numbers(post.body) == [gone["phone_number"]], "the fresh store records and its watches post"


@contextlib.contextmanager
def tmpfs(disk: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` mounted on `disk`, unmounted after (root only: the test is skipped otherwise)."""
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(disk)], capture_output=True, text=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip(f"a full disk needs a small tmpfs, and mount was not permitted here: {mounted.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs for DATA_DIR, unmounted after the app stops."""
    with tmpfs(tmp_path / "data", "2m") as disk:
        yield disk


def fill(disk: Path) -> Path:
    """Take every free byte of `disk` with one file (unbuffered, in ever smaller pieces); returns it."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as file:
        for piece in (65536, 4096, 512, 1):
            with contextlib.suppress(OSError):
                while True:
                    file.write(b"\0" * piece)
    assert os.statvfs(disk).f_bavail == 0
    return filler


def test_a_full_disk_says_so_refuses_watches_and_records_again_when_there_is_room(
    small_disk: Path, start_app, slack: SlackFake, flireo: FlireoFake
) -> None:
    app = start_app({**POLLING, "DATA_DIR": str(small_disk)})
    eventually(lambda: stored_readings(small_disk), what="the first reading to be stored")
    filler = fill(small_disk)
    changed = make_changes(flireo)
    eventually(lambda: health(app)["history"]["state"] == "unwritable", what="the store to find the disk full")
    assert health(app)["history"]["reason"] == "the disk is full"
    assert "history cannot be stored: the disk is full" in app.logs()

    listing = all_text(answer(app, slack, "changes"))
    assert "history unavailable since" in listing
    assert "the disk is full" in listing
    refused = all_text(answer(app, slack, "watch linked", channel=WATCH_CHANNEL))
    assert "can't keep a watch now: the disk is full" in refused
    assert "I'll post" not in refused, "a watch that cannot be stored is never confirmed"
    assert "No watches in this channel" in all_text(answer(app, slack, "watches", channel=WATCH_CHANNEL))

    filler.unlink()
    eventually(lambda: health(app)["history"]["state"] == "ok", what="the store to record again")
    after = answer(app, slack, "changes")
    assert sorted(shown_numbers(after)) == sorted(changed), "the changes while the disk was full are not lost"
    assert "history unavailable" not in all_text(after)
    assert "I'll post every change" in all_text(answer(app, slack, "watch", channel=WATCH_CHANNEL))
    assert readings_seen(flireo) >= 2


def test_a_disk_full_before_the_start_answers_without_history_and_refuses_watches(
    small_disk: Path, start_app, slack: SlackFake, flireo: FlireoFake
) -> None:
    filler = fill(small_disk)
    app = start_app({**POLLING, "DATA_DIR": str(small_disk)})
    assert health(app)["history"]["state"] == "unavailable"
    assert "40 numbers on the account" in all_text(answer(app, slack, "stats"))
    assert "history unavailable: the disk is full" in all_text(answer(app, slack, "changes"))
    refused = all_text(answer(app, slack, "watch linked", channel=WATCH_CHANNEL))
    assert "can't keep a watch now: the disk is full" in refused

    filler.unlink()
    wait_for_readings(flireo, 1)
    eventually(lambda: stored_readings(small_disk), what="a reading stored once there is room")
    assert health(app)["history"]["state"] == "ok"
    assert "I'll post every change" in all_text(answer(app, slack, "watch", channel=WATCH_CHANNEL))


BULK = 5_500
BULK_SETTINGS = {
    "POLL_SECONDS": "2", "FLIREO_MAX_REQUESTS_PER_MINUTE": "100", "FLIREO_RATE_WINDOW_SECONDS": "2",
    "USER_RATE_LIMIT": "0",
}  # fmt: skip


def found(app: AppProcess, slack: SlackFake, text: str) -> str:
    """The 'N found' of a change answer's header, as English writes it (5,500)."""
    reply = all_text(answer(app, slack, text))
    match = re.search(r"(\d[\d,]*) found", reply)
    assert match, reply[:500]
    return match.group(1)


def test_5500_changes_in_one_reading_are_counted_and_filtered_exactly(
    start_app, slack: SlackFake, tmp_path: Path, store_env: dict[str, str]
) -> None:
    with FlireoFake(make_numbers(BULK + 100)) as big:
        app = start_app({**BULK_SETTINGS, **store_env, "FLIREO_API_URL": big.url})
        eventually(lambda: readings_stored(store_env, tmp_path / "data"), timeout=60, what="the first reading stored")
        records = big.numbers
        for record in records[:BULK]:
            record["locality"] = "Testdorp"  # one locality change per number: exactly 5,500 changes
        big.set_numbers(records)
        eventually(lambda: found(app, slack, "changes") != "0", timeout=60, what="the bulk change to be recorded")
        assert found(app, slack, "changes") == f"{BULK:,}", "before: '5000 found'"
        last = records[BULK - 1]["phone_number"]
        assert found(app, slack, f"changes {last}") == "1", "before: '0 found' past the 5,000th change"
        card = all_text(answer(app, slack, f"find {last}"))
        assert "Recent history" in card, "before, with Redis: the card of a number past the 5,000th had no history"
        billing = sum(1 for r in records[:BULK] if (r["linked_assistant"] or {}).get("name") == "Billing Desk")
        assert billing > 0
        assert found(app, slack, "changes billing desk") == f"{billing:,}"
        assert found(app, slack, "changes testdorp") == f"{BULK:,}"
        pages = all_text(answer(app, slack, "changes testdorp"))
        assert f"Page 1 of {-(-BULK // 10):,}" in pages


def test_a_fresh_history_says_where_it_starts_never_a_bare_no_changes(
    start_app, slack: SlackFake, flireo: FlireoFake, tmp_path: Path, store_env: dict[str, str]
) -> None:
    app = start_app({**POLLING, **store_env})
    eventually(lambda: readings_stored(store_env, tmp_path / "data"), what="the first reading to be stored")
    listing = all_text(answer(app, slack, "changes"))  # before: "No changes … since <24 h ago>", nothing else
    assert "No changes" in listing
    assert "history starts <!date^" in listing
    assert "nothing known before" in listing
    within = all_text(answer(app, slack, "changes since 1s"))
    assert "history starts" not in within, "a period history fully saw needs no note"


def test_a_rotated_key_for_the_same_account_keeps_its_history(
    start_app, slack: SlackFake, flireo: FlireoFake, tmp_path: Path, store_env: dict[str, str]
) -> None:
    changed = history_with_changes(start_app, slack, flireo, tmp_path / "data", store_env)
    flireo.api_key = "rotated-key"
    app = start_app({**POLLING, **store_env, "FLIREO_API_KEY": "rotated-key"})  # before: a new, empty store
    eventually(lambda: "4 found" in all_text(answer(app, slack, "changes")), what="the changes stored with the old key")
    assert sorted(shown_numbers(answer(app, slack, "changes"))) == sorted(changed)
    assert "a new key for the same account" in app.logs()
    assert health(app)["history"]["state"] == "ok"


def test_another_accounts_store_under_this_accounts_name_is_never_served_and_is_kept_aside(
    start_app, slack: SlackFake, flireo: FlireoFake, tmp_path: Path
) -> None:
    with FlireoFake(make_numbers(30, seed=99)) as other:
        theirs = start_app({**POLLING, "FLIREO_API_URL": other.url, "DATA_DIR": str(tmp_path / "theirs")})
        eventually(lambda: stored_readings(tmp_path / "theirs"), what="the other account's reading")
        theirs.stop()
    (tmp_path / "data").mkdir()
    checkpointed(store_file(tmp_path / "theirs"))  # the whole store in its one file, as a copied file would be
    for url in {flireo.url, flireo.url.rstrip("/")}:  # the file this account's store is named (by its API URL)
        ours = tmp_path / "data" / f"history-{hashlib.sha256(url.encode()).hexdigest()[:16]}.sqlite3"
        shutil.copy(store_file(tmp_path / "theirs"), ours)

    app = start_app(POLLING)
    assert "40 numbers on the account" in all_text(answer(app, slack, "stats")), "their 30 numbers are never served"
    eventually(lambda: health(app)["history"]["state"] == "restarted", what="the other account's store set aside")
    assert health(app)["history"]["reason"] == "the stored history was another account's"
    assert "other-account" in health(app)["history"]["set_aside"]
    assert shown_numbers(answer(app, slack, "changes")) == [], "before: 70 invented changes"


def test_another_accounts_history_in_the_database_is_never_served_nor_added_to(
    start_app, slack: SlackFake, flireo: FlireoFake, database_url: str
) -> None:
    with FlireoFake(make_numbers(30, seed=99)) as other:
        theirs = start_app({**POLLING, "FLIREO_API_URL": other.url, "DATABASE_URL": database_url})
        eventually(lambda: readings_stored({"DATABASE_URL": database_url}, Path()), what="the other account's reading")
        theirs.stop()

    app = start_app({**POLLING, "DATABASE_URL": database_url})  # this account, pointed at their database
    assert "40 numbers on the account" in all_text(answer(app, slack, "stats")), "their 30 numbers are never served"
    eventually(lambda: health(app)["history"]["state"] == "unavailable", what="the other account's history refused")
    assert health(app)["history"]["reason"] == "the stored history was another account's"
    wait_for_readings(flireo, 2)
    listing = all_text(answer(app, slack, "changes"))
    assert shown_numbers(answer(app, slack, "changes")) == [], "no invented changes against their numbers"
    assert "the stored history was another account's" in listing
    refused = all_text(answer(app, slack, "watch linked", channel=WATCH_CHANNEL))
    assert "I'll post" not in refused, "a watch that would be stored among another account's is never confirmed"


@pytest.fixture
def own_postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server of this test's own: it is stopped and started again around damage to its files."""
    server = PostgresServer(skip_or_fail_without_postgres(), free_port())
    yield server
    server.stop()


def garble(path: Path) -> None:
    """Overwrite every page of a PostgreSQL relation file, page headers included (what a bad disk leaves)."""
    pages = path.stat().st_size // PG_PAGE
    assert pages, f"{path} is empty"
    with path.open("r+b") as file:
        for page in range(pages):
            file.seek(page * PG_PAGE)
            file.write(bytes([GARBAGE]) * PG_PAGE)


PG_PAGE = 8192  # PostgreSQL's default block size (BLCKSZ)


@pytest.mark.parametrize("relation", ["snapshot", "changes", "changes_by_number", "watches", "coverage"])
def test_damaged_pages_in_postgresql_leave_the_bot_answering_and_saying_history_is_unavailable(
    start_app, slack: SlackFake, flireo: FlireoFake, tmp_path: Path, own_postgres: PostgresServer, relation: str
) -> None:
    url = own_postgres.new_database()
    changed = history_with_changes(start_app, slack, flireo, tmp_path / "data", {"DATABASE_URL": url})
    damaged_file = own_postgres.relation_file(url, relation)
    own_postgres.halt()
    garble(damaged_file)
    own_postgres.restart()

    app = start_app({**POLLING, "DATABASE_URL": url})  # before: /healthz 'ok', watches confirmed, none posting
    assert "40 numbers on the account" in all_text(answer(app, slack, "stats"))
    number = next(iter(changed))
    card = answer(app, slack, f"find {number}")
    assert shown_numbers(card) == [number], "the card is whole"
    assert "Something went wrong" not in all_text(card)
    said = lambda: health(app)["history"]  # noqa: E731
    eventually(lambda: said()["state"] == "unavailable", what="/healthz to say the history is damaged")
    assert said()["reason"] == "the stored history is damaged"
    assert "repair it, then restart the bot" in app.logs()
    for asked in (f"find {number}", "changes"):
        reply = all_text(answer(app, slack, asked))
        assert "history unavailable" in reply, reply
        assert "Something went wrong" not in reply
    refused = all_text(answer(app, slack, "watch linked", channel=WATCH_CHANNEL))
    assert "the stored history is damaged" in refused
    assert "I'll post" not in refused, "a watch is never confirmed into a damaged store"


# initdb's files take about 40 MB (one 16 MB WAL segment among them): room for them and a few readings.
POSTGRES_DISK = "80m"


@pytest.fixture
def postgres_disk() -> Iterator[tuple[PostgresServer, Path]]:
    """A PostgreSQL server of its own whose files are on a small tmpfs (stopped before it is unmounted)."""
    binaries = skip_or_fail_without_postgres()
    outside = Path(tempfile.mkdtemp(prefix="numbers-pgdisk-"))  # not under tmp_path, which user postgres cannot enter
    outside.chmod(0o755)
    with tmpfs(outside / "disk", POSTGRES_DISK) as disk:
        server = PostgresServer(binaries, free_port(), root=disk / "pg")
        try:
            yield server, disk
        finally:
            server.halt()
    shutil.rmtree(outside, ignore_errors=True)


def test_a_full_disk_under_postgresql_says_so_refuses_watches_and_records_again_when_there_is_room(
    postgres_disk: tuple[PostgresServer, Path], start_app, slack: SlackFake, flireo: FlireoFake
) -> None:
    server, small_disk = postgres_disk
    url = server.new_database()
    store = {"DATABASE_URL": url}
    app = start_app({**POLLING, **store})
    eventually(lambda: readings_stored(store, Path()), what="the first reading to be stored")
    filler = fill(small_disk)
    changed = make_changes(flireo)
    eventually(lambda: health(app)["history"]["state"] == "unwritable", what="the store to find the disk full")
    assert health(app)["history"]["reason"] == "the disk is full"
    listing = all_text(answer(app, slack, "changes"))
    assert "history unavailable since" in listing
    assert "the disk is full" in listing
    refused = all_text(answer(app, slack, "watch linked", channel=WATCH_CHANNEL))
    assert "can't keep a watch now: the disk is full" in refused
    assert "I'll post" not in refused, "a watch that cannot be stored is never confirmed"

    filler.unlink()
    eventually(lambda: health(app)["history"]["state"] == "ok", what="the store to record again")
    after = answer(app, slack, "changes")
    assert sorted(shown_numbers(after)) == sorted(changed), "the changes while the disk was full are not lost"
    assert "I'll post every change" in all_text(answer(app, slack, "watch", channel=WATCH_CHANNEL))
