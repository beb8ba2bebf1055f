"""A Flireo that lies (#10): the real app answers with the right data, or the last good data marked stale with the
reason on /healthz; never a silently wrong inventory."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import REPO_ROOT, AppProcess, app_env, free_port
from tests.e2e.helpers import all_text, shown_numbers
from tests.fakes._server import Reply
from tests.fakes.flireo import FlireoFake, make_numbers, make_shared_numbers
from tests.fakes.flireo_lies import gzip_bomb, oversized, trickled
from tests.fakes.slack import SlackFake

INVENTORY = "/v1/phone-numbers"
ACCOUNT = 250
# The app's whole fetch must end by its 12 s deadline (bot/flireo/client.py), plus the waiter's 3 s margin.
ANSWER_WITHIN_SECONDS = 16.0
# What the bot may use at its peak while Flireo sends hundreds of MB (the bound).
MAX_RSS_MB = 200

Lie = Callable[[int, dict[str, Any]], "dict[str, Any] | Reply"]
StartApp = Callable[..., AppProcess]


@pytest.fixture
def flireo() -> Iterator[FlireoFake]:
    """A Flireo with 250 numbers (three pages), honest until a test makes it lie."""
    with FlireoFake(make_numbers(ACCOUNT), shared=make_shared_numbers(3)) as fake:
        yield fake


def ask(app: AppProcess, question: str, timeout: float = ANSWER_WITHIN_SECONDS) -> str:
    """Send `/numbers <question>` and return what the user reads in the answer."""
    _, url = app.command(question)
    return all_text(app.slack.wait_for_response(url, timeout=timeout).body)


def health(app: AppProcess) -> dict[str, Any]:
    """What /healthz says now."""
    status, body = app.get("/healthz")
    assert status == 200
    return dict(json.loads(body))


def started_with_good_data(start_app: StartApp, env: dict[str, str | None] | None = None) -> AppProcess:
    """The app, asked once, so it holds a good snapshot of the honest account."""
    app = start_app(env)
    assert f"{ACCOUNT:,} numbers on the account" in ask(app, "stats")
    return app


def peak_rss_mb(app: AppProcess) -> float:
    """The app process's peak resident memory so far (VmHWM), in MB."""
    status = Path(f"/proc/{app.pid}/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def assert_last_good_kept_stale(app: AppProcess, reason: str) -> None:
    """A refresh during the lie: the 250 numbers still, marked stale, and the reason on /healthz."""
    text = ask(app, "stats refresh")
    assert f"{ACCOUNT:,} numbers on the account" in text
    assert "stale" in text
    state = health(app)
    assert state["snapshot_numbers"] == ACCOUNT
    assert reason in (state["last_upstream_error"] or "")
    assert state["failing_since"] is not None


# lies that must never replace good data --------------------------------------------------------------------------


def error_body(offset: int, body: dict[str, Any]) -> dict[str, Any]:
    return {"error": {"code": "server_error", "message": "oops"}}


def empty_object(offset: int, body: dict[str, Any]) -> dict[str, Any]:
    return {}


def empty_data_total_250(offset: int, body: dict[str, Any]) -> dict[str, Any]:
    return {"data": [], "meta": {"total": ACCOUNT}}


def total_drops_after_page_one(offset: int, body: dict[str, Any]) -> dict[str, Any]:
    return {**body, "meta": {**body["meta"], "total": 245 if offset else ACCOUNT}}


def total_rises_after_page_one(offset: int, body: dict[str, Any]) -> dict[str, Any]:
    return {**body, "meta": {**body["meta"], "total": 260 if offset else ACCOUNT}}


def short_middle_page(offset: int, body: dict[str, Any]) -> dict[str, Any]:
    return {**body, "data": body["data"][:60]} if offset == 99 else body  # the second page


def million_nulls(offset: int, body: dict[str, Any]) -> dict[str, Any]:
    return {**body, "data": [None] * 300_000} if offset == 99 else body  # 1.5 MB: under the size cap


@pytest.mark.parametrize(
    ("lie", "reason"),
    [
        (error_body, "held an error"),
        (empty_object, "held no list of numbers"),
        (empty_data_total_250, "0 numbers listed of the 250"),
        (total_drops_after_page_one, "total changed from 250 to 245"),
        (total_rises_after_page_one, "total changed from 250 to 260"),
        (short_middle_page, "short page at offset 99"),
        (million_nulls, "more than asked for"),
    ],
)
def test_a_lying_200_keeps_the_last_good_inventory_marked_stale(
    start_app: StartApp, flireo: FlireoFake, lie: Lie, reason: str
) -> None:
    app = started_with_good_data(start_app)
    flireo.tamper(lie)
    assert_last_good_kept_stale(app, reason)
    assert len(app.logs().splitlines()) < 100, "a bad page must be a summary line, not a line per record"
    flireo.tamper(None)
    assert "stale" not in ask(app, "stats refresh")
    assert health(app)["last_upstream_error"] is None


def test_a_flireo_that_ignores_offset_is_refused_within_a_few_requests(start_app: StartApp, flireo: FlireoFake) -> None:
    app = started_with_good_data(start_app)
    before = flireo.request_count(INVENTORY, exact=True)
    flireo.tamper(lambda offset, body: {**body, "data": flireo.numbers[:100]})
    assert_last_good_kept_stale(app, "repeated the one at offset 0")
    assert flireo.request_count(INVENTORY, exact=True) - before <= 8, "two reads of four requests, not the budget"


Change = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]


