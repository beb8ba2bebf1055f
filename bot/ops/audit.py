"""One JSON line per handled request, for whoever reviews what the bot was asked and how it went."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

audit_log = logging.getLogger("numbers.audit")

MAX_TEXT_CHARS = 200
# Who else reads each entry (GET /metrics): process-wide, like the audit logger it sits beside.
_observers: list[Callable[[AuditEntry], None]] = []


@dataclass(frozen=True)
class AuditEntry:
    """What one request was and how it ended."""

    surface: str  # command, mention, action:<id>, share
    user: str | None
    channel: str | None
    query: str
    outcome: str  # ok, error, refused, rate_limited, duplicate, bad_button
    count: int | None = None
    cache: str | None = None
    latency_ms: float | None = None


def record(entry: AuditEntry) -> None:
    """Write the entry as one JSON line on the `numbers.audit` logger."""
    fields = asdict(entry)
    fields["query"] = entry.query[:MAX_TEXT_CHARS]
    audit_log.info(json.dumps({"audit": fields}, ensure_ascii=False, sort_keys=True))
    for observer in _observers:
        observer(entry)


def observe(observer: Callable[[AuditEntry], None]) -> Callable[[], None]:
    """Hand every entry to `observer` too (it must not raise); returns what stops it."""
    _observers.append(observer)
    return lambda: _observers.remove(observer)


def since(started: float) -> float:
    """Milliseconds since a time.monotonic() reading."""
    return round((time.monotonic() - started) * 1000, 1)
