"""History the bot would have left had it run earlier, so a test need not wait out an hour (or a gap) of wall time.

Each past reading is read from the fake Flireo by the bot's own client and stored through the store the app opens
(`history_store`, `record`), dated when it would have been read. Nothing in the product is told it is a test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from bot.container import flireo_http, history_store
from bot.flireo.client import FlireoClient
from bot.inventory.coordination.link import key_prefix
from bot.inventory.snapshot import Snapshot, SnapshotRecord
from bot.ops.config import Settings
from tests.e2e.conftest import FLIREO_API_KEY
from tests.fakes.flireo import FlireoFake


@contextmanager
def past_readings(flireo: FlireoFake, env: dict[str, str], poll_seconds: float) -> Iterator[Callable[[datetime], None]]:
    """`store_reading(at)`: read the account now, store it as read at `at`; in the app's store for `env` (its
    DATA_DIR, or DATABASE_URL), as a bot polling every `poll_seconds` would have (which readings are a gap)."""
    settings = Settings(
        _env_file=None,
        flireo_api_key=FLIREO_API_KEY,
        flireo_api_url=flireo.url,
        data_dir=env["DATA_DIR"],
        database_url=env.get("DATABASE_URL"),
        redis_url=None,
        poll_seconds=poll_seconds,
    )
    store = history_store(settings, None, key_prefix(flireo.url, FLIREO_API_KEY))
    assert store is not None
    client = FlireoClient(flireo_http(settings), None)

    def store_reading(at: datetime) -> None:
        inventory = client.fetch_inventory()
        store.record(SnapshotRecord.of(Snapshot(inventory.numbers, inventory.shared, at)))

    try:
        yield store_reading
        assert store.health().state == "ok", store.health()
    finally:
        client.close()
        store.close()
