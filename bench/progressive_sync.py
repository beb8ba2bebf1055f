"""Issue 14's progressive sync: a 100,000-number account at the default budget, read over as many windows as it takes.

The budget's window is Flireo's minute scaled down (FLIREO_RATE_WINDOW_SECONDS), so the run takes seconds; the
figure that carries over is the number of windows (= minutes at Flireo's real limit) to the first whole snapshot.
"""

from __future__ import annotations

import json
import time
import urllib.request
from typing import TYPE_CHECKING, Any

from bench.harness import BotProcess, median_ms, percentile_ms
from tests.fakes.flireo import make_numbers

if TYPE_CHECKING:
    from bench.scenarios import Bench

# A minute scaled to 3 s: a round of 59 pages and the index of up to 100,000 numbers rebuilt fit well inside it.
WINDOW_SECONDS = 3.0
# Questions while the account is read: one every half window.
ASK_EVERY_SECONDS = 1.5
# How often /healthz is asked whether the read is whole (the figure's resolution).
HEALTH_POLL_SECONDS = 0.1
# Give up after this many windows (the target is 18).
MAX_WINDOWS = 40
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _health(url: str) -> dict[str, Any]:
    with _NO_PROXY.open(f"{url}/healthz", timeout=5) as resp:
        return dict(json.loads(resp.read()))


def _ask(bench: Bench, bot: BotProcess, query: str) -> tuple[float, str]:
    """Seconds from the POST to the reply, and the reply's whole body as JSON text (blocks included)."""
    url, sent, _, _ = bot.send(query)
    reply = bench.slack.wait_for_response(url, timeout=15)
    return reply.time - sent, json.dumps(reply.body, ensure_ascii=False)


def progressive(bench: Bench) -> None:
    """First answer, answers while partial, windows to the whole snapshot, memory; at the default budget of 60."""
    n = bench.config.progressive_n
    flireo = bench.flireo(n)
    last_number = make_numbers(n)[-1]["phone_number"]
    partial: list[float] = []
    misses_said_so = 0
    try:
        with bench.bot("ours", flireo, FLIREO_RATE_WINDOW_SECONDS=str(WINDOW_SECONDS)) as ours:
            started = time.monotonic()
            first, first_text = _ask(bench, ours, "stats")
            health, next_ask = _health(ours.url), started
            while health["reading"] is not None and time.monotonic() - started < MAX_WINDOWS * WINDOW_SECONDS:
                if time.monotonic() >= next_ask:  # a steady trickle of questions while the account is read
                    partial.append(_ask(bench, ours, "available local amsterdam")[0])
                    seconds, text = _ask(bench, ours, f"find {last_number}")
                    partial.append(seconds)
                    misses_said_so += "not among the numbers read so far" in text
                    next_ask += ASK_EVERY_SECONDS
                time.sleep(HEALTH_POLL_SECONDS)
                health = _health(ours.url)
            whole_after = time.monotonic() - started
            warm = [_ask(bench, ours, "available local amsterdam")[0] for _ in range(20)]
            rss = ours.rss_mb()
            complete = health["snapshot_numbers"] == n and health["reading"] is None
    finally:
        flireo.stop()
    peak = flireo.peak_requests_per_window(WINDOW_SECONDS - 0.1)
    if not complete:
        bench.results.problems.append(f"progressive: N={n:,} not whole after {MAX_WINDOWS} windows")
    if flireo.refused:
        bench.results.problems.append(f"progressive: the bot met {flireo.refused} 429s")
    answers = partial
    bench.results.extras.append(
        f"progressive sync, N={n:,} at the default budget (60 requests a window; the window scaled from 60 s to "
        f"{WINDOW_SECONDS:.0f} s): first answer {first * 1000:.0f} ms, marked "
        f"'{_partial_words(first_text)}'; whole after {whole_after / WINDOW_SECONDS:.1f} windows "
        f"(= minutes at Flireo's real minute; target ≤ 18); {len(answers)} answers while partial, p50/p99 "
        f"{median_ms(answers or [0]):.0f}/{percentile_ms(answers or [0], 99):.0f} ms, {misses_said_so} of "
        f"{len(answers) // 2} lookups of an unread number said 'not among the numbers read so far'; then "
        f"`available local amsterdam` over the whole account p50 {median_ms(warm):.0f} ms; RSS {rss:.0f} MB; "
        f"at most {peak} requests in any window; {flireo.refused} 429s"
    )


def _partial_words(text: str) -> str:
    """The 'partial: … read; complete …' part of a reply's text."""
    start = text.find("partial:")
    if start < 0:
        return "(not marked partial)"
    end = min(i for i in (text.find(" · ", start), text.find('"', start), len(text)) if i >= 0)
    return text[start:end]
