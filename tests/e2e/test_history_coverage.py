"""History knows what it covers, through `app.py`: a time it did not see is named, never a bare 'no changes'."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.helpers import all_text
from tests.e2e.test_history import POLLING, WATCH_CHANNEL, answer, eventually, wait_for_readings
from tests.e2e.test_history_store import readings_stored
from tests.fakes.flireo import FlireoFake, make_numbers, make_shared_numbers
from tests.fakes.slack import SlackFake

# bot/container.py gap_after: readings further apart than 3 polls, and at least 30 s, are a gap in history.
GAP_SECONDS = 30


@pytest.fixture
def flireo() -> Iterator[FlireoFake]:
    """A one-page account, read every second."""
    with FlireoFake(make_numbers(40), shared=make_shared_numbers(2)) as fake:
        yield fake


def test_a_time_the_bot_was_stopped_is_named_in_the_change_answer(
    start_app, slack: SlackFake, flireo: FlireoFake, tmp_path: Path, store_env: dict[str, str]
) -> None:
    first = start_app({**POLLING, **store_env})
    eventually(lambda: readings_stored(store_env, tmp_path / "data"), what="the first reading to be stored")
    first.stop()
    stopped = time.monotonic()
    # The product's own threshold is wall time: the test waits it out (nothing else to wait for while it is down).
    eventually(lambda: time.monotonic() - stopped > GAP_SECONDS + 1, timeout=GAP_SECONDS + 10, what="a gap")

    again = start_app({**POLLING, **store_env})
    wait_for_readings(flireo, 2)
    listing = all_text(answer(again, slack, "changes since 1h"))  # before: "No changes … since <1 h ago>", nothing else
    assert "No changes" in listing
    assert "no readings <!date^" in listing
    assert "(the bot was stopped)" in listing
    assert "history starts <!date^" in listing, "and nothing is known before its first reading"


def test_demo_data_says_why_it_keeps_no_history_and_no_watches(start_app, slack: SlackFake) -> None:
    app = start_app({"FLIREO_API_KEY": None})  # demo data
    assert "I keep no history of demo data (it never changes)" in all_text(answer(app, slack, "changes"))
    assert "I keep no watches on demo data: it never changes" in all_text(
        answer(app, slack, "watch linked", channel=WATCH_CHANNEL)
    )
