"""Issue 14's scenarios: the floor a cold answer is held to, large accounts, a key shared with other tools, start-up."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from bench.harness import REPO_ROOT, Timing, median_ms
from bench.report import Row
from bot.flireo.pages import covering
from tests.fakes.flireo import DEFAULT_API_KEY, FlireoFake, make_numbers

if TYPE_CHECKING:
    from bench.scenarios import Bench

COLD_QUERY = "available local amsterdam"
PAGE = 100
# The floor's client may open as many connections as our bot does (bot.flireo.client.MAX_CONCURRENT_PAGES).
FLOOR_CONCURRENCY = 21
# How often start-up polls /healthz: fine enough for a figure of a few hundred milliseconds.
STARTUP_POLL_SECONDS = 0.005
STARTUP_DEADLINE_SECONDS = 20.0
# Refreshes timed in each bot of the floor scenario, and the budget that lets every one of them reach Flireo.
REFRESHES_PER_BOT = 3
REFRESH_BUDGET = 100
# Another tool on the same key has spent this much of Flireo's 100 a minute.
SPENT_ELSEWHERE = 80
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def floor_client(url: str) -> httpx.Client:
    """A bare keep-alive client with as many connections as our bot may open."""
    headers = {"Authorization": f"Bearer {DEFAULT_API_KEY}"}
    limits = httpx.Limits(max_connections=FLOOR_CONCURRENCY, max_keepalive_connections=FLOOR_CONCURRENCY)
    return httpx.Client(base_url=url, headers=headers, limits=limits)


def floor_fetch(http: httpx.Client, pool: ThreadPoolExecutor) -> float:
    """Seconds for the least any bot must do: two round trips, JSON decoded (the first page tells the total)."""

    def page(offset: int) -> dict[str, Any]:
        params = {"limit": PAGE, "offset": offset, "include_default": str(offset == 0).lower()}
        return http.get("/v1/phone-numbers", params=params).json()  # type: ignore[no-any-return]

    started = time.perf_counter()
    total = page(0)["meta"]["total"]
    list(pool.map(page, range(PAGE, total, PAGE)))
    return time.perf_counter() - started


def floor(bench: Bench) -> None:
    """Our cold answer (a fresh process each time) and a forced refresh, each against its floor on the same fake.

    The cold floor opens its connections as it goes (a fresh process must); the refresh floor reuses them.
    """
    cfg, n = bench.config, bench.config.small_n
    flireo = bench.flireo(n)
    try:
        with ThreadPoolExecutor(FLOOR_CONCURRENCY) as pool:
            cold_floors = []
            for _ in range(cfg.cold_reps * 2):
                with floor_client(flireo.url) as http:  # made before timing: our bot makes its client at start-up
                    cold_floors.append(floor_fetch(http, pool))
            with floor_client(flireo.url) as http:
                floor_fetch(http, pool)
                warm_floors = [floor_fetch(http, pool) for _ in range(cfg.cold_reps * 2)]
        cold: list[Timing] = []
        refreshed: list[Timing] = []
        for _ in range(cfg.cold_reps):
            # Flireo's whole 100 a minute: a cold read and three refreshes of 21 requests each fit in one bot's
            # budget (at the default 60 the second refresh was "Not refreshed", answered at once, and counted).
            with bench.bot("ours", flireo, FLIREO_MAX_REQUESTS_PER_MINUTE=str(REFRESH_BUDGET)) as ours:
                cold.append(ours.command(COLD_QUERY))
                refreshed += [ours.command(f"{COLD_QUERY} refresh") for _ in range(REFRESHES_PER_BOT)]
    finally:
        flireo.stop()
    bench.results.check("cold vs floor (ours)", cold + refreshed)
    if any("Not refreshed" in timing.text for timing in refreshed):
        bench.results.problems.append("floor: a refresh was not made (budget); its time would not be a refresh's")
    label = f"N={n:,}, {cfg.latency * 1000:.0f} ms upstream"
    bench.results.rows += [
        Row(
            f"cold answer vs its floor (naive column: two round trips, bare client, new connections), {label}",
            median_ms([t.answer or 0 for t in cold]),
            median_ms(cold_floors),
            "ms",
            f"floor: median of {len(cold_floors)}",
            "≤ 1.2",
        ),
        Row(
            f"forced refresh (`refresh`, warm process) vs its floor (same, connections kept alive), {label}",
            median_ms([t.answer or 0 for t in refreshed]),
            median_ms(warm_floors),
            "ms",
            f"floor: median of {len(warm_floors)}",
        ),
    ]


def large_accounts(bench: Bench) -> None:
    """N = 10k, 50k, 100k: build, warm answers (also during a refresh) and memory, in a process of their own."""
    for n in bench.config.scale_ns:
        numbers = make_numbers(n)
        mix = json.dumps(bench_queries(numbers))
        pages_file = bench.logs / f"pages-{n}.jsonl"
        with pages_file.open("w") as pages:
            for offset in covering(0, n, PAGE):  # the offsets the client asks: each page overlaps the one before
                pages.write(json.dumps({"data": numbers[offset : offset + PAGE], "meta": {"total": n}}) + "\n")
        del numbers
        probe = subprocess.run(
            [sys.executable, "-m", "bench.scale_probe", str(pages_file), mix],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        pages_file.unlink()
        if probe.returncode != 0:
            bench.results.problems.append(f"scale probe N={n:,} failed: {probe.stderr[-500:]}")
            continue
        m = json.loads(probe.stdout.strip().splitlines()[-1])
        bench.results.extras.append(
            f"N={m['numbers']:,} (in-process: the client on pages of the fake's data, no budget, no HTTP latency; "
            f"answers through NumbersService incl. rendering): first build {m['build_seconds']:.2f} s, refresh "
            f"{m['refresh_seconds']:.2f} s; warm p50/p99 {m['warm_p50_ms']:.1f}/{m['warm_p99_ms']:.1f} ms; during a "
            f"refresh p50/p99 {m['refresh_p50_ms']:.1f}/{m['refresh_p99_ms']:.1f} ms "
            f"({m['answers_during_refresh']} answers); RSS steady {m['rss_steady_mb']:.0f} MB, peak during the "
            f"refresh {m['rss_peak_mb']:.0f} MB, after it {m['rss_after_refresh_mb']:.0f} MB "
            f"(targets at 100k: p99 ≤ 25 ms, RSS ≤ 200 MB steady, ≤ 300 MB peak)"
        )


def bench_queries(numbers: list[dict[str, Any]]) -> list[str]:
    """The bench's query mix (bench.scenarios.queries), imported late to avoid a cycle."""
    from bench.scenarios import queries

    return queries(numbers)


