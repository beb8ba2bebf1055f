"""A fresh start as an operator's restart meets it (issue 22): how long until it listens, and its first answer.

Two ratios, each against a baseline measured in the same run, interleaved so a busy machine weighs on both sides:
- start-up to listening (first /healthz) vs the bare imports of its libraries (`python -c "import slack_bolt, ..."`,
  the third-party packages the app has imported by the time it listens, listed by the app itself);
- the first answer of a process that has just said it listens vs its floor (two round trips on a bare client with new
  connections, bench.scale.floor_fetch), and, for comparison, the same question asked again once it answered.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from bench.harness import REPO_ROOT, Timing, median_ms
from bench.report import Row
from bench.scale import (
    FLOOR_CONCURRENCY,
    floor_client,
    floor_fetch,
    time_to_health,
)

if TYPE_CHECKING:
    from bench.scenarios import Bench
    from tests.fakes.flireo import FlireoFake

COLD_QUERY = "available local amsterdam"
# Runs `python app.py` (HTTP mode) until it would serve, then prints the names of the site-packages modules it has
# imported by then: importing exactly those (not whole packages: `import sqlalchemy` is more than the app uses) is
# the start-up's baseline.
_LIST_LIBRARIES = """
import runpy, sys
import handlers.http_server as server

def listed(self):
    print(" ".join(name for name, module in list(sys.modules.items())
                   if "site-packages" in (getattr(module, "__file__", None) or "") and not name.startswith("_")))
    raise SystemExit(0)

server._GuardedServer.run = listed
sys.argv = ["app.py"]
runpy.run_path("app.py", run_name="__main__")
"""


def libraries(bench: Bench, flireo: FlireoFake) -> list[str]:
    """The third-party packages `python app.py` has imported by the time it listens (asked of the app itself)."""
    bot = bench.bot("ours", flireo)
    listed = subprocess.run(
        [sys.executable, "-c", _LIST_LIBRARIES],
        cwd=REPO_ROOT,
        env={**bot.env, "PYTHONPATH": str(REPO_ROOT), "LOG_LEVEL": "WARNING"},
        capture_output=True,
        text=True,
        check=True,
    )
    return listed.stdout.split()


def compiled() -> None:
    """Compile the app's modules to bytecode first, as an installed app has them: with PYTHONDONTWRITEBYTECODE=1 (as
    on this workplace) a checkout would compile ~100 modules from source at every start, which no deployment does."""
    targets = ["app.py", "bot", "handlers"]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *targets], cwd=REPO_ROOT, check=True)


def bare_imports(names: list[str]) -> tuple[float, float]:
    """Seconds (wall, CPU) for a fresh interpreter to import the modules `names` (in the app's order) and exit."""
    code = f"import importlib\nfor name in {names!r}:\n    importlib.import_module(name)"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def first_answer(bench: Bench) -> None:
    """Start-up vs bare imports; a fresh process's first answer vs its floor, and vs its second answer."""
    cfg = bench.config
    flireo = bench.flireo(cfg.small_n)
    compiled()
    names = libraries(bench, flireo)
    bare: list[tuple[float, float]] = []
    listening: list[tuple[float, float]] = []
    floors: list[float] = []
    first: list[Timing] = []
    first_cold: list[Timing] = []
    again: list[Timing] = []
    try:
        with ThreadPoolExecutor(FLOOR_CONCURRENCY) as pool:
            for _ in range(cfg.startup_reps):
                bare.append(bare_imports(names))
                listening.append(time_to_health(bench, "ours", flireo))
                with floor_client(flireo.url) as http:  # made before timing: our bot makes its client at start-up
                    floors.append(floor_fetch(http, pool))
                # As an operator's restart meets it: the default POLL_SECONDS, whose first round reads the account
                # as the process starts listening.
                with bench.bot("ours", flireo, FLIREO_MAX_REQUESTS_PER_MINUTE="100", POLL_SECONDS="300") as ours:
                    first.append(ours.command(COLD_QUERY))
                # No polling: the first question reads the account itself, cold (what is left of first use).
                with bench.bot("ours", flireo, FLIREO_MAX_REQUESTS_PER_MINUTE="100") as ours:
                    first_cold.append(ours.command(COLD_QUERY))
                    again.append(ours.command(f"{COLD_QUERY} refresh"))
    finally:
        flireo.stop()
    bench.results.check("first answer after start (ours)", first + first_cold + again)
    label = f"N={cfg.small_n:,}, {cfg.latency * 1000:.0f} ms upstream"
    reps = f"median of {cfg.startup_reps}"
    bench.results.rows += [
        Row(
            f"start-up to listening (naive column: bare imports of the {len(names)} library modules it loads), {reps}",
            median_ms([wall for wall, _ in listening]),
            median_ms([wall for wall, _ in bare]),
            "ms",
            "none",
            "≤ 1.6",
        ),
        # CPU seconds do not grow with a busy machine's waits the way wall seconds do: the same ratio, steadier.
        Row(
            f"start-up to listening, CPU time (naive column: CPU time of the bare imports), {reps}",
            median_ms([cpu for _, cpu in listening]),
            median_ms([cpu for _, cpu in bare]),
            "ms",
            "none",
            "≤ 1.6",
        ),
        Row(
            f"first answer after start (default settings: the account is read as it starts listening) vs its floor "
            f"(naive column: two round trips, new connections), {label}, {reps}",
            median_ms([t.answer or 0 for t in first]),
            median_ms(floors),
            "ms",
            "floor",
            "≤ 1.2",
        ),
        Row(
            f"first answer after start that reads the account itself (POLL_SECONDS=0) vs the same floor, {label}, "
            f"{reps}",
            median_ms([t.answer or 0 for t in first_cold]),
            median_ms(floors),
            "ms",
            "floor",
        ),
        Row(
            f"the same process asked again (`refresh`: a new read) vs the same floor, {label}, {reps}",
            median_ms([t.answer or 0 for t in again]),
            median_ms(floors),
            "ms",
            "floor",
        ),
    ]
    packages = sorted({name.split(".")[0] for name in names})
    bench.results.extras.append(f"libraries start-up imports from: {', '.join(packages)}")