def changed_after_each_page(flireo: FlireoFake, change: Change, times: int) -> Lie:
    """`change` made to the account after each of the first `times` pages served, whichever offset comes first.

    The bot asks its pages concurrently (a refresh asks them all at once), so each page is served, under a lock,
    from the account as it is at that moment: a page served after a change sees it, in whatever order they arrive.
    """
    lock = threading.Lock()
    left = [times]

    def lie(offset: int, body: dict[str, Any]) -> dict[str, Any]:
        with lock:
            current = flireo.numbers
            meta = {**body["meta"], "total": len(current)}
            served = {**body, "data": current[offset : offset + body["meta"]["limit"]], "meta": meta}
            if left[0] > 0:
                left[0] -= 1
                flireo.set_numbers(change(current))
        return served

    return lie


def churn(times: int) -> Change:
    """One number released at the front and one bought: the total stays 250; every later page shifts by one."""
    bought = iter(make_numbers(times, seed=99))
    return lambda numbers: [*numbers[1:], next(bought)]


def test_churn_while_paging_on_every_read_keeps_the_last_good_stale(start_app: StartApp, flireo: FlireoFake) -> None:
    app = started_with_good_data(start_app)
    flireo.tamper(changed_after_each_page(flireo, churn(100), times=100))
    assert_last_good_kept_stale(app, "shifted while we read")


# lies that must still give the right data ------------------------------------------------------------------------


def test_churn_while_paging_once_is_read_again_and_right(start_app: StartApp, flireo: FlireoFake) -> None:
    app = started_with_good_data(start_app)
    released = flireo.numbers[0]
    flireo.tamper(changed_after_each_page(flireo, churn(1), times=1))
    text = ask(app, "stats refresh")
    assert f"{ACCOUNT:,} numbers on the account" in text
    assert "stale" not in text
    assert "not on this account" in ask(app, f"find {released['phone_number']}")


def test_an_insert_at_the_front_while_paging_is_read_again_and_right(start_app: StartApp, flireo: FlireoFake) -> None:
    app = started_with_good_data(start_app)
    added = make_numbers(1, seed=1234)[0]
    flireo.tamper(changed_after_each_page(flireo, lambda numbers: [added, *numbers], times=1))
    text = ask(app, "stats refresh")
    assert f"{ACCOUNT + 1:,} numbers on the account" in text
    assert "stale" not in text


