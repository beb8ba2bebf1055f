"""What every Slack handler shares: delivering a reply without ever raising, and its audit line."""

from __future__ import annotations

import logging
import time
from typing import Any

from slack_bolt import BoltContext, Respond

from bot.answers.service import Reply
from bot.ops.audit import AuditEntry, record, since
from bot.replies.views import Message

log = logging.getLogger(__name__)


def send(respond: Respond, message: Message, **options: Any) -> bool:
    """Post through the response_url; an expired URL or a Slack failure is logged, never raised."""
    try:
        response = respond(**options, **message.as_kwargs())
    except Exception as exc:  # a reply that cannot be delivered must not take the listener down
        log.warning("could not deliver a reply through response_url: %s", type(exc).__name__)
        return False
    if response.status_code != 200:
        log.warning("response_url refused the reply: HTTP %d %s", response.status_code, str(response.body)[:80])
        return False
    return True


def audit(surface: str, context: BoltContext, reply: Reply, started: float, delivered: bool = True) -> None:
    """One audit line for an answered request."""
    outcome = "ok" if reply.ok else "error"
    record(
        AuditEntry(
            surface=surface,
            user=context.user_id,
            channel=context.channel_id,
            query=reply.query,
            outcome=outcome if delivered else f"{outcome}_undelivered",
            count=reply.count,
            cache=reply.cache,
            latency_ms=since(started),
        )
    )


def audit_refusal(surface: str, context: BoltContext, outcome: str, query: str = "") -> None:
    """One audit line for a request turned away before any work."""
    record(AuditEntry(surface, context.user_id, context.channel_id, query, outcome, latency_ms=0.0))


def now() -> float:
    """A monotonic start time for latency figures."""
    return time.monotonic()