def shared_key(bench: Bench) -> None:
    """Another tool has spent 80 of the key's 100 requests this minute: a cold answer over 20 pages meets no 429."""
    cfg, n = bench.config, bench.config.small_n
    flireo = bench.flireo(n)
    try:
        flireo.spend_elsewhere(SPENT_ELSEWHERE)
        with bench.bot("ours", flireo) as ours:
            flireo.reset_requests()
            cold = ours.command(COLD_QUERY)
            requests = flireo.request_count()
            with _NO_PROXY.open(f"{ours.url}/healthz", timeout=5) as resp:
                limit = json.loads(resp.read())["flireo_rate_limit"]
    finally:
        flireo.stop()
    bench.results.check("shared key (ours)", [cold])
    if flireo.refused:
        bench.results.problems.append(f"shared key: the bot met {flireo.refused} 429s")
    bench.results.extras.append(
        f"key shared with another tool that spent {SPENT_ELSEWHERE} of its 100 requests this minute, N={n:,}, "
        f"{cfg.latency * 1000:.0f} ms upstream: cold answer {(cold.answer or 0) * 1000:.0f} ms, {requests} requests, "
        f"{flireo.refused} 429s met; /healthz flireo_rate_limit {limit}"
    )


def startup(bench: Bench) -> None:
    """Seconds from starting `python app.py` (HTTP mode, no REDIS_URL) to its first /healthz answer."""
    flireo = bench.flireo(bench.config.small_n)
    times: dict[str, list[float]] = {"ours": [], "naive": []}
    try:
        for _ in range(bench.config.startup_reps):
            for name in times:
                times[name].append(time_to_health(bench, name, flireo)[0])
    finally:
        flireo.stop()
    bench.results.rows.append(
        Row(
            f"start-up to listening (first /healthz), no REDIS_URL (median of {bench.config.startup_reps})",
            median_ms(times["ours"]),
            median_ms(times["naive"]),
            "ms",
            "none",
            "≤ 400 ms",
        )
    )