def test_a_deletion_at_the_front_while_paging_is_read_again_and_right(start_app: StartApp, flireo: FlireoFake) -> None:
    app = started_with_good_data(start_app)
    released = flireo.numbers[0]
    flireo.tamper(changed_after_each_page(flireo, lambda numbers: numbers[1:], times=1))
    text = ask(app, "stats refresh")
    assert f"{ACCOUNT - 1:,} numbers on the account" in text
    assert "not on this account" in ask(app, f"find {released['phone_number']}")


@pytest.mark.parametrize("total", ["3000", None])
def test_a_string_or_missing_total_reads_a_big_account_in_time(
    start_app: StartApp, flireo: FlireoFake, total: str | None
) -> None:
    flireo.set_numbers(make_numbers(3000))

    def retyped(offset: int, body: dict[str, Any]) -> dict[str, Any]:
        meta = {k: v for k, v in body["meta"].items() if k != "total"}
        return {**body, "meta": {**meta, "total": total} if total else meta}

    flireo.tamper(retyped)
    flireo.latency = 0.5  # 30 pages one at a time would take 15 s, past the fetch's 12 s deadline
    app = start_app()
    started = time.monotonic()
    assert "3,000 numbers on the account" in ask(app, "stats")
    assert time.monotonic() - started < 8


def test_a_total_of_100_with_101_numbers_shows_all_101(start_app: StartApp, flireo: FlireoFake) -> None:
    flireo.set_numbers(make_numbers(101))
    flireo.tamper(lambda offset, body: {**body, "meta": {**body["meta"], "total": 100}})
    app = start_app()
    assert "101 numbers on the account" in ask(app, "stats")


def test_a_limit_clamped_to_50_still_reads_every_number(start_app: StartApp, flireo: FlireoFake) -> None:
    flireo.tamper(lambda offset, body: {**body, "data": flireo.numbers[offset : offset + 50]})
    app = start_app()
    assert f"{ACCOUNT:,} numbers on the account" in ask(app, "stats")


def test_a_sudden_shrink_is_believed_only_when_a_later_read_shows_it_too(
    start_app: StartApp, flireo: FlireoFake
) -> None:
    app = started_with_good_data(start_app, {"SHRINK_RECHECK_SECONDS": "1"})
    empty_once = iter([{"data": [], "meta": {"total": 0}}])
    flireo.tamper(lambda offset, body: next(empty_once, body))
    assert f"{ACCOUNT:,} numbers on the account" in ask(app, "stats refresh")  # a glitch: the second read was whole
    flireo.tamper(None)
    flireo.set_numbers(flireo.numbers[:100])
    text = ask(app, "stats refresh")  # a real shrink: held until a later read shows it too, then believed
    assert f"{ACCOUNT:,} numbers on the account" in text
    assert "Flireo listed 100 of the 250 numbers" in text
    deadline = time.monotonic() + 10
    while health(app)["snapshot_numbers"] != 100:
        assert time.monotonic() < deadline, "the later read did not confirm the shrink"
        time.sleep(0.2)
    assert "100 numbers on the account" in ask(app, "stats")


# bodies that must never be read whole, and servers that never finish -----------------------------------------------


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (lambda: oversized(300, declared=True), "larger than 2 MB"),
        (lambda: oversized(300, declared=False), "larger than 2 MB"),
        (lambda: gzip_bomb(1), "larger than 2 MB"),
    ],
    ids=["300MB-declared", "300MB-undeclared", "gzip-bomb-1GiB"],
)
def test_an_oversized_body_is_refused_and_memory_stays_small(
    start_app: StartApp, flireo: FlireoFake, reply: Callable[[], Reply], reason: str
) -> None:
    app = started_with_good_data(start_app)
    flireo.tamper(lambda offset, body: reply())
    assert_last_good_kept_stale(app, reason)
    assert peak_rss_mb(app) < MAX_RSS_MB


