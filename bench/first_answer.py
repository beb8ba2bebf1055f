"""A fresh start as an operator's restart meets it (issue 22): how long until it listens, and its first answer.

Two ratios, each against a baseline measured in the same run, interleaved so a busy machine weighs on both sides:
- start-up to listening (first /healthz) vs the bare imports of its libraries (`python -c "import slack_bolt, ..."`,
  the third-party packages the app has imported by the time it listens, listed by the app itself);
- the first answer of a process that has just said it listens vs its floor (two round trips on a bare client with new
  connections, bench.scale.floor_fetch), and, for comparison, the same question asked again once it answered.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from bench.harness import REPO_ROOT, Timing, median_ms
from bench.report import Row
from bench.scale import FLOOR_CONCURRENCY, floor_client, floor_fetch
from bench.scale import _time_to_health as to_listening

if TYPE_CHECKING:
    from bench.scenarios import Bench

COLD_QUERY = "available local amsterdam"
# What `python app.py` imports in HTTP mode before it listens; its site-packages' top-level names are the baseline.
_LIST_LIBRARIES = (
    "import sys, app, handlers.runtime; "
    "print(sorted({name.split('.')[0] for name, module in list(sys.modules.items()) "
    "if 'site-packages' in (getattr(module, '__file__', None) or '')}))"
)


def libraries() -> list[str]:
    """The third-party packages the app has imported by the time it listens (asked of the app itself)."""
    listed = subprocess.run(
        [sys.executable, "-c", _LIST_LIBRARIES], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    return [
        name
        for name in json.loads(listed.stdout.strip().replace("'", '"'))
        if name.isidentifier() and not name.startswith("_")
    ]


def bare_imports(names: list[str]) -> float:
    """Seconds for a fresh interpreter to import `names` and exit."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import " + ", ".join(names)], cwd=REPO_ROOT, check=True)
    return time.perf_counter() - started


def first_answer(bench: Bench) -> None:
    """Start-up vs bare imports; a fresh process's first answer vs its floor, and vs its second answer."""
    cfg = bench.config
    names = libraries()
    flireo = bench.flireo(cfg.small_n)
    bare: list[float] = []
    listening: list[float] = []
    floors: list[float] = []
    first: list[Timing] = []
    again: list[Timing] = []
    try:
        with ThreadPoolExecutor(FLOOR_CONCURRENCY) as pool:
            for _ in range(cfg.startup_reps):
                bare.append(bare_imports(names))
                listening.append(to_listening(bench, "ours", flireo))
                with floor_client(flireo.url) as http:  # made before timing: our bot makes its client at start-up
                    floors.append(floor_fetch(http, pool))
                with bench.bot("ours", flireo, FLIREO_MAX_REQUESTS_PER_MINUTE="100") as ours:
                    first.append(ours.command(COLD_QUERY))
                    again.append(ours.command(f"{COLD_QUERY} refresh"))
    finally:
        flireo.stop()
    bench.results.check("first answer after start (ours)", first + again)
    label = f"N={cfg.small_n:,}, {cfg.latency * 1000:.0f} ms upstream"
    reps = f"median of {cfg.startup_reps}"
    bench.results.rows += [
        Row(
            f"start-up to listening (naive column: bare imports of its {len(names)} libraries), {reps}",
            median_ms(listening),
            median_ms(bare),
            "ms",
            "none",
            "≤ 1.6",
        ),
        Row(
            f"first answer after start vs its floor (naive column: two round trips, new connections), {label}, {reps}",
            median_ms([t.answer or 0 for t in first]),
            median_ms(floors),
            "ms",
            "floor",
            "≤ 1.2",
        ),
        Row(
            f"the same process asked again (`refresh`: a new read) vs the same floor, {label}, {reps}",
            median_ms([t.answer or 0 for t in again]),
            median_ms(floors),
            "ms",
            "floor",
        ),
    ]
    bench.results.extras.append(f"libraries imported by start-up: {', '.join(names)}")
