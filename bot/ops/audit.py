"""One JSON line per handled request, for whoever reviews what the bot was asked and how it went."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict, dataclass

audit_log = logging.getLogger("numbers.audit")

MAX_TEXT_CHARS = 200


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


def since(started: float) -> float:
    """Milliseconds since a time.monotonic() reading."""
    return round((time.monotonic() - started) * 1000, 1)