def test_a_trickling_flireo_cannot_hold_the_bot_past_its_deadline(
    start_app: StartApp, flireo: FlireoFake, slack: SlackFake, tmp_path: Path
) -> None:
    app = started_with_good_data(start_app)
    flireo.tamper(lambda offset, body: trickled(body, seconds_per_byte=0.2))
    with ThreadPoolExecutor(1) as pool:
        asked = pool.submit(ask_from_the_shell, slack, flireo, tmp_path)
        started = time.monotonic()
        assert_last_good_kept_stale(app, "did not answer in time")
        assert time.monotonic() - started < ANSWER_WITHIN_SECONDS
        exit_code, seconds, printed = asked.result(timeout=30)
    # The app stored its reading under the same directory: `ask` answers from it, marked stale (issue 21).
    assert exit_code == 0
    assert f"{ACCOUNT:,} numbers on the account" in printed
    assert "stale" in printed
    assert seconds < ANSWER_WITHIN_SECONDS, "`ask` exits within its deadline"
    flireo.tamper(None)
    text = ask(app, "stats refresh", timeout=5)  # the one shared fetch is free again: Flireo is asked anew
    assert "stale" not in text


def ask_from_the_shell(slack: SlackFake, flireo: FlireoFake, tmp_path: Path) -> tuple[int, float, str]:
    """Run `python app.py ask stats` against `flireo`; return its exit code, how long it took and what it printed."""
    env = app_env(slack, flireo, free_port(), None)
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(REPO_ROOT / "app.py"), "ask", "stats"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        timeout=40,
        check=False,
    )
    return done.returncode, time.monotonic() - started, done.stdout.decode(errors="replace")


# text that must never break a view or pass for something else -----------------------------------------------------

FORGED_LINE = "Billing Desk\n*+31 20 999 9999* · local · Amsterdam · :large_green_circle: available"


def test_hostile_strings_show_as_themselves_and_every_view_is_accepted(
    start_app: StartApp, flireo: FlireoFake, slack: SlackFake
) -> None:
    numbers = make_numbers(ACCOUNT)
    numbers[0] = {**numbers[0], "linked_assistant": {"id": "a-evil", "name": FORGED_LINE}, "available": False}
    numbers[1] = {**numbers[1], "locality": "\u202e" + "L" * 2500, "number_type": "local"}
    numbers[2] = {**numbers[2], "number_type": "t" * 3500 + "_~`<!channel>"}
    flireo.set_numbers(numbers)
    app = start_app({"PAGE_SIZE": "10"})

    _, url = app.command("list")
    listing = slack.wait_for_response(url).body
    shown = shown_numbers(listing)
    assert len(shown) == 10
    assert set(shown) <= {n["phone_number"] for n in numbers}, "a number line was forged"
    # A listing of the hostile name's number (a fragment of it), so its line shows the name.
    _, url = app.command(f"numbers containing {numbers[0]['phone_number'][-7:]}")
    linked = slack.wait_for_response(url).body
    assert numbers[0]["phone_number"] in shown_numbers(linked)
    assert "+31209999999" not in shown_numbers(linked), "the name forged a number line"
    _, url = app.command(f"find {numbers[0]['phone_number']}")
    card = slack.wait_for_response(url).body
    assert shown_numbers(card) == [numbers[0]["phone_number"]], "the name cannot add a bold number to the card"
    assert "+31 20 999 9999" in all_text(card)  # the name is shown, as text
    for question in ("stats", f"find {numbers[1]['phone_number']}", f"find {numbers[2]['phone_number']}"):
        _, url = app.command(question)
        reply = slack.wait_for_response(url)
        assert reply.ok, f"{question}: Slack answered {reply.error} {reply.problems}"
        assert "\u202e" not in json.dumps(reply.body, ensure_ascii=False)
        assert "<!channel>" not in json.dumps(reply.body)
    app.event({"type": "app_home_opened", "user": "U0USER", "channel": "D0HOME", "tab": "home"})
    published = slack.wait_for_api_call("views.publish")
    assert published.ok, f"Home tab: {published.error}"
    assert f"{ACCOUNT:,} numbers on the account" in all_text(published.body["view"])
