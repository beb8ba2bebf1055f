"""Change questions through the service (paged like listings), and the poller's rounds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.answers.service import NumbersService
from bot.inventory.cache import InventoryCache
from bot.inventory.catalog import Catalog
from bot.inventory.poller import Poller
from bot.inventory.snapshot import SnapshotRecord
from bot.inventory.store.engines import sqlite_engine
from bot.inventory.store.sql import SqlHistory
from bot.ops.config import SettingsError, load_settings
from bot.reading.when import DEFAULT_TIMEZONE, canonical_period
from bot.replies.state import PageState
from tests.unit.support import FlireoStub, client_on, generated_records, numbers_from

RECORDS = generated_records(30)


def stored_history(path: Path, now: datetime) -> SqlHistory:
    """A store whose last two readings removed 25 of 30 numbers."""
    store = SqlHistory(sqlite_engine(path), keep_days=30)
    store.record(SnapshotRecord(fetched_at=now - timedelta(minutes=10), numbers=numbers_from(RECORDS)))
    store.record(SnapshotRecord(fetched_at=now - timedelta(minutes=5), numbers=numbers_from(RECORDS[:5])))
    return store


def test_changes_are_paged_like_a_listing_and_the_next_button_keeps_the_period(
    tmp_path: Path, make_cache: Callable[..., InventoryCache]
) -> None:
    stub = FlireoStub(RECORDS[:5])
    store = stored_history(tmp_path / "h.sqlite3", datetime.now(UTC))
    service = NumbersService(make_cache(stub), Catalog(client_on(stub)), page_size=10, region="NL", history=store)
    first = service.reply("what changed in the last hour")
    assert first.count == 25
    assert "(page 1 of 3)" in first.message.text
    (navigation,) = [block for block in first.message.blocks if block["type"] == "actions"]
    value = next(e["value"] for e in navigation["elements"] if e["action_id"] == "numbers-next")
    assert PageState.from_value(value).query.startswith("changes since ")
    second = service.reply_to_page(PageState.from_value(value))
    assert "(page 2 of 3)" in second.message.text


def test_without_a_store_a_change_question_says_so(make_cache: Callable[..., InventoryCache]) -> None:
    stub = FlireoStub(RECORDS)
    service = NumbersService(make_cache(stub), Catalog(client_on(stub)), page_size=10, region="NL")
    reply = service.reply("changes")
    assert not reply.ok
    assert "no history" in reply.message.text


def test_the_poller_skips_a_round_when_the_data_is_fresh_or_another_replica_has_it(
    make_cache: Callable[..., InventoryCache],
) -> None:
    stub = FlireoStub(RECORDS)
    cache = make_cache(stub)
    claims = [False]
    poller = Poller(cache, 300, claim=lambda: claims.pop() if claims else True)
    assert not poller.poll_once(), "another replica claimed this round"
    assert stub.count == 0
    assert poller.poll_once()
    fetched = stub.count
    assert fetched > 0
    assert not poller.poll_once(), "the snapshot is younger than a round"
    assert poller.poll_once(first=True), "the first round after a restore always fetches"
    assert stub.count > fetched


@pytest.mark.parametrize("value", ["Mars/Olympus", "not a zone"])
def test_an_unknown_timezone_stops_the_bot_with_one_line(value: str) -> None:
    with pytest.raises(SettingsError, match="TIMEZONE"):
        load_settings(timezone=value)


def test_a_change_answer_over_several_pages_leads_with_the_whole_periods_count_by_kind(
    tmp_path: Path, make_cache: Callable[..., InventoryCache]
) -> None:
    stub = FlireoStub(RECORDS[:5])
    store = stored_history(tmp_path / "h.sqlite3", datetime.now(UTC))
    service = NumbersService(make_cache(stub), Catalog(client_on(stub)), page_size=10, region="NL", history=store)
    reply = service.reply("what changed in the last hour")
    (header,) = [block for block in reply.message.blocks if block["type"] == "header"]
    assert "25 found (25 removed)" in header["text"]["text"], "counted over all 3 pages, not the 10 shown"
    assert "(25 removed)" in reply.message.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what was removed in the last hour", "all numbers (removed) since"),
        ("changes unlinked", "No changes to all numbers (unlinked)"),
        ("wat is verwijderd", "25 gevonden (25 verwijderd)"),
        ("wijzigingen ontkoppeld", "Geen wijzigingen aan alle nummers (ontkoppeld)"),
    ],
)
def test_a_kind_of_change_asked_for_lists_only_changes_of_that_kind_not_numbers_in_that_state(
    tmp_path: Path, make_cache: Callable[..., InventoryCache], text: str, expected: str
) -> None:
    stub = FlireoStub(RECORDS[:5])
    store = stored_history(tmp_path / "h.sqlite3", datetime.now(UTC))
    service = NumbersService(make_cache(stub), Catalog(client_on(stub)), page_size=10, region="NL", history=store)
    reply = service.reply(text)
    texts = [reply.message.text, *(b["text"]["text"] for b in reply.message.blocks if b.get("text"))]
    assert any(expected in part for part in texts), texts
    assert reply.count == (25 if "removed" in text or "verwijderd" in text else 0)


def test_a_day_asked_for_by_its_date_is_answered_for_that_whole_day(
    tmp_path: Path, make_cache: Callable[..., InventoryCache]
) -> None:
    stub = FlireoStub(RECORDS[:5])
    now = datetime.now(UTC)
    store = stored_history(tmp_path / "h.sqlite3", now)
    service = NumbersService(make_cache(stub), Catalog(client_on(stub)), page_size=10, region="NL", history=store)
    day = now.date() - timedelta(days=2)  # a whole day long before the readings
    reply = service.reply(f"changes {day.day} {day.strftime('%B').lower()}")
    assert reply.count == 0
    assert "Changes to all numbers from " in reply.message.text, reply.message.text
    start, end = (datetime.combine(d, datetime.min.time(), tzinfo=DEFAULT_TIMEZONE) for d in (day, day + timedelta(1)))
    assert reply.query == f"changes {canonical_period(start, end)}", "the next page keeps the day"
