"""`python -m bench.scaled_app`: the real `app.py`, with the limiter's one-minute window divided by BENCH_TIME_SCALE.

The steady-load scenario runs an hour's pattern k times faster: CACHE_TTL_SECONDS / k and k times the command
rate. The budget's window must shrink with them, or a scaled run would meet a limit the real one never does.
"""

from __future__ import annotations

import os
import runpy
import sys

import bot.flireo.budget
from bench.harness import REPO_ROOT

scale = float(os.environ.get("BENCH_TIME_SCALE", "1"))
bot.flireo.budget.WINDOW_SECONDS = bot.flireo.budget.WINDOW_SECONDS / scale
# The app passes its setting to the budget, so the scaled window goes there too.
os.environ["FLIREO_RATE_WINDOW_SECONDS"] = f"{bot.flireo.budget.WINDOW_SECONDS:g}"
sys.argv = [str(REPO_ROOT / "app.py")]
runpy.run_path(str(REPO_ROOT / "app.py"), run_name="__main__")
