"""The small set of long-lived objects the bot runs on, built once from settings."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Protocol

import httpx

from bot.answers.recorder import HistoryRecorder
from bot.answers.service import NumbersService, names_of
from bot.answers.watches import Watches
from bot.flireo.budget import RequestBudget
from bot.flireo.client import MAX_CONCURRENT_PAGES, FlireoClient, default_timeout
from bot.flireo.deadline import deadline_transport
from bot.flireo.demo import DEMO_BASE_URL, demo_transport
from bot.i18n.translator import set_default_language
from bot.inventory.cache import InventoryCache
from bot.inventory.catalog import Catalog
from bot.inventory.coordination.budget import SharedRequestBudget
from bot.inventory.coordination.guards import SharedSeenEvents, SharedUserRateLimit
from bot.inventory.coordination.link import RedisLink, key_prefix, poll_claim
from bot.inventory.coordination.snapshots import SharedSnapshots
from bot.inventory.history import HistoryStore
from bot.inventory.poller import Poller
from bot.ops.config import Settings
from bot.ops.guards import Allowlist, EventsRateLimited, SeenEvents, UserRateLimit
from bot.ops.workers import FairWorkers, Limits
from bot.reading.reader import prepare

log = logging.getLogger(__name__)

USER_AGENT = "numbers-slack-bot/0.1"
# Threads that answer (and may wait on Flireo). Acks never wait for these: a burst or a hanging Flireo
# queues answers here while every command is still acknowledged at once. One user holds at most half of them
# (64 answers waiting on a hanging Flireo at once), and at most 200 of the 5,000 answers that may wait (more is
# dropped, logged, never blocking an ack): one user's backlog cannot keep everyone else from an answer.
ANSWER_LIMITS = Limits(threads=128, queued=5000, queued_per_key=200, running_per_key=64)
# Offers and orders are asked one request at a time per question, and few at once (the catalog shares a fetch).
EXTRAS_CONNECTIONS = 4


class Sender(Protocol):
    """What sends stored watch posts (handlers/outbox.py), started with the background work and stopped first."""

    def start(self) -> None: ...
    def stop(self) -> None: ...


@dataclass
class Container:
    """Dependencies passed to the Slack handlers, the console and `ask`."""

    settings: Settings
    cache: InventoryCache
    numbers: NumbersService
    allowlist: Allowlist
    seen_events: SeenEvents
    user_limits: UserRateLimit
    redis: RedisLink | None = None
    history: HistoryRecorder | None = None
    watches: Watches | None = None
    poller: Poller | None = None
    budget: RequestBudget | None = None
    answers: FairWorkers = field(default_factory=lambda: FairWorkers("answers", ANSWER_LIMITS))
    events_rate_limited: EventsRateLimited = field(default_factory=EventsRateLimited)
    outbox: Sender | None = None  # set by the Slack layer: the sender of the watch-post outbox

    def answer_later(self, work: Callable[[], None], key: str | None = None) -> None:
        """Run `work` on the answer threads, in turn with other users' (`key`), so the caller (an ack) returns
        at once; failures are logged."""
        self.answers.submit(key or "-", work)

    def start_background(self) -> None:
        """For Socket Mode: read (start_reading) and send watch posts (start_sending)."""
        self.start_reading()
        self.start_sending()

    def start_reading(self) -> None:
        """Answer from the stored snapshot at once, and keep the inventory current from now on."""
        restored = self.history.restore(self.cache) if self.history is not None else False
        if self.poller is not None:
            # A replica (REDIS_URL) answers from the snapshot the others share in Redis: its rounds are left to
            # the poller that claims them, not read again by every replica that starts.
            self.poller.start(at_once=restored or self.redis is None)

    def start_sending(self) -> None:
        """Send the watch posts stored before a restart, and each new one (once SIGTERM leaves them pending)."""
        if self.outbox is not None:
            self.outbox.start()

    def close(self) -> None:
        """Release background threads and connections."""
        if self.outbox is not None:  # first: its unsent posts are left pending in the store, not half-sent
            self.outbox.stop()
        if self.poller is not None:
            self.poller.stop()
        self.cache.close()
        if self.history is not None:
            self.history.close()
            self.history.store.close()
        self.answers.stop()


def flireo_http(settings: Settings, *, extras: bool = False) -> httpx.Client:
    """The HTTP client for Flireo: the real API with the key, or the demo transport without one.

    `extras`: the client for offers and orders, on connections of its own, so they can never starve the listing.
    """
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    pages = EXTRAS_CONNECTIONS if extras else MAX_CONCURRENT_PAGES
    limits = httpx.Limits(max_connections=pages * 2, max_keepalive_connections=pages)
    if settings.flireo_api_key is None or not settings.flireo_api_url:
        return httpx.Client(transport=demo_transport(), base_url=DEMO_BASE_URL, headers=headers)
    headers["Authorization"] = f"Bearer {settings.flireo_api_key.get_secret_value()}"
    base_url = settings.flireo_api_url.rstrip("/").removesuffix("/v1")
    transport = deadline_transport(limits)
    return httpx.Client(base_url=base_url, headers=headers, timeout=default_timeout(), transport=transport)


def build_container(settings: Settings, http: httpx.Client | None = None) -> Container:
    """Wire client → cache → service from settings (tests may pass their own `http`); Redis when REDIS_URL is set."""
    set_default_language(settings.default_language)
    link = RedisLink(settings.redis_url) if settings.redis_url else None
    api_key = settings.flireo_api_key.get_secret_value() if settings.flireo_api_key else None
    prefix = key_prefix(settings.flireo_api_url, api_key)
    per_minute = settings.flireo_max_requests_per_minute
    span = settings.flireo_rate_window_seconds
    budget = (
        SharedRequestBudget(link, per_minute, prefix, span) if link else RequestBudget(per_minute, window_seconds=span)
    )
    client = FlireoClient(
        http or flireo_http(settings), budget, extras_http=None if http else flireo_http(settings, extras=True)
    )
    store = history_store(settings, link, prefix)
    recorder = HistoryRecorder(store) if store is not None else None
    cache = InventoryCache(
        client,
        ttl_seconds=settings.cache_ttl_seconds,
        stale_max_age_seconds=settings.stale_max_age_seconds,
        demo=settings.demo,
        shared=SharedSnapshots(link, prefix, settings.stale_max_age_seconds) if link else None,
        on_install=recorder.after_fetch if recorder else None,
        shrink_recheck_seconds=settings.shrink_recheck_seconds,
        warm=lambda snapshot: prepare(names_of(snapshot.index)),
    )
    catalog = Catalog(client, demo=settings.demo)
    numbers = NumbersService(
        cache,
        catalog,
        page_size=settings.page_size,
        region=settings.default_region,
        history=store,
        tz=settings.tz,
        replicas_without_database=not settings.demo and link is not None and not settings.database_url,
        history_caught_up=recorder.caught_up if recorder else None,
    )
    watches = Watches(store, cache, region=settings.default_region, tz=settings.tz) if store is not None else None
    if recorder is not None:
        recorder.watches = watches
    poller = Poller(cache, settings.poll_seconds, claim=poll_claim(link, prefix, settings.poll_seconds))
    limit, window = settings.user_rate_limit, settings.user_rate_window_seconds
    return Container(
        settings,
        cache,
        numbers,
        Allowlist(settings.allowed_channel_ids, settings.allowed_user_ids),
        SharedSeenEvents(link, prefix) if link else SeenEvents(),
        SharedUserRateLimit(link, limit, window, prefix) if link else UserRateLimit(limit, window),
        link,
        recorder,
        watches,
        poller,
        budget,
    )


def history_store(settings: Settings, link: RedisLink | None, prefix: str) -> HistoryStore | None:
    """PostgreSQL with DATABASE_URL; else SQLite in DATA_DIR, one file per account; None for demo data and replicas.

    Demo data never changes (and `ask` or the console leave no ./data behind). Replicas (REDIS_URL) without a
    shared database keep none: one SQLite file per replica would each hold part of the history.
    """
    if settings.demo:
        return None
    if link is not None and not settings.database_url:
        log.warning("no history and no watches: replicas (REDIS_URL) keep them only in a shared DATABASE_URL")
        return None
    from bot.inventory.store import open_history  # SQLAlchemy only when history is kept (not demo, `ask` help)

    key = prefix.strip(":").split(":")[-1]  # a hash of the URL and key (never the key itself)
    site = hashlib.sha256((settings.flireo_api_url or "").encode()).hexdigest()[:16]
    return open_history(
        data_dir=settings.data_dir,
        site=site,
        key=key,
        keep_days=settings.history_days,
        database_url=settings.database_url,
        gap_after=gap_after(settings.poll_seconds),
    )


def gap_after(poll_seconds: float) -> timedelta:
    """Readings further apart than this are a gap in history: three missed polls (at least 30 s, so one slow
    reading is not a gap); without polling, readings come only when asked, and an hour apart is a gap."""
    return timedelta(seconds=max(3 * poll_seconds, 30)) if poll_seconds > 0 else timedelta(hours=1)
