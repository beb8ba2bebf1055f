"""A reading that spans seconds (minutes, on a large account) dates each change by the pages around it, so a change
made at Flireo while the bot was reading lies inside its interval (through the real `app.py`, SQLite and PostgreSQL).
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from bot.inventory.diff import Change
from bot.inventory.store.engines import postgres_engine, sqlite_engine
from bot.inventory.store.sql import SqlHistory
from tests.e2e.helpers import all_text, shown_numbers
from tests.e2e.test_history import answer, eventually, stored_readings
from tests.fakes.flireo import FlireoFake, make_numbers, make_shared_numbers
from tests.fakes.slack import SlackFake

INVENTORY = "/v1/phone-numbers"
ACCOUNT = 1_200
# 5 requests a 2-second window: the 13 pages of 1,200 numbers take three windows (~5 s), each page 0.2 s slow.
SLOW = {
    "POLL_SECONDS": "1", "USER_RATE_LIMIT": "0",
    "FLIREO_MAX_REQUESTS_PER_MINUTE": "5", "FLIREO_RATE_WINDOW_SECONDS": "2",
}  # fmt: skip
PAGE_SECONDS = 0.2


@pytest.fixture
def flireo() -> Iterator[FlireoFake]:
    """An account larger than one window of the budget, every page of it slow."""
    with FlireoFake(make_numbers(ACCOUNT), shared=make_shared_numbers(2)) as fake:
        fake.latency = PAGE_SECONDS
        yield fake


def readings_begun(flireo: FlireoFake) -> int:
    """How many readings have asked for page one."""
    return sum(1 for r in flireo.requests if r.path == INVENTORY and r.query.get("offset", "0") == "0")


def stored(store_env: dict[str, str], data_dir: Path) -> bool:
    """Whether the app has stored a reading (its store exists, migrated, with a reading in it)."""
    url = store_env.get("DATABASE_URL")
    if url is None:
        return stored_readings(data_dir) > 0
    engine = create_engine(url)
    try:
        with contextlib.suppress(SQLAlchemyError), engine.connect() as connection:
            return bool(connection.execute(text("SELECT COUNT(*) FROM snapshot")).scalar())
        return False
    finally:
        engine.dispose()


def app_store(store_env: dict[str, str], data_dir: Path) -> SqlHistory:
    """The store the app writes, opened beside it (as another process would)."""
    url = store_env.get("DATABASE_URL")
    if url is not None:
        return SqlHistory(postgres_engine(url), keep_days=30)
    (path,) = data_dir.glob("history-*.sqlite3")
    return SqlHistory(sqlite_engine(path), keep_days=30)


def test_a_change_made_while_a_slow_reading_runs_lies_inside_its_stored_interval(
    start_app, slack: SlackFake, flireo: FlireoFake, store_env: dict[str, str], tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    app = start_app({**SLOW, **store_env})
    eventually(lambda: stored(store_env, data_dir), timeout=40, what="the first whole reading to be stored")
    store = app_store(store_env, data_dir)
    try:
        begun = readings_begun(flireo)
        eventually(lambda: readings_begun(flireo) > begun, timeout=20, what="the next reading to begin")
        # Page one of this reading is in; its last page comes windows later: change the last number now.
        records = copy.deepcopy(flireo.numbers)
        last = records[-1]
        last["locality"] = "Zandvoort" if last.get("locality") != "Zandvoort" else "Haarlem"
        made_from = datetime.now(UTC)
        flireo.set_numbers(records)
        made_until = datetime.now(UTC)

        found: list[Change] = eventually(
            lambda: store.changes_of_number(last["id"], 5), timeout=40, what="the change to be stored"
        )
        (change,) = found
        assert change.seen_from <= made_from, (change.seen_from, made_from)
        assert change.seen_until >= made_until, "dated from the reading's start, the interval ended before the change"
        assert change.reading_from is not None
        assert change.reading_until is not None
        assert change.reading_from <= change.seen_from
        assert change.seen_until <= change.reading_until

        reading = store.last_snapshot()
        assert reading is not None
        assert reading.read_span is not None, "the reading's first and last page times are kept"
        assert (reading.read_span[1] - reading.read_span[0]).total_seconds() > 1, "the reading spanned seconds"

        listing = answer(app, slack, "changes")
        assert last["phone_number"] in shown_numbers(listing)
        assert "Between" in all_text(listing) or "At" in all_text(listing), "the reading's interval line"
    finally:
        store.close()