def cpu_seconds(pid: int) -> float:
    """CPU seconds a running process has used so far (utime + stime, Linux's /proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def time_to_health(bench: Bench, name: str, flireo: FlireoFake) -> tuple[float, float]:
    """Seconds (wall, CPU) from starting a bot (HTTP mode) to its first /healthz answer."""
    bot = bench.bot(name, flireo)
    started = time.perf_counter()
    process = subprocess.Popen(
        bot.argv,
        cwd=bench.logs,
        env={**bot.env, "PYTHONPATH": str(REPO_ROOT)},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while time.perf_counter() - started < STARTUP_DEADLINE_SECONDS and process.poll() is None:
            with contextlib.suppress(OSError), _NO_PROXY.open(f"{bot.url}/healthz", timeout=1) as resp:
                if resp.status == 200:
                    return time.perf_counter() - started, cpu_seconds(process.pid)
            time.sleep(STARTUP_POLL_SECONDS)
        raise RuntimeError(f"{name} did not answer /healthz")
    finally:
        process.terminate()
        process.wait(timeout=10)


def long_names(bench: Bench) -> None:
    """Issue 19: 20,000 assistant names of 200 characters over 5,000 places against the usual six names (the naive
    column holds the usual names' figure: the ratio is what the long names cost), each in a process of its own."""
    figures: dict[str, dict[str, float]] = {}
    for kind in ("long", "usual"):
        probe = subprocess.run(
            [sys.executable, "-m", "bench.names_probe", kind],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if probe.returncode != 0:
            bench.results.problems.append(f"names probe ({kind}) failed: {probe.stderr[-500:]}")
            return
        figures[kind] = json.loads(probe.stdout.strip().splitlines()[-1])
    long, usual = figures["long"], figures["usual"]
    label = "20,000 numbers, long names vs usual ones (naive column: usual names)"
    bench.results.rows += [
        Row(f"warm answer p99, {label}", long["warm_p99_ms"], usual["warm_p99_ms"], "ms", "in-process", "≤ 50 ms"),
        Row(f"`amsterdm free` (a typo) p50, {label}", long["typo_p50_ms"], usual["typo_p50_ms"], "ms", "in-process"),
        Row(
            f"slowest of 20 concurrent answers, {label}",
            long["slowest_of_20_concurrent_ms"],
            usual["slowest_of_20_concurrent_ms"],
            "ms",
            "in-process",
        ),
        Row(f"memory the snapshot and names add, {label}", long["rss_growth_mb"], usual["rss_growth_mb"], "MB", ""),
    ]
    bench.results.extras.append(
        f"long names: snapshot, index and reader's names built in {long['load_seconds']:.2f} s in the background "
        f"(usual: {usual['load_seconds']:.2f} s); the first answer of each question after it at most "
        f"{long['first_max_ms']:.0f} ms (usual: {usual['first_max_ms']:.0f} ms); RSS {long['rss_mb']:.0f} MB "
        f"(usual: {usual['rss_mb']:.0f} MB)"
    )
