"""The Redis breaker and the snapshot's cross-process form, without a Redis server."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import redis

from bot.inventory.snapshot import SnapshotRecord
from bot.ops.replicas import RETRY_AFTER_FAILURE_SECONDS, RedisLink, key_prefix
from tests.unit.support import FakeClock, make_snapshot


class FlakyRedis:
    """Stands in for a redis.Redis whose calls fail while `down` is set."""

    def __init__(self) -> None:
        self.down = False
        self.calls = 0

    def get(self, key: str) -> bytes:
        self.calls += 1
        if self.down:
            raise redis.ConnectionError("Connection refused")
        return b"value"


@pytest.fixture
def link(clock: FakeClock) -> tuple[RedisLink, FlakyRedis]:
    link = RedisLink("redis://127.0.0.1:1/0", clock=clock)
    fake = FlakyRedis()
    link.client = fake  # type: ignore[assignment]
    return link, fake


def read(link: RedisLink) -> Any:
    return link.call(lambda r: r.get("k"), lambda: "fallback")


def test_a_failing_redis_falls_back_and_is_skipped_until_the_retry_time(
    link: tuple[RedisLink, FlakyRedis], clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    redis_link, fake = link
    fake.down = True
    with caplog.at_level(logging.WARNING, logger="bot.ops.replicas"):
        assert read(redis_link) == "fallback"
        assert read(redis_link) == "fallback"
        assert read(redis_link) == "fallback"
    assert fake.calls == 1, "Redis is not asked again before the retry time"
    assert redis_link.status()["redis"] == "unavailable"
    assert sum("Redis unavailable" in r.getMessage() for r in caplog.records) == 1


def test_redis_is_used_again_once_it_answers_after_the_retry_time(
    link: tuple[RedisLink, FlakyRedis], clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    redis_link, fake = link
    fake.down = True
    read(redis_link)
    fake.down = False
    clock.advance(RETRY_AFTER_FAILURE_SECONDS + 0.1)
    with caplog.at_level(logging.INFO, logger="bot.ops.replicas"):
        assert read(redis_link) == b"value"
    assert redis_link.status() == {"redis": "ok"}
    assert any("Redis is back" in r.getMessage() for r in caplog.records)


def test_a_snapshot_survives_the_trip_through_json() -> None:
    snapshot = make_snapshot()
    record = SnapshotRecord(fetched_at=snapshot.fetched_at, demo=True, numbers=snapshot.numbers, shared=snapshot.shared)
    back = SnapshotRecord.model_validate_json(record.model_dump_json(exclude_defaults=True))
    assert back == record
    assert any(n.shared for n in back.shared)
    assert any(n.linked_assistant for n in back.numbers)


def test_each_account_gets_its_own_keys_and_the_key_is_not_in_them() -> None:
    one = key_prefix("https://api.flireo.example", "key-one")
    two = key_prefix("https://api.flireo.example", "key-two")
    assert one != two
    assert "key-one" not in one
    assert key_prefix(None, None) != one
