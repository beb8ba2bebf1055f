"""Flireo glitches never become wrong answers (#19): a short shrink, ids and numbers that disagree; through the real
app against the loopback fake."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.e2e.test_flireo_lies import ACCOUNT, StartApp, ask, health, started_with_good_data
from tests.fakes.flireo import FlireoFake, make_numbers, make_shared_numbers

# The confirming read waits 4 to 6 s here (SHRINK_RECHECK_SECONDS, 20 to 30 s by default): longer than the glitch.
RECHECK = {"SHRINK_RECHECK_SECONDS": "4"}
GLITCH_SECONDS = 3.0


@pytest.fixture
def flireo() -> Iterator[FlireoFake]:
    """A Flireo with 250 numbers (three pages), honest until a test makes it glitch."""
    with FlireoFake(make_numbers(ACCOUNT), shared=make_shared_numbers(3)) as fake:
        yield fake


def eventually(check: Callable[[], Any], what: str, within: float = 20.0) -> None:
    """Poll `check` until it is true, or fail saying `what` did not happen."""
    deadline = time.monotonic() + within
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def test_a_shrink_for_3_seconds_while_a_refresh_lands_is_never_believed(
    start_app: StartApp, flireo: FlireoFake
) -> None:
    app = started_with_good_data(start_app, RECHECK)
    numbers = flireo.numbers
    owned = numbers[200]["phone_number"]
    flireo.set_numbers(numbers[:50])  # Flireo restarting while its database loads
    threading.Timer(GLITCH_SECONDS, flireo.set_numbers, args=(numbers,)).start()
    text = ask(app, "stats refresh")
    assert f"{ACCOUNT} numbers on the account" in text
    assert "stale" in text
    assert "Flireo listed 50 of the 250 numbers" in text, "the reply says why"
    assert "Flireo listed 50 of the 250 numbers" in (health(app)["last_upstream_error"] or "")
    assert "not on this account" not in ask(app, f"find {owned}")
    eventually(lambda: health(app)["last_upstream_error"] is None, "the later read to find the account whole")
    text = ask(app, "stats")
    assert f"{ACCOUNT} numbers on the account" in text
    assert "stale" not in text
    assert "removed" not in ask(app, "changes since 1h"), "no false removals in history"


def test_a_real_shrink_is_believed_once_a_later_read_shows_it_too(start_app: StartApp, flireo: FlireoFake) -> None:
    app = started_with_good_data(start_app, RECHECK)
    flireo.set_numbers(flireo.numbers[:50])
    assert f"{ACCOUNT} numbers on the account" in ask(app, "stats refresh")
    eventually(lambda: health(app)["snapshot_numbers"] == 50, "the later read to confirm the shrink")
    text = ask(app, "stats")
    assert "50 numbers on the account" in text
    assert "stale" not in text
