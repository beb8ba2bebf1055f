"""`python -m bench.scale_probe PAGES_FILE`: our snapshot code over a large account, in a process of its own.

An account of 10,000-100,000 numbers is more than one minute's budget, which the bot cannot read yet without
progressive sync (not in this change): so this runs the code a fetch runs, in-process, on pages Flireo's fake
would send. It parses the pages one at a time as the client does, builds the snapshot and its index, then answers
the bench's query mix through the real NumbersService (parse, search, render) while a refresh parses and builds a
second snapshot in a background thread, the first one held until the second is done. Prints one JSON line.
"""

from __future__ import annotations

import json
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

import app  # noqa: F401  (everything the bot imports, so memory compares with a running bot)
import handlers.runtime  # noqa: F401
from bench.harness import percentile_ms
from bot.answers.service import NumbersService
from bot.flireo.client import PAGE_LIMIT, FlireoClient
from bot.flireo.pages import covering
from bot.inventory.snapshot import CacheOutcome, Snapshot, utc_now
from bot.runtime.gcpause import make_full_collections_rare

# Resident memory is sampled this often while a refresh builds its snapshot.
RSS_SAMPLE_SECONDS = 0.005
# Answers timed while the refresh runs, one after another.
ANSWERS_DURING_REFRESH = 200


def rss_mb() -> float:
    """This process's resident memory (VmRSS) in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


class PagesFile:
    """Flireo's `GET /v1/phone-numbers` served from a file of pages (one JSON page a line), read when asked.

    The lines are the pages at the offsets the client asks (`covering`: each overlaps the one before by a number).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.starts = [0]
        self.total = 0
        with path.open("rb") as pages:
            for line in pages:
                self.starts.append(self.starts[-1] + len(line))
                self.total = self.total or int(json.loads(line)["meta"]["total"])
        self.line_of = {offset: line for line, offset in enumerate(covering(0, self.total, PAGE_LIMIT))}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        page = self.line_of.get(int(request.url.params["offset"]), len(self.starts))
        if page + 1 >= len(self.starts):
            return httpx.Response(200, json={"data": [], "meta": {"total": self.total}})
        with self.path.open("rb") as pages:
            pages.seek(self.starts[page])
            body = pages.read(self.starts[page + 1] - self.starts[page])
        return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})


def read_snapshot(flireo: FlireoClient) -> Snapshot:
    """Fetch every page as the bot does (the client, no budget) and build the snapshot with its index."""
    inventory = flireo.fetch_inventory()
    snapshot = Snapshot(inventory.numbers, inventory.shared, utc_now())
    _ = snapshot.index
    return snapshot


class _Holder:
    """Stands in for the cache: always the snapshot it holds, as a hit."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot

    def get(self, refresh: bool = False) -> tuple[Snapshot, CacheOutcome]:
        return self.snapshot, CacheOutcome.HIT


def timed_answers(service: NumbersService, mix: list[str], count: int) -> list[float]:
    """Seconds each of `count` answers took (the mix in turn)."""
    took = []
    for i in range(count):
        started = time.perf_counter()
        reply = service.reply(mix[i % len(mix)])
        took.append(time.perf_counter() - started)
        assert reply.ok, reply
    return took


def main(argv: list[str]) -> int:
    """Measure and print one JSON object."""
    make_full_collections_rare()  # as app.py does
    mix = json.loads(argv[1])
    flireo = FlireoClient(httpx.Client(transport=httpx.MockTransport(PagesFile(Path(argv[0]))), base_url="http://x"))
    started_rss = rss_mb()
    started = time.perf_counter()
    holder = _Holder(read_snapshot(flireo))
    first_build = time.perf_counter() - started
    service = NumbersService(holder, None, page_size=10, region="NL")  # type: ignore[arg-type]
    timed_answers(service, mix, len(mix))  # each answer's first time (stats are counted once per snapshot)
    warm = timed_answers(service, mix, ANSWERS_DURING_REFRESH)
    steady_rss = rss_mb()

    peak = [steady_rss]
    done = threading.Event()
    refreshed: dict[str, Any] = {}

    def refresh() -> None:
        begun = time.perf_counter()
        refreshed["snapshot"] = read_snapshot(flireo)
        refreshed["seconds"] = time.perf_counter() - begun
        done.set()

    def sample() -> None:
        while not done.wait(RSS_SAMPLE_SECONDS):
            peak.append(rss_mb())

    threads = [threading.Thread(target=refresh), threading.Thread(target=sample)]
    for thread in threads:
        thread.start()
    during: list[float] = []
    while not done.is_set():
        during += timed_answers(service, mix, len(mix))
    for thread in threads:
        thread.join()
    holder.snapshot = refreshed["snapshot"]  # installed: the old one goes
    after_rss = rss_mb()
    print(
        json.dumps(
            {
                "numbers": len(holder.snapshot.numbers),
                "build_seconds": first_build,
                "refresh_seconds": refreshed["seconds"],
                "warm_p50_ms": statistics.median(warm) * 1000,
                "warm_p99_ms": percentile_ms(warm, 99),
                "refresh_p50_ms": statistics.median(during) * 1000 if during else None,
                "refresh_p99_ms": percentile_ms(during, 99) if during else None,
                "answers_during_refresh": len(during),
                "rss_start_mb": started_rss,
                "rss_steady_mb": steady_rss,
                "rss_peak_mb": max(peak),
                "rss_after_refresh_mb": after_rss,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
