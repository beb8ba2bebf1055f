"""`GET /metrics` in Prometheus's text format: what /healthz says, as numbers a Prometheus/Grafana stack can keep.

Per-request figures (answer latency, stale answers, watch posts) come from the audit entries every handled request
already writes; everything else is read from the health sources when scraped (a custom Collector), so no counter is
threaded through the code. Labels hold only fixed words (a surface, an HTTP status, an outcome): never a secret,
an id or anything a user typed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from prometheus_client import (
    CONTENT_TYPE_PLAIN_0_0_4,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from bot.ops import audit
from bot.ops.audit import AuditEntry

# prometheus-client adds a `_created` timestamp series to every counter and histogram; Prometheus does not ingest
# them from the text format, so they are only noise in a scrape.
disable_created_metrics()

if TYPE_CHECKING:  # types only: the layers below import bot.ops, so it imports nothing of theirs at run time
    from bot.flireo.budget import RequestBudget
    from bot.inventory.outbox import OutboxStatus
    from bot.inventory.snapshot import CacheHealth
    from bot.inventory.store_health import StoreHealth

# The text format every Prometheus reads (0.0.4); what prometheus_client answers a scrape that asks for nothing else.
CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4
# The surfaces an answer comes from (the audit's `surface`, up to its first colon); anything else counts as "other".
SURFACES = frozenset(
    {"command", "mention", "dm", "action", "share", "shortcut", "home", "home_refresh", "step", "watch", "unwatch"}
)
# Seconds: an ack is due within 3 s (Slack), a read of Flireo may take 12 s (FETCH_DEADLINE_SECONDS) plus waiting.
LATENCY_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 15.0, 30.0)
# HTTP statuses are three digits; anything else Flireo's client reports is one of these words.
OUTCOMES = frozenset({"timeout", "unreachable"})
HISTORY_STATES = ("ok", "restarted", "unwritable", "unavailable", "off")


@dataclass
class Sources:
    """Where the figures are read when scraped; None for what this process does not have."""

    cache: Callable[[], CacheHealth]
    budget: RequestBudget | None = None
    history: Callable[[], StoreHealth] | None = None
    socket_mode: Callable[[], dict[str, Any]] | None = None
    outbox: Callable[[], OutboxStatus | None] | None = None


def surface_of(entry: AuditEntry) -> str:
    """The entry's surface as a label from a fixed set: `action:numbers-next` is `action`."""
    surface = entry.surface.split(":", 1)[0]
    return surface if surface in SURFACES else "other"


def _gauge(name: str, doc: str, value: float | None) -> Iterable[Metric]:
    if value is not None:
        yield GaugeMetricFamily(name, doc, value=value)


