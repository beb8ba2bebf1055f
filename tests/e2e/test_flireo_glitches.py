"""Flireo glitches never become wrong answers (#19): a short shrink, ids and numbers that disagree; through the real
app against the loopback fake."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.helpers import all_text
from tests.e2e.test_flireo_lies import (
    ACCOUNT,
    INVENTORY,
    StartApp,
    ask,
    ask_from_the_shell,
    health,
    started_with_good_data,
)
from tests.fakes.flireo import FlireoFake, make_numbers, make_shared_numbers
from tests.fakes.flireo_lies import headers_trickled
from tests.fakes.slack import SlackFake

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
    assert f"{ACCOUNT:,} numbers on the account" in text
    assert "stale" in text
    assert "Flireo listed 50 of the 250 numbers" in text, "the reply says why"
    assert "Flireo listed 50 of the 250 numbers" in (health(app)["last_upstream_error"] or "")
    assert "not on this account" not in ask(app, f"find {owned}")
    eventually(lambda: health(app)["last_upstream_error"] is None, "the later read to find the account whole")
    text = ask(app, "stats")
    assert f"{ACCOUNT:,} numbers on the account" in text
    assert "stale" not in text
    assert "removed" not in ask(app, "changes since 1h"), "no false removals in history"


def test_a_real_shrink_is_believed_once_a_later_read_shows_it_too(start_app: StartApp, flireo: FlireoFake) -> None:
    app = started_with_good_data(start_app, RECHECK)
    flireo.set_numbers(flireo.numbers[:50])
    assert f"{ACCOUNT:,} numbers on the account" in ask(app, "stats refresh")
    eventually(lambda: health(app)["snapshot_numbers"] == 50, "the later read to confirm the shrink")
    text = ask(app, "stats")
    assert "50 numbers on the account" in text
    assert "stale" not in text


# headers trickled: one deadline for the whole request, and each endpoint family on its own connections -------------

# The fetch's 12 s deadline (bot/flireo/client.py) plus the waiter's 3 s margin, and a second of slack.
ANSWER_WITHIN_SECONDS = 16.0
# `ask` is a process of its own: its start-up (imports, settings) comes on top, seconds on a loaded 2-core machine.
ASK_WITHIN_SECONDS = ANSWER_WITHIN_SECONDS + 4
OFFERS = "/v1/phone-numbers/available"


def test_headers_trickled_on_a_cold_cache_are_cut_at_the_deadline_and_flireo_healthy_again_answers_at_once(
    start_app: StartApp, flireo: FlireoFake, slack: SlackFake, tmp_path: Path
) -> None:
    flireo.tamper(lambda offset, body: headers_trickled())
    app = start_app()
    with ThreadPoolExecutor(1) as pool:
        asked = pool.submit(ask_from_the_shell, slack, flireo, tmp_path)
        started = time.monotonic()
        assert "did not answer in time" in ask(app, "stats", timeout=ANSWER_WITHIN_SECONDS)
        assert time.monotonic() - started < ANSWER_WITHIN_SECONDS
        exit_code, seconds, _ = asked.result(timeout=30)
    assert exit_code == 1, "`ask` says it failed"
    assert seconds < ASK_WITHIN_SECONDS, "`ask` exits within its deadline, not when the trickle ends"
    eventually(lambda: "did not answer in time" in (health(app)["last_upstream_error"] or ""), "/healthz to say so")
    flireo.tamper(None)
    started = time.monotonic()
    assert f"{ACCOUNT:,} numbers on the account" in ask(app, "stats", timeout=5)
    assert time.monotonic() - started < 5, "new connections answer at once; the trickled ones were not kept"


def test_headers_trickled_on_a_warm_cache_answer_with_the_last_good_data_marked_stale(
    start_app: StartApp, flireo: FlireoFake
) -> None:
    app = started_with_good_data(start_app)
    flireo.tamper(lambda offset, body: headers_trickled())
    started = time.monotonic()
    text = ask(app, "stats refresh", timeout=ANSWER_WITHIN_SECONDS)
    assert time.monotonic() - started < ANSWER_WITHIN_SECONDS
    assert f"{ACCOUNT:,} numbers on the account" in text
    assert "stale" in text
    eventually(lambda: "did not answer in time" in (health(app)["last_upstream_error"] or ""), "/healthz to say so")


def test_offers_trickling_their_headers_never_starve_the_listing(start_app: StartApp, flireo: FlireoFake) -> None:
    app = started_with_good_data(start_app)
    flireo.answer_path(OFFERS, headers_trickled)
    offers = [app.command(f"buyable mobile 06{i:02d}", user_id=f"U0OFFERS{i:02d}")[1] for i in range(70)]
    flireo.wait_for_requests(1, path_prefix=OFFERS)
    started = time.monotonic()
    assert f"{ACCOUNT:,} numbers on the account" in ask(app, "stats")
    assert time.monotonic() - started < 2, "another user's warm stats does not wait for the offers"
    before = flireo.request_count(INVENTORY, exact=True)
    text = ask(app, "stats refresh")
    assert "stale" not in text
    assert flireo.request_count(INVENTORY, exact=True) > before, "the refresh reached Flireo's listing"
    for url in offers:
        assert "Traceback" not in all_text(app.slack.wait_for_response(url, timeout=30).body)


# records whose ids and numbers disagree ---------------------------------------------------------------------------


def test_one_id_with_two_numbers_keeps_both_and_says_so_on_the_number_and_healthz(
    start_app: StartApp, flireo: FlireoFake
) -> None:
    app = started_with_good_data(start_app)
    numbers = flireo.numbers
    second = {**make_numbers(1, seed=4321)[0], "id": numbers[10]["id"]}  # the same id again, on page three
    flireo.set_numbers([*numbers, second])
    flireo.tamper(lambda offset, body: {**body, "meta": {**body["meta"], "total": ACCOUNT}})  # the total counts ids
    text = ask(app, "stats refresh")
    assert f"{ACCOUNT + 1:,} numbers on the account" in text, "both numbers Flireo lists"
    assert "Flireo's records disagree on 2" in text
    for phone in (second["phone_number"], numbers[10]["phone_number"]):
        card = ask(app, f"find {phone}")
        assert "not on this account" not in card, "a number Flireo lists is never 'not on this account'"
        assert "Flireo lists id" in card
    assert any("with 2 numbers" in conflict for conflict in health(app)["flireo_conflicts"])


def test_one_number_under_two_ids_is_counted_once_and_shown_with_the_conflict(
    start_app: StartApp, flireo: FlireoFake
) -> None:
    app = started_with_good_data(start_app)
    numbers = flireo.numbers
    linked = next(n for n in numbers if n["linked_assistant"])
    twin = {**linked, "id": "0f0f0f0f-1111-4222-8333-444444444444", "linked_assistant": None, "available": True}
    flireo.set_numbers([*numbers, twin])  # linked in one record, available in the other
    text = ask(app, "stats refresh")
    assert f"{ACCOUNT:,} numbers on the account" in text, "one number, not two"
    assert "Flireo's records disagree on 1" in text
    card = ask(app, f"find {linked['phone_number']}")
    assert "under 2 ids" in card
    assert "linked to" in card
    assert "available" in card
    assert any("under 2 ids" in conflict for conflict in health(app)["flireo_conflicts"])
