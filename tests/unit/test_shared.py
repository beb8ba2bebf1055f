"""The Redis breaker and the snapshot's cross-process form, without a Redis server."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import httpx
import pytest
import redis

import bot.inventory.coordination.sharing as sharing_module
from bot.inventory.cache import InventoryCache
from bot.inventory.coordination.link import RETRY_AFTER_FAILURE_SECONDS, RedisLink, key_prefix
from bot.inventory.coordination.snapshots import SharedSnapshots
from bot.inventory.snapshot import Progress, SnapshotRecord
from tests.unit.support import FakeClock, FlireoStub, generated_records, make_snapshot, wait_until


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
    with caplog.at_level(logging.WARNING, logger="bot.inventory.coordination.link"):
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
    with caplog.at_level(logging.INFO, logger="bot.inventory.coordination.link"):
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


def test_the_rounds_of_one_read_sort_by_how_far_they_got_and_before_the_whole() -> None:
    snapshot = make_snapshot()
    early, late = Progress(500, 1_200, 60), Progress(991, 1_200, 30)
    rounds = [SnapshotRecord.of(replace(snapshot, partial=progress)) for progress in (early, late)]
    whole = SnapshotRecord.of(snapshot, read_seconds=120)
    assert rounds[0].order < rounds[1].order < whole.order
    back = SnapshotRecord.model_validate_json(rounds[1].model_dump_json(exclude_defaults=True))
    assert back.snapshot().partial == late
    assert SnapshotRecord.model_validate_json(whole.model_dump_json(exclude_defaults=True)).read_seconds == 120


class ExpiredLock:
    """A redis-py lock whose time ran out: another replica may hold it now."""

    def reacquire(self) -> None:
        raise redis.exceptions.LockNotOwnedError("Cannot reacquire a lock that's no longer owned")

    def release(self) -> None:
        raise redis.exceptions.LockNotOwnedError("Cannot release a lock that's no longer owned")


def test_a_lock_that_expired_is_reported_lost_and_is_not_redis_failing(
    link: tuple[RedisLink, FlakyRedis],
) -> None:
    redis_link, _ = link
    shared = SharedSnapshots(redis_link, "numbers:test:", keep_seconds=60)
    assert shared.renew(ExpiredLock()) is False
    shared.release(ExpiredLock())
    assert redis_link.status() == {"redis": "ok"}


class RenewedLocks:
    """Stands in for SharedSnapshots: hands out the fetch lock and counts its renewals."""

    def __init__(self) -> None:
        self.renewals = 0
        self.released = 0

    def version(self) -> None:
        return None

    def try_lock(self) -> object:
        return object()

    def renew(self, lock: object) -> bool:
        self.renewals += 1
        return True

    def save(self, record: SnapshotRecord) -> str:
        return record.fetched_at.isoformat()

    def release(self, lock: object) -> None:
        self.released += 1


def test_the_fetch_lock_is_renewed_while_a_long_read_runs(
    make_cache: Callable[..., InventoryCache], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sharing_module, "FETCH_LOCK_SECONDS", 0.08)  # renewed every 0.02 s
    locks = RenewedLocks()
    stub = FlireoStub(generated_records(10))

    def slow(request: httpx.Request) -> httpx.Response:
        wait_until(lambda: locks.renewals >= 3)  # the read goes on until the lock was renewed a few times
        return stub(request)

    cache = make_cache(slow, shared=locks)
    assert len(cache.snapshot().numbers) == 10
    assert locks.renewals >= 3
    wait_until(lambda: locks.released == 1)


class ForgetfulRedis:
    """Stands in for a redis.Redis holding keys in a dict, which `flushall` empties."""

    def __init__(self) -> None:
        self.keys: dict[str, bytes] = {}

    def set(self, key: str, value: str, nx: bool = False) -> bool:
        if nx and key in self.keys:
            return False
        self.keys[key] = value.encode()
        return True

    def get(self, key: str) -> bytes | None:
        return self.keys.get(key)

    def flushall(self) -> None:
        self.keys.clear()


def test_a_redis_that_forgot_everything_is_noticed_once_and_said_on_healthz(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    one, two = RedisLink("redis://127.0.0.1:1/0", clock=clock), RedisLink("redis://127.0.0.1:1/0", clock=clock)
    fake = ForgetfulRedis()
    one.client = two.client = fake  # type: ignore[assignment]
    one.check_memory()
    two.check_memory()
    one.check_memory()
    assert "redis_emptied_at" not in one.status(), "a Redis that kept its keys is not said to have forgotten"
    fake.flushall()
    with caplog.at_level(logging.WARNING, logger="bot.inventory.coordination.link"):
        two.check_memory()  # puts a new mark: the other replica still notices it is not the one it saw
        one.check_memory()
        one.check_memory()
    for link in (one, two):
        assert link.status()["redis_emptied_at"]
        assert "history and watches are in the database, untouched" in link.status()["redis_note"]
    assert sum("Redis came back empty" in r.getMessage() for r in caplog.records) == 2, "once per replica"
