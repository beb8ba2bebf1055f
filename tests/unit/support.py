"""Builders for the unit tests: real snapshots from dicts, a Flireo stub for `httpx.MockTransport`, fake clocks."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx

from bot.answers.service import known_numbers, names_of
from bot.flireo.client import FlireoClient
from bot.flireo.models import PhoneNumber
from bot.inventory.snapshot import Snapshot
from bot.reading.question import Question
from bot.reading.reader import read

API_KEY = "sk-unit-test-9f8e7d6c5b4a"
BASE_URL = "https://flireo.test"
FETCHED_AT = datetime(2026, 1, 15, 14, 2, tzinfo=UTC)
FAILING_AT = datetime(2026, 1, 15, 14, 30, tzinfo=UTC)


def _linked(name: str) -> dict[str, str]:
    return {"id": f"assistant-{name.lower().replace(' ', '-')}", "name": name}


# A small hand-written account: every filter of SPEC §3 has something to find and something to leave out.
RECORDS: list[dict[str, Any]] = [
    {"id": "n01", "phone_number": "+31201234567", "locality": "Amsterdam", "number_type": "local",
     "available": False, "created_at": "2025-03-14T09:30:00Z", "linked_assistant": _linked("Billing Desk")},
    {"id": "n02", "phone_number": "+31201110000", "locality": "Amsterdam", "number_type": "local", "available": True},
    {"id": "n03", "phone_number": "+31207654321", "locality": "amsterdam", "number_type": "local", "available": True},
    {"id": "n04", "phone_number": "+31703456789", "locality": "Den Haag", "number_type": "local", "available": True},
    {"id": "n05", "phone_number": "+31709876543", "locality": "Den Haag", "number_type": "local",
     "available": False, "linked_assistant": _linked("Night Support")},
    {"id": "n06", "phone_number": "+31715551234", "locality": "Zoëterwoude", "number_type": "local",
     "available": True},
    {"id": "n07", "phone_number": "+31302223333", "locality": "Utrecht", "number_type": "local",
     "available": False, "linked_assistant": _linked("Front Desk Utrecht")},
    {"id": "n08", "phone_number": "+31612345678", "locality": None, "number_type": "mobile", "available": True},
    {"id": "n09", "phone_number": "+31623456789", "number_type": "mobile", "available": False,
     "linked_assistant": _linked("Night Support")},
    {"id": "n10", "phone_number": "+31851234567", "number_type": "national", "available": False,
     "linked_assistant": _linked("Billing Desk")},
]  # fmt: skip
SHARED: list[dict[str, Any]] = [
    {"id": "s01", "phone_number": "+31851230000", "number_type": "national"},
    {"id": "s02", "phone_number": "+31202620000", "locality": "Amsterdam"},
]


def numbers_from(records: list[dict[str, Any]], *, shared: bool = False) -> tuple[PhoneNumber, ...]:
    """Parse dicts as Flireo would send them."""
    return tuple(PhoneNumber.model_validate({**record, "shared": shared}) for record in records)


def make_snapshot(
    records: list[dict[str, Any]] | None = None,
    shared: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> Snapshot:
    """A real Snapshot from lists of dicts (the hand-written account by default)."""
    fields.setdefault("fetched_at", FETCHED_AT)
    return Snapshot(
        numbers_from(RECORDS if records is None else records),
        numbers_from(SHARED if shared is None else shared, shared=True),
        **fields,
    )


def generated_records(count: int, *, start: int = 0) -> list[dict[str, Any]]:
    """`count` distinct local Amsterdam numbers, alternately available and linked."""
    return [
        {
            "id": f"gen-{i:05d}",
            "phone_number": f"+31202{i:06d}",
            "locality": "Amsterdam",
            "number_type": "local",
            "available": i % 2 == 0,
            "linked_assistant": None if i % 2 == 0 else _linked("Billing Desk"),
        }
        for i in range(start, start + count)
    ]


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class FakeWall:
    """A UTC wall clock the test sets by hand (for `fetched_at` and `stale_since`)."""

    def __init__(self, start: datetime = FETCHED_AT) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


class FlireoStub:
    """Answers `GET /v1/phone-numbers` like Flireo, records every request, and can fail or hold on demand."""

    def __init__(self, records: list[dict[str, Any]], shared: list[dict[str, Any]] | None = None) -> None:
        self.records = records
        self.shared = shared or []
        self.requests: list[httpx.Request] = []
        # When set, every request gets this response (or raises this exception) instead of data.
        self.failure: Callable[[httpx.Request], httpx.Response] | None = None
        # When set, a request announces itself on `entered` and waits for `release` before answering.
        self.hold: threading.Event | None = None
        self.entered = threading.Event()
        self._lock = threading.Lock()

    @property
    def count(self) -> int:
        with self._lock:
            return len(self.requests)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.requests.append(request)
        if self.hold is not None:
            self.entered.set()
            assert self.hold.wait(timeout=10), "the test never released the held request"
        if self.failure is not None:
            return self.failure(request)
        limit = int(request.url.params.get("limit", "50"))
        offset = int(request.url.params.get("offset", "0"))
        body: dict[str, Any] = {
            "data": self.records[offset : offset + limit],
            "meta": {"total": len(self.records), "limit": limit, "offset": offset},
        }
        if request.url.params.get("include_default") == "true":
            body["shared_numbers"] = self.shared
        return httpx.Response(200, content=json.dumps(body).encode(), headers={"Content-Type": "application/json"})


def client_on(
    handler: Callable[[httpx.Request], httpx.Response], sleeps: list[float] | None = None, **options: Any
) -> FlireoClient:
    """A real FlireoClient whose HTTP goes to `handler`; sleeps are recorded instead of slept."""
    http = httpx.Client(
        transport=httpx.MockTransport(handler),
        base_url=BASE_URL,
        headers={"Authorization": f"Bearer {API_KEY}"},
    )
    recorded = sleeps if sleeps is not None else []
    return FlireoClient(http, sleep=recorded.append, **options)


def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Poll `condition` until it holds, failing the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(0.002)


def question_for(text: str, snapshot: Snapshot, region: str = "NL", **when: Any) -> Question:
    """Read `text` as the service does: against the snapshot's names and numbers (`now=`, `tz=` for periods)."""
    return read(text, names_of(snapshot.index), region, known_numbers(snapshot.index), **when)