class HealthCollector(Collector):
    """Reads the health sources at each scrape (what /healthz reads), never calls Flireo."""

    def __init__(self, sources: Sources) -> None:
        self._sources = sources

    def collect(self) -> Iterable[Metric]:
        """The gauges and the counters that live in the sources."""
        yield from self._cache(self._sources.cache())
        if self._sources.budget is not None:
            yield from self._budget(self._sources.budget)
        if self._sources.history is not None:
            yield from self._history(self._sources.history())
        else:
            yield GaugeMetricFamily("numbers_history_available", "1 when the history store can be written", value=0)
        if self._sources.socket_mode is not None:
            yield from self._socket_mode(self._sources.socket_mode())
        if self._sources.outbox is not None and (outbox := self._sources.outbox()) is not None:
            yield from self._outbox(outbox)

    def _cache(self, state: CacheHealth) -> Iterable[Metric]:
        yield from _gauge(
            "numbers_snapshot_age_seconds", "Age of the inventory answers come from", state.snapshot_age_seconds
        )
        yield from _gauge(
            "numbers_snapshot_numbers", "Phone numbers in the inventory answers come from", state.snapshot_size
        )
        yield GaugeMetricFamily(
            "numbers_flireo_failing", "1 while Flireo's last read failed", value=1 if state.failing_since else 0
        )
        yield GaugeMetricFamily(
            "numbers_snapshot_partial", "1 while a progressive read is under way", value=1 if state.reading else 0
        )
        requests = CounterMetricFamily(
            "numbers_flireo_requests", "Requests sent to Flireo, by status", labels=["status"]
        )
        for outcome, count in sorted(state.upstream_outcomes.items()):
            if outcome in OUTCOMES or (outcome.isdigit() and len(outcome) == 3):
                requests.add_metric([outcome], count)
        yield requests

    def _budget(self, budget: RequestBudget) -> Iterable[Metric]:
        yield GaugeMetricFamily(
            "numbers_flireo_budget_requests_per_minute", "FLIREO_MAX_REQUESTS_PER_MINUTE", value=budget.per_minute
        )
        yield GaugeMetricFamily(
            "numbers_flireo_budget_used_requests", "Requests counted in the window", value=budget.used()
        )
        upstream = budget.upstream_health()
        if upstream is None:  # Flireo's headers said nothing yet, or their window reset
            return
        yield from _gauge("numbers_flireo_rate_limit_requests", "Flireo's X-RateLimit-Limit", upstream["limit"])
        yield from _gauge(
            "numbers_flireo_rate_limit_remaining_requests", "X-RateLimit-Remaining", upstream["remaining"]
        )
        yield from _gauge(
            "numbers_flireo_rate_limit_reset_seconds", "Until X-RateLimit-Reset", upstream["reset_in_seconds"]
        )

    def _history(self, health: StoreHealth) -> Iterable[Metric]:
        yield GaugeMetricFamily(
            "numbers_history_available", "1 when the history store can be written", value=0 if health.unwritable else 1
        )
        state = GaugeMetricFamily(
            "numbers_history_state", "The history store's state (1 for the current one)", labels=["state"]
        )
        for name in HISTORY_STATES:
            state.add_metric([name], 1 if health.state == name else 0)
        yield state

    def _outbox(self, status: OutboxStatus) -> Iterable[Metric]:
        yield GaugeMetricFamily("numbers_outbox_pending", "Watch posts stored and not yet sent", value=status.pending)
        age = 0.0 if status.oldest_pending is None else (datetime.now(UTC) - status.oldest_pending).total_seconds()
        yield GaugeMetricFamily(
            "numbers_outbox_oldest_pending_seconds", "Age of the oldest watch post not yet sent (0: none)", value=age
        )
        yield GaugeMetricFamily(
            "numbers_outbox_dead", "Watch posts given up (refused for good, or failing for a day)", value=status.dead
        )

    def _socket_mode(self, status: dict[str, Any]) -> Iterable[Metric]:
        yield GaugeMetricFamily(
            "numbers_socket_mode_connections", "Socket Mode connections open", value=status["connections"]
        )
        yield GaugeMetricFamily(
            "numbers_socket_mode_connections_wanted", "SOCKET_MODE_CONNECTIONS", value=status["connections_wanted"]
        )
        yield CounterMetricFamily(
            "numbers_socket_mode_reconnects", "Socket Mode connections replaced", value=status["reconnects"]
        )


class Metrics:
    """This process's metrics: a registry of its own (never the library's global one), fed by the audit entries."""

    def __init__(self, sources: Sources) -> None:
        self.registry = CollectorRegistry()
        self._latency = Histogram(
            "numbers_answer_seconds",
            "From a request's arrival to its answer, by surface",
            ["surface"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self._stale = Counter(
            "numbers_stale_answers", "Answers served from an older inventory", ["surface"], registry=self.registry
        )
        self._watch_posts = Counter(
            "numbers_watch_posts", "Watch messages posted, by outcome", ["outcome"], registry=self.registry
        )
        for outcome in ("ok", "error"):
            self._watch_posts.labels(outcome)  # both series exist from the start, so a rate() sees the first error
        self.registry.register(HealthCollector(sources))
        self.stop = audit.observe(self.observe)

    def observe(self, entry: AuditEntry) -> None:
        """Count one handled request from its audit entry."""
        if entry.surface == "watch_delivery":
            self._watch_posts.labels("ok" if entry.outcome == "ok" else "error").inc()
            return
        surface = surface_of(entry)
        if entry.latency_ms is not None and entry.outcome not in ("refused", "rate_limited", "duplicate"):
            self._latency.labels(surface).observe(entry.latency_ms / 1000)
        if entry.cache == "stale":
            self._stale.labels(surface).inc()

    def exposition(self) -> bytes:
        """The text a scrape gets."""
        return generate_latest(self.registry)
