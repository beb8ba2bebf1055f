"""History knows what it covers, through `app.py`: a time it did not see is named, never a bare 'no changes'."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.e2e.helpers import all_text
from tests.e2e.seeding import past_readings
from tests.e2e.test_history import POLLING, WATCH_CHANNEL, answer, wait_for_readings
from tests.fakes.flireo import FlireoFake, make_numbers, make_shared_numbers
from tests.fakes.slack import SlackFake

# Longer than bot/container.py gap_after (readings further apart than 3 polls, and at least 30 s, are a gap).
STOPPED_FOR = timedelta(minutes=10)


@pytest.fixture
def flireo() -> Iterator[FlireoFake]:
    """A one-page account, read every second."""
    with FlireoFake(make_numbers(40), shared=make_shared_numbers(2)) as fake:
        yield fake


def stopped_gaps(listing: str) -> set[tuple[int, int]]:
    """The times a change answer says the bot was stopped, as (start, end) epoch seconds (Slack's date tokens)."""
    found = re.findall(r"no readings <!date\^(\d+)\^[^>]*>–<!date\^(\d+)\^[^>]*> \(the bot was stopped\)", listing)
    return {(int(start), int(end)) for start, end in found}


def test_a_time_the_bot_was_stopped_is_named_in_the_change_answer(
    start_app, slack: SlackFake, flireo: FlireoFake, tmp_path: Path, store_env: dict[str, str]
) -> None:
    env = {**POLLING, "DATA_DIR": str(tmp_path / "data"), **store_env}
    # The bot's last reading before it was stopped, 10 minutes ago: stored as it would have been (tests/e2e/
    # seeding.py), not waited out (before: the test waited 31 s of wall time per store for the 30 s threshold).
    stopped_at = datetime.now(UTC).replace(microsecond=0) - STOPPED_FOR
    with past_readings(flireo, env, float(POLLING["POLL_SECONDS"])) as store_reading:
        store_reading(stopped_at)

    again = start_app(env)
    wait_for_readings(flireo, 2)
    restarted_at = time.time()
    listing = all_text(answer(again, slack, "changes since 1h"))  # before: "No changes … since <1 h ago>", nothing else
    assert "No changes" in listing
    ((start, end),) = stopped_gaps(listing)
    assert start == int(stopped_at.timestamp()), "from the last reading before the stop"
    assert restarted_at - 15 < end <= restarted_at, "to the first reading after it"
    assert set(re.findall(r"history starts <!date\^(\d+)\^", listing)) == {str(start)}, "nothing known before"

    again.stop()  # a restart quicker than the threshold is no gap: the real app's readings are in the coverage
    quick = start_app(env)
    wait_for_readings(flireo, 2)
    listing = all_text(answer(quick, slack, "changes since 1h"))
    assert stopped_gaps(listing) == {(start, end)}, listing
    assert "no readings" not in listing.replace(f"no readings <!date^{start}^", ""), listing


def test_demo_data_says_why_it_keeps_no_history_and_no_watches(start_app, slack: SlackFake) -> None:
    app = start_app({"FLIREO_API_KEY": None})  # demo data
    assert "I keep no history of demo data (it never changes)" in all_text(answer(app, slack, "changes"))
    assert "I keep no watches on demo data: it never changes" in all_text(
        answer(app, slack, "watch linked", channel=WATCH_CHANNEL)
    )
