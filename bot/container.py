"""The small set of long-lived objects the bot runs on, built once from settings."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import httpx

from bot.answers.service import NumbersService
from bot.flireo.budget import RequestBudget
from bot.flireo.catalog import Catalog
from bot.flireo.client import MAX_CONCURRENT_PAGES, FlireoClient, default_timeout
from bot.flireo.demo import DEMO_BASE_URL, demo_transport
from bot.inventory.cache import InventoryCache
from bot.ops.config import Settings
from bot.ops.guards import Allowlist, SeenEvents, UserRateLimit
from bot.ops.replicas import (
    RedisLink,
    SharedRequestBudget,
    SharedSeenEvents,
    SharedSnapshots,
    SharedUserRateLimit,
    key_prefix,
)

log = logging.getLogger(__name__)

USER_AGENT = "numbers-slack-bot/0.1"
# Threads that answer (and may wait on Flireo). Acks never wait for these: a burst or a hanging Flireo
# queues answers here while every command is still acknowledged at once.
ANSWER_THREADS = 64


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
    budget: RequestBudget | None = None
    answers: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(ANSWER_THREADS, thread_name_prefix="answer")
    )

    def answer_later(self, work: Callable[[], None]) -> None:
        """Run `work` on the answer threads, so the caller (a Slack ack) returns at once; failures are logged."""
        self.answers.submit(_logged, work)

    def close(self) -> None:
        """Release background threads and connections."""
        self.cache.close()
        self.answers.shutdown(wait=False, cancel_futures=True)


def _logged(work: Callable[[], None]) -> None:
    try:
        work()
    except Exception:
        log.exception("answering failed unexpectedly")


def flireo_http(settings: Settings) -> httpx.Client:
    """The HTTP client for Flireo: the real API with the key, or the demo transport without one."""
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    limits = httpx.Limits(max_connections=MAX_CONCURRENT_PAGES * 2, max_keepalive_connections=MAX_CONCURRENT_PAGES)
    if settings.flireo_api_key is None or not settings.flireo_api_url:
        return httpx.Client(transport=demo_transport(), base_url=DEMO_BASE_URL, headers=headers)
    headers["Authorization"] = f"Bearer {settings.flireo_api_key.get_secret_value()}"
    base_url = settings.flireo_api_url.rstrip("/").removesuffix("/v1")
    return httpx.Client(base_url=base_url, headers=headers, timeout=default_timeout(), limits=limits)


def build_container(settings: Settings, http: httpx.Client | None = None) -> Container:
    """Wire client → cache → service from settings (tests may pass their own `http`); Redis when REDIS_URL is set."""
    link = RedisLink(settings.redis_url) if settings.redis_url else None
    api_key = settings.flireo_api_key.get_secret_value() if settings.flireo_api_key else None
    prefix = key_prefix(settings.flireo_api_url, api_key)
    per_minute = settings.flireo_max_requests_per_minute
    budget = SharedRequestBudget(link, per_minute, prefix) if link else RequestBudget(per_minute)
    client = FlireoClient(http or flireo_http(settings), budget)
    cache = InventoryCache(
        client,
        ttl_seconds=settings.cache_ttl_seconds,
        stale_max_age_seconds=settings.stale_max_age_seconds,
        demo=settings.demo,
        shared=SharedSnapshots(link, prefix, settings.stale_max_age_seconds) if link else None,
    )
    catalog = Catalog(client, demo=settings.demo)
    numbers = NumbersService(cache, catalog, page_size=settings.page_size, region=settings.default_region)
    limit, window = settings.user_rate_limit, settings.user_rate_window_seconds
    return Container(
        settings,
        cache,
        numbers,
        Allowlist(settings.allowed_channel_ids, settings.allowed_user_ids),
        SharedSeenEvents(link, prefix) if link else SeenEvents(),
        SharedUserRateLimit(link, limit, window, prefix) if link else UserRateLimit(limit, window),
        link,
        budget,
    )
