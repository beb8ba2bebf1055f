"""What every Slack handler shares: an answer's audit line, written once Slack has the answer (or refused it)."""

from __future__ import annotations

import logging
import time

from slack_bolt import BoltContext

from bot.answers.rendered import Reply
from bot.ops.audit import AuditEntry, record, since
from handlers.delivery import Done

log = logging.getLogger(__name__)


def audited(surface: str, context: BoltContext, reply: Reply, started: float) -> Done:
    """What to do once an answer is delivered (or not): its audit line."""
    return lambda delivered: audit(surface, context, reply, started, delivered)


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
