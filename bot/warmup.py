"""The first answer's first-use work, done while the process starts (issue 22).

A fresh process's first answer took 1.6x its floor where a process that had answered once took 1.1x: the page
threads were started by that first read, and the reader, the parsing of Flireo's pages, the search index and the
views each ran for the first time. Here they run once on the demo data (no request leaves the process, nothing is
logged at INFO) and the page threads are started, on a thread of their own while the main one imports Bolt and
asks Slack's auth.test; the Slack modes wait for it before they say "listening".
"""

from __future__ import annotations

import logging
import threading

from bot.answers.service import NumbersService
from bot.container import Container, flireo_http
from bot.flireo.client import FlireoClient
from bot.inventory.cache import InventoryCache
from bot.inventory.catalog import Catalog
from bot.ops.config import Settings

log = logging.getLogger(__name__)

# What people ask first, covering a listing, a lookup (a national number read in DEFAULT_REGION) and the stats.
REHEARSED = ("available local amsterdam", "find 020 123 4567", "stats")
# A rehearsal slower than this (a starved machine) is not waited for: listening matters more than a warm answer.
WAIT_SECONDS = 2.0


def rehearse(settings: Settings) -> None:
    """Answer REHEARSED on the demo data through the real client, cache, reader and views; keep nothing."""
    demo = settings.model_copy(update={"flireo_api_key": None})
    client = FlireoClient(flireo_http(demo))
    cache = InventoryCache(client, ttl_seconds=60, stale_max_age_seconds=60, demo=True)
    numbers = NumbersService(
        cache, Catalog(client, demo=True), page_size=settings.page_size, region=settings.default_region, tz=settings.tz
    )
    try:
        for question in REHEARSED:
            numbers.reply(question)
    finally:
        cache.close()


def warm(settings: Settings, deps: Container) -> None:
    """Start the page threads of the real client and rehearse an answer; a failure only costs the warmth."""
    try:
        deps.cache.start_threads()
        deps.answers.start()  # 128 threads: started by the first command they took ~65 ms of its answer
        rehearse(settings)
    except Exception:
        log.warning("warming up for the first answer failed; it will be slower", exc_info=True)


class Warming:
    """`warm` on its own thread; `wait()` before saying "listening"."""

    def __init__(self, settings: Settings, deps: Container) -> None:
        self._thread = threading.Thread(target=warm, args=(settings, deps), name="warm-up", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        """Until the warm-up is done, at most WAIT_SECONDS."""
        self._thread.join(WAIT_SECONDS)
